import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { staffForm, staffRoute } from "~/auth/staff-route.server";
import { ErrorSummary, SelectField, TextField, useZodForm } from "~/components/forms";
import { coverageReport } from "~/domain/staff/coverage.server";
import { createUnit, listUnits, UnitRuleError } from "~/domain/staff/units.server";
import type { StaffShellHandle } from "~/components/staff-shell";
import { unitKinds } from "~/domain/vocabulary";

const countryCodes = ["dk", "se", "no"] as const;

const optionalId = z.preprocess((value) => (value === "" ? undefined : value), z.uuid("errors.invalidChoice").optional());

const createSchema = z.object({
  country: z.enum(countryCodes, "errors.invalidChoice"),
  kind: z.enum(unitKinds, "errors.invalidChoice"),
  name: z.string({ error: "errors.required" }).trim().min(2, "errors.tooShort").max(160, "errors.tooLong"),
  parentId: optionalId,
  areaUnitId: optionalId,
});

export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, db } = await staffRoute(args, { roles: ["administrator"] });
  const country = z.enum(countryCodes).catch("dk").parse(new URL(args.request.url).searchParams.get("country"));
  const [all, coverage] = await Promise.all([listUnits(db, country), coverageReport(db, { country })]);
  const statusOf = new Map(coverage.map((row) => [row.unitId, row.status]));
  const units = all.map((unit) => ({ id: unit.id, kind: unit.kind, name: unit.name, parentId: unit.parentId, areaUnitId: unit.areaUnitId, status: statusOf.get(unit.id) ?? "no-primary" }));
  return data({ locale, title: t("units.title"), country, units }, { headers: { "Cache-Control": "no-store" } });
}

export async function action(args: ActionFunctionArgs) {
  const { locale, user, db, ip, submission } = await staffForm(args, createSchema, { roles: ["administrator"] });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const unit = await createUnit(
      db,
      { ...submission.value, parentId: submission.value.parentId ?? null, areaUnitId: submission.value.areaUnitId ?? null },
      { userId: user.id, ip },
    );
    return redirect(`/${locale}/staff/admin/units/${unit.id}`);
  } catch (error) {
    if (error instanceof UnitRuleError) return data({ result: submission.reply({ fieldErrors: { [error.field]: [error.messageKey] } }) }, { status: 400 });
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function Units() {
  const { locale, country, units } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(createSchema, actionData?.result, "create-unit");
  const byParent = (parentId: string | null, kind: string) => units.filter((unit) => unit.kind === kind && unit.parentId === parentId);
  const parents = units.filter((unit) => unit.kind === "party" || unit.kind === "region");
  const regions = units.filter((unit) => unit.kind === "region");
  const renderUnit = (unit: (typeof units)[number]) => (
    <a href={`/${locale}/staff/admin/units/${unit.id}`}>
      {unit.name}
    </a>
  );
  return (
    <>
      <h1>{t("units.title")}</h1>
      <nav aria-label={t("units.countries")} className="tabs">
        <ul>
          {(["dk", "se", "no"] as const).map((code) => (
            <li key={code}>
              <a href={`?country=${code}`} aria-current={code === country ? "page" : undefined}>
                {t(`countries.${code}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="two-columns">
        <section aria-labelledby="parties-title">
          <h2 id="parties-title">{t("units.parties")}</h2>
          <ul className="unit-tree">
            {byParent(null, "party").map((party) => (
              <li key={party.id}>
                {renderUnit(party)} <span className={`status status--${party.status}`}>{t(`coverage.status.${party.status}`)}</span>
                <ul>
                  {byParent(party.id, "party-district").map((district) => (
                    <li key={district.id}>
                      {renderUnit(district)} <span className={`status status--${district.status}`}>{t(`coverage.status.${district.status}`)}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="regions-title">
          <h2 id="regions-title">{t("units.regions")}</h2>
          <ul className="unit-tree">
            {regions.map((region) => (
              <li key={region.id}>
                {renderUnit(region)} <span className={`status status--${region.status}`}>{t(`coverage.status.${region.status}`)}</span>
                {byParent(region.id, "municipality").length > 0 ? (
                  <details>
                    <summary>{t("units.municipalities", { count: byParent(region.id, "municipality").length })}</summary>
                    <ul>
                      {byParent(region.id, "municipality").map((municipality) => (
                        <li key={municipality.id}>{renderUnit(municipality)}</li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section aria-labelledby="create-title">
        <h2 id="create-title">{t("units.createTitle")}</h2>
        <ErrorSummary form={form} labels={{ country: t("fields.country"), kind: t("fields.kind"), name: t("fields.name"), parentId: t("fields.parent"), areaUnitId: t("fields.area") }} />
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
          <SelectField field={fields.country} label={t("fields.country")} options={(["dk", "se", "no"] as const).map((code) => ({ value: code, label: t(`countries.${code}`) }))} />
          <SelectField field={fields.kind} label={t("fields.kind")} options={unitKinds.map((kind) => ({ value: kind, label: t(`units.kinds.${kind}`) }))} />
          <TextField field={fields.name} label={t("fields.name")} />
          <SelectField field={fields.parentId} label={t("fields.parent")} hint={t("units.parentHint")} options={[{ value: "", label: t("units.none") }, ...parents.map((unit) => ({ value: unit.id, label: unit.name }))]} />
          <SelectField field={fields.areaUnitId} label={t("fields.area")} hint={t("units.areaHint")} options={[{ value: "", label: t("units.none") }, ...regions.map((unit) => ({ value: unit.id, label: unit.name }))]} />
          <button type="submit">{t("units.createSubmit")}</button>
        </Form>
      </section>
    </>
  );
}
