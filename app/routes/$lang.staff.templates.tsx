import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { staffAction, staffRoute } from "~/auth/staff-route.server";
import { ErrorSummary, SelectField, TextAreaField, TextField, useZodForm } from "~/components/forms";
import { servedUnitIds, unitNames } from "~/domain/reports/access.server";
import { createTemplate, deleteTemplate, findManageableTemplate, listManageableTemplates, mayManage, templateText, updateTemplate } from "~/domain/reports/reply-templates.server";
import { locales, type Locale } from "~/i18n/locales";
import type { StaffShellHandle } from "~/components/staff-shell";

const suffix = { da: "Da", sv: "Sv", nb: "Nb" } as const;
const NATIONAL = "national";
const required = (max: number) => z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");

const templateSchema = z.object({
  intent: z.enum(["create", "update"]),
  id: z.uuid("errors.invalid").optional(),
  unit: z.union([z.literal(NATIONAL), z.uuid("errors.invalidChoice")], { error: "errors.invalidChoice" }),
  nameDa: required(120),
  bodyDa: required(4000),
  nameSv: required(120),
  bodySv: required(4000),
  nameNb: required(120),
  bodyNb: required(4000),
});
const deleteSchema = z.object({ intent: z.literal("delete"), id: z.uuid() });
const doneCodes = ["created", "updated", "deleted"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  const { locale, t, user, db } = await staffRoute(args, { roles: ["officer", "administrator"] });
  const unitIds = await servedUnitIds(db, user.id);
  const url = new URL(request.url);
  const [rows, served] = await Promise.all([listManageableTemplates(db, user, unitIds), unitNames(db, unitIds)]);
  const editing = url.searchParams.get("edit") ? await findManageableTemplate(db, user, unitIds, url.searchParams.get("edit")!) : undefined;
  const done = doneCodes.find((code) => code === url.searchParams.get("done")) ?? null;
  const unitChoices = [
    ...(mayManage(user, unitIds, null) ? [{ value: NATIONAL, label: t("templates.national") }] : []),
    ...served.filter((unit) => mayManage(user, unitIds, unit.id)).map((unit) => ({ value: unit.id, label: unit.name })),
  ];
  return data(
    {
      locale,
      title: t("templates.title"),
      templates: rows.map(({ template, unitName }) => ({ id: template.id, unitName, national: template.unitId === null, name: templateText(template.name, locale), body: templateText(template.body, locale) })),
      editing: editing ? { id: editing.id, unit: editing.unitId ?? NATIONAL, unitName: editing.unitId ? (served.find((unit) => unit.id === editing.unitId)?.name ?? "") : t("templates.national"), name: editing.name, body: editing.body } : null,
      unitChoices,
      done,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const { locale, user, db, ip, formData, parse } = await staffAction(args, { roles: ["officer", "administrator"] });
  const actor = { user, servedUnitIds: await servedUnitIds(db, user.id), ip, now: new Date() };
  const list = `/${locale}/staff/templates`;
  if (formData.get("intent") === "delete") {
    const parsed = await parse(deleteSchema, { coerce: false });
    if (parsed.status !== "success") throw new Response("Bad request", { status: 400 });
    const result = await deleteTemplate(db, parsed.value.id, actor);
    if (!result.ok) throw new Response("Not found", { status: 404 });
    return redirect(`${list}?done=deleted`);
  }
  const submission = await parse(templateSchema);
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const texts = (kind: "name" | "body") => Object.fromEntries(locales.map((code) => [code, value[`${kind}${suffix[code]}`]])) as Record<Locale, string>;
  if (value.intent === "update") {
    const result = value.id ? await updateTemplate(db, value.id, { name: texts("name"), body: texts("body") }, actor) : { ok: false };
    if (!result.ok) throw new Response("Not found", { status: 404 });
    return redirect(`${list}?done=updated`);
  }
  const unitId = value.unit === NATIONAL ? null : value.unit;
  const result = await createTemplate(db, { unitId, name: texts("name"), body: texts("body") }, actor);
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: { unit: ["errors.invalidChoice"] } }) }, { status: 400 });
  return redirect(`${list}?done=created`);
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function Templates() {
  const { locale, templates, editing, unitChoices, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const initial: Record<string, string> = { intent: editing ? "update" : "create", unit: editing?.unit ?? unitChoices[0]?.value ?? "" };
  if (editing) initial.id = editing.id;
  for (const code of locales) {
    initial[`name${suffix[code]}`] = editing?.name[code] ?? "";
    initial[`body${suffix[code]}`] = editing?.body[code] ?? "";
  }
  const [form, fields] = useZodForm(templateSchema, actionData?.result, editing ? `template-${editing.id}` : "template-new", initial);
  const f = fields as unknown as Record<string, Parameters<typeof TextField>[0]["field"]>;
  const order: Locale[] = [locale, ...locales.filter((code) => code !== locale)];
  const labels: Record<string, string> = { unit: t("templates.unit") };
  for (const code of order) {
    labels[`name${suffix[code]}`] = `${t("templates.name")} (${t(`languages.${code}`)})`;
    labels[`body${suffix[code]}`] = `${t("templates.body")} (${t(`languages.${code}`)})`;
  }
  return (
    <>
      <h1>{t("templates.title")}</h1>
      <p className="lead">{t("templates.lead")}</p>
      <div role="status">{done ? <p className="notice notice--done" data-template-done={done}>{t(`templates.done.${done}`)}</p> : null}</div>

      <h2>{t("templates.listTitle")}</h2>
      {templates.length === 0 ? <p>{t("templates.empty")}</p> : null}
      <ul className="card-list" data-templates="">
        {templates.map((template) => (
          <li key={template.id} className="card" data-template={template.id}>
            <h3>{template.name}</h3>
            <p className="article-meta">{template.national ? t("templates.national") : template.unitName}</p>
            <p className="preserve-lines">{template.body}</p>
            <div className="button-row">
              <a href={`/${locale}/staff/templates?edit=${template.id}`}>{t("templates.edit", { name: template.name })}</a>
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="id" value={template.id} />
                <button type="submit" className="button--secondary" aria-label={t("templates.deleteNamed", { name: template.name })}>
                  {t("templates.delete")}
                </button>
              </Form>
            </div>
          </li>
        ))}
      </ul>

      <h2 id="template-form-title">{editing ? t("templates.editTitle") : t("templates.newTitle")}</h2>
      {unitChoices.length === 0 && !editing ? (
        <p>{t("templates.noUnits")}</p>
      ) : (
        <>
          <ErrorSummary form={form} labels={labels} />
          <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate aria-labelledby="template-form-title" key={form.id}>
            <input type="hidden" name="intent" value={editing ? "update" : "create"} />
            {editing ? (
              <>
                <input type="hidden" name="id" value={editing.id} />
                <input type="hidden" name="unit" value={editing.unit} />
                <p>
                  {t("templates.unit")}: {editing.unitName}
                </p>
              </>
            ) : (
              <SelectField field={f.unit!} label={t("templates.unit")} options={unitChoices} />
            )}
            {order.map((code) => (
              <fieldset key={code} className="field" lang={code}>
                <legend>{t(`languages.${code}`)}</legend>
                <TextField field={f[`name${suffix[code]}`]!} label={t("templates.name")} />
                <TextAreaField field={f[`body${suffix[code]}`]!} label={t("templates.body")} hint={t("templates.bodyHint")} rows={4} />
              </fieldset>
            ))}
            <div className="button-row">
              <button type="submit">{editing ? t("templates.save") : t("templates.create")}</button>
              {editing ? <a href={`/${locale}/staff/templates`}>{t("templates.cancel")}</a> : null}
            </div>
          </Form>
        </>
      )}
    </>
  );
}
