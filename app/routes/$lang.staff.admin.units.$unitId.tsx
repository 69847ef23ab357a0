import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { publicOrigin } from "~/auth/guards.server";
import { staffAction, staffRoute } from "~/auth/staff-route.server";
import { ErrorSummary, SelectField, TextField, useZodForm } from "~/components/forms";
import { getConfig } from "~/config.server";
import { assignOfficer, findUnit, grantUnitAccess, officerCandidates, officersOfUnit, recordPhoneVerification, regionsOfCountry, removeOfficer, UnitRuleError, updateUnit } from "~/domain/staff/units.server";
import { officerRoles } from "~/domain/vocabulary";
import { unitKeyOverview } from "~/domain/staff/key-access.server";
import { WaitingForAccess } from "~/components/KeyAccess";
import { getSealingKeys } from "~/encryption-keys.server";
import { formatDateTime } from "~/i18n/dates";
import type { StaffShellHandle } from "~/components/staff-shell";

const assignSchema = z.object({
  intent: z.literal("assign"),
  userId: z.uuid("errors.invalidChoice"),
  role: z.enum(officerRoles, "errors.invalidChoice"),
  // A phone that takes SMS: digits, spaces, an optional leading +.
  phone: z.string({ error: "errors.required" }).trim().regex(/^\+?[0-9 ()-]{6,20}$/, "units.phoneFormat"),
  email: z.string({ error: "errors.required" }).trim().max(254, "errors.tooLong").pipe(z.email("errors.email")),
});

const renameSchema = z.object({
  intent: z.literal("rename"),
  name: z.string({ error: "errors.required" }).trim().min(2, "errors.tooShort").max(160, "errors.tooLong"),
  areaUnitId: z.preprocess((value) => (value === "" ? undefined : value), z.uuid("errors.invalidChoice").optional()),
});

const officerAction = z.object({ intent: z.enum(["verify-call", "verify-sms", "remove"]), officerId: z.uuid() });

const grantSchema = z.object({ intent: z.literal("grant-access"), userId: z.uuid() });

export async function loader(args: LoaderFunctionArgs) {
  const { locale, user, db } = await staffRoute(args, { roles: ["administrator"] });
  const unit = await findUnit(db, args.params.unitId);
  if (!unit) throw new Response("Not found", { status: 404 });
  const format = { format: (date: Date) => formatDateTime(locale, date) };
  const officers = (await officersOfUnit(db, unit.id)).map((officer) => ({
    ...officer,
    emailVerifiedAt: officer.emailVerifiedAt ? format.format(officer.emailVerifiedAt) : null,
    phoneCallVerifiedAt: officer.phoneCallVerifiedAt ? format.format(officer.phoneCallVerifiedAt) : null,
    phoneSmsVerifiedAt: officer.phoneSmsVerifiedAt ? format.format(officer.phoneSmsVerifiedAt) : null,
  }));
  const candidates = await officerCandidates(db);
  const regions = unit.kind === "party-district" ? await regionsOfCountry(db, unit.country) : [];
  const keys = await unitKeyOverview(db, unit.id, user.id, (date) => format.format(date));
  return data(
    { locale, title: unit.name, unit: { id: unit.id, name: unit.name, kind: unit.kind, country: unit.country, areaUnitId: unit.areaUnitId }, officers, candidates, regions, keys },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const { params, request } = args;
  const { user, privateKey, db, ip, formData, parse } = await staffAction(args, { roles: ["administrator"] });
  const actor = { userId: user.id, ip, publicKey: user.publicKey, privateKey };
  const unitId = z.uuid().safeParse(params.unitId).success ? params.unitId! : undefined;
  if (!unitId) throw new Response("Not found", { status: 404 });
  const intent = formData.get("intent");
  if (intent === "grant-access") {
    const grantee = await parse(grantSchema, { coerce: false });
    if (grantee.status !== "success") return data({ assign: null, rename: null, done: null, submission: grantee.reply() }, { status: 400 });
    const given = await grantUnitAccess(db, getSealingKeys(), { unitId, granteeId: grantee.value.userId }, actor, new Date());
    return data({ assign: null, rename: null, done: given ? "granted" : "notGranted" }, { status: given ? 200 : 409 });
  }
  if (intent === "assign") {
    const submission = await parse(assignSchema);
    if (submission.status !== "success") return data({ assign: submission.reply(), rename: null, done: null }, { status: 400 });
    try {
      await assignOfficer(db, getSealingKeys(), { ...submission.value, unitId, origin: publicOrigin(request, getConfig().PUBLIC_URL) }, actor, new Date());
    } catch (error) {
      if (error instanceof UnitRuleError) return data({ assign: submission.reply({ fieldErrors: { [error.field]: [error.messageKey] } }), rename: null, done: null }, { status: 400 });
      throw error;
    }
    return { assign: submission.reply({ resetForm: true }), rename: null, done: "assigned" };
  }
  if (intent === "rename") {
    const submission = await parse(renameSchema);
    if (submission.status !== "success") return data({ assign: null, rename: submission.reply(), done: null }, { status: 400 });
    try {
      const updated = await updateUnit(db, unitId, { name: submission.value.name, areaUnitId: submission.value.areaUnitId ?? null }, actor);
      if (!updated) throw new Response("Not found", { status: 404 });
    } catch (error) {
      if (error instanceof UnitRuleError) return data({ assign: null, rename: submission.reply({ fieldErrors: { [error.field]: [error.messageKey] } }), done: null }, { status: 400 });
      throw error;
    }
    return { assign: null, rename: submission.reply(), done: "saved" };
  }
  const parsed = await parse(officerAction, { coerce: false });
  if (parsed.status !== "success") return data({ assign: null, rename: null, done: null, submission: parsed.reply() }, { status: 400 });
  const { intent: officerIntent, officerId } = parsed.value;
  if (officerIntent === "remove") await removeOfficer(db, getSealingKeys(), officerId, actor, new Date());
  else await recordPhoneVerification(db, officerId, officerIntent === "verify-call" ? "call" : "sms", actor, new Date());
  return { assign: null, rename: null, done: "saved" };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function UnitDetail() {
  const { locale, unit, officers, candidates, regions, keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [assignForm, assignFields] = useZodForm(assignSchema, actionData?.assign, "assign-officer");
  const [renameForm, renameFields] = useZodForm(renameSchema, actionData?.rename, "rename-unit");
  return (
    <>
      <p className="breadcrumb">
        <a href={`/${locale}/staff/admin/units?country=${unit.country}`}>{t("units.title")}</a> · {t(`units.kinds.${unit.kind}`)}
      </p>
      <h1>{unit.name}</h1>
      {actionData?.done ? <p className="notice" role="status">{t(`units.done.${actionData.done}`)}</p> : null}
      <p data-key-holders={keys.holders.length}>{keys.holders.length ? t("keys.holders", { names: keys.holders.join(", ") }) : t("keys.noHolders")}</p>
      <WaitingForAccess unitId={unit.id} unitName={unit.name} waiting={keys.waiting} canGrant={keys.canGrant} />
      <section aria-labelledby="officers-title">
        <h2 id="officers-title">{t("units.officersTitle")}</h2>
        {officers.length === 0 ? <p>{t("units.noOfficers")}</p> : null}
        <ul className="officer-list">
          {officers.map((officer) => (
            <li key={officer.id} data-officer={officer.email}>
              <h3>
                {officer.name} — {t(`units.officerRoles.${officer.role}`)}
              </h3>
              <p>
                {officer.phone} · {officer.email}
              </p>
              <ul className="checks">
                <li>{officer.emailVerifiedAt ? t("units.emailVerifiedAt", { at: officer.emailVerifiedAt }) : t("units.emailNotVerified")}</li>
                <li>{officer.phoneCallVerifiedAt ? t("units.callVerifiedAt", { at: officer.phoneCallVerifiedAt }) : t("units.callNotVerified")}</li>
                <li>{officer.phoneSmsVerifiedAt ? t("units.smsVerifiedAt", { at: officer.phoneSmsVerifiedAt }) : t("units.smsNotVerified")}</li>
              </ul>
              <div className="button-row">
                {(["verify-call", "verify-sms", "remove"] as const).map((intent) => (
                  <Form method="post" key={intent}>
                    <input type="hidden" name="intent" value={intent} />
                    <input type="hidden" name="officerId" value={officer.id} />
                    <button type="submit" className="button--secondary">
                      {t(`units.actions.${intent}`)}
                    </button>
                  </Form>
                ))}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="assign-title">
        <h2 id="assign-title">{t("units.assignTitle")}</h2>
        <ErrorSummary form={assignForm} labels={{ userId: t("fields.officer"), role: t("fields.officerRole"), phone: t("fields.phone"), email: t("fields.email") }} />
        <Form method="post" id={assignForm.id} onSubmit={assignForm.onSubmit} noValidate>
          <input type="hidden" name="intent" value="assign" />
          <SelectField field={assignFields.userId} label={t("fields.officer")} options={[{ value: "", label: t("units.choose") }, ...candidates.map((candidate) => ({ value: candidate.id, label: `${candidate.name} (${candidate.email})` }))]} />
          <SelectField field={assignFields.role} label={t("fields.officerRole")} options={officerRoles.map((role) => ({ value: role, label: t(`units.officerRoles.${role}`) }))} />
          <TextField field={assignFields.phone} label={t("fields.phone")} hint={t("units.phoneHint")} type="tel" autoComplete="off" />
          <TextField field={assignFields.email} label={t("fields.email")} type="email" autoComplete="off" />
          <button type="submit">{t("units.assignSubmit")}</button>
        </Form>
      </section>
      <section aria-labelledby="rename-title">
        <h2 id="rename-title">{t("units.editTitle")}</h2>
        <ErrorSummary form={renameForm} labels={{ name: t("fields.name"), areaUnitId: t("fields.area") }} />
        <Form method="post" id={renameForm.id} onSubmit={renameForm.onSubmit} noValidate>
          <input type="hidden" name="intent" value="rename" />
          <div className="field">
            <label htmlFor="unit-name">{t("fields.name")}</label>
            <input id="unit-name" name="name" defaultValue={unit.name} aria-invalid={renameFields.name.errors ? true : undefined} aria-describedby={renameFields.name.errors ? renameFields.name.errorId : undefined} />
            {renameFields.name.errors ? <p id={renameFields.name.errorId} className="field-error">{renameFields.name.errors.map((error) => t(error)).join(" ")}</p> : null}
          </div>
          {unit.kind === "party-district" ? (
            <div className="field">
              <label htmlFor="unit-area">{t("fields.area")}</label>
              <select id="unit-area" name="areaUnitId" defaultValue={unit.areaUnitId ?? ""}>
                <option value="">{t("units.none")}</option>
                {regions.map((region) => (
                  <option key={region.id} value={region.id}>
                    {region.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit">{t("units.save")}</button>
        </Form>
      </section>
    </>
  );
}
