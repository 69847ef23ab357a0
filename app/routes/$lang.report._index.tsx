import { parseWithZod } from "@conform-to/zod/v4";
import { invalidInput } from "~/domain/form-errors";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { publicOrigin } from "~/auth/guards.server";
import { checkThrottle, recordFailure } from "~/auth/throttle.server";
import { CheckboxField, ErrorSummary, FormNamespace, GroupedSelectField, RadioGroup, TextAreaField, TextField, useZodForm } from "~/components/forms";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { MAX_ATTACHMENTS } from "~/domain/reports/attachments";
import { chosenUnitName, reportFormOptions } from "~/domain/reports/form-options.server";
import { reportSchema, reporterRoles, threatLevels } from "~/domain/reports/report-form";
import { ReportReceipt } from "~/components/ReportReceipt";
import { submitReport } from "~/domain/reports/submit.server";
import { readReportForm } from "~/domain/reports/upload.server";
import { useHydrated } from "~/components/useHydrated";
import { getSealingKeys } from "~/encryption-keys.server";
import { localeInfo, type Locale } from "~/i18n/locales";
import { localeAndT } from "~/i18n/route.server";

const countryOf: Record<Locale, "dk" | "se" | "no"> = { da: "dk", sv: "se", nb: "no" };

export async function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "report");
  const options = await reportFormOptions(await getDb());
  // A new one-time key for every form shown: a double submit of this form makes one report.
  return data({ locale, title: t("form.title"), options, idempotencyKey: crypto.randomUUID(), defaultCountry: countryOf[locale] }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "report");
  const config = getConfig();
  const db = await getDb();
  const now = new Date();
  const ipKey = `report:ip:${context.clientIp ?? "unknown"}`;
  const rate = { freeFailures: config.REPORTS_PER_IP_PER_HOUR, baseDelaySeconds: 3600, maxDelaySeconds: 3600, windowSeconds: 3600 };
  const { formData, attachments, fileError } = await readReportForm(request);
  const submission = parseWithZod(formData, { schema: reportSchema, error: invalidInput });
  if (submission.status !== "success" || fileError) {
    return data({ result: submission.reply({ fieldErrors: fileError ? { ...(submission.status === "error" ? (submission.error as Record<string, string[]>) : {}), attachments: [fileError] } : undefined }), receipt: null }, { status: 400 });
  }
  const form = submission.value;
  if (!(await checkThrottle(db, ipKey, now, rate)).allowed) {
    return data({ result: submission.reply({ formErrors: ["errors.rateLimited"] }), receipt: null }, { status: 429 });
  }
  const partyName = form.party === "none" ? null : await chosenUnitName(db, form.party, form.country, "party");
  const placeName = form.place ? await chosenUnitName(db, form.place, form.country, "place") : null;
  if (partyName === undefined || placeName === undefined) {
    const fieldErrors: Record<string, string[]> = {};
    if (partyName === undefined) fieldErrors.party = ["errors.notInCountry"];
    if (placeName === undefined) fieldErrors.place = ["errors.notInCountry"];
    return data({ result: submission.reply({ fieldErrors }), receipt: null }, { status: 400 });
  }
  const receipt = await submitReport(
    db,
    getSealingKeys(),
    { form, locale, partyName, placeName, attachments },
    { origin: publicOrigin(request, config.PUBLIC_URL), now, escalationHours: config.ESCALATION_HOURS },
  );
  // Every submission counts in the throttle, repeats of a one-time key too (a replay costs the same).
  await recordFailure(db, ipKey, now, rate);
  if ("refused" in receipt) {
    return data({ result: submission.reply({ formErrors: ["errors.alreadySent"] }), receipt: null }, { status: 409, headers: { "Cache-Control": "no-store" } });
  }
  return data(
    {
      result: null,
      // What the receipt says depends on what the reporter told us: in danger or not, police told or not, contact wanted or not.
      receipt: { ...receipt, inDanger: form.inDanger, severe: form.level >= 5, country: form.country, policeTold: form.policeTold === "yes", anonymous: form.contactMethod === "anonymous", statusUrl: `${publicOrigin(request, config.PUBLIC_URL)}/${locale}/report/status` },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function ReportForm() {
  const { locale, options, idempotencyKey, defaultCountry } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("report");
  const [form, fields] = useZodForm(reportSchema, actionData?.result as never, "report");
  const [danger, setDanger] = useState(false);
  const hydrated = useHydrated();
  const [country, setCountry] = useState<string>(defaultCountry);
  const [contact, setContact] = useState<string>("anonymous");
  if (actionData?.receipt) return <ReportReceipt receipt={actionData.receipt} locale={locale} />;
  const { emergency } = localeInfo[locale];
  const f = fields as Record<string, Parameters<typeof TextField>[0]["field"]>;
  const countries = ["dk", "se", "no"] as const;
  const labels = {
    role: t("fields.role"), country: t("fields.country"), party: t("fields.party"), place: t("fields.place"), level: t("fields.level"), when: t("fields.when"), time: t("fields.time"),
    where: t("fields.where"), description: t("fields.description"), perpetrator: t("fields.perpetrator"), policeTold: t("fields.policeTold"), policeCaseNumber: t("fields.policeCaseNumber"),
    contactMethod: t("fields.contactMethod"), contactEmail: t("fields.contactEmail"), contactPhone: t("fields.contactPhone"), attachments: t("fields.attachments"), consent: t("fields.consent"), idempotencyKey: t("fields.form"),
  };
  return (
    <FormNamespace.Provider value="report">
      <div className="page page--narrow">
        <div className={danger ? "danger-now" : "danger-box"} role={danger ? "alert" : undefined} data-danger-box="">
          <p>
            {danger ? t("danger.callNow") : t("danger.intro")}{" "}
            <a className="danger-now__number" href={`tel:${emergency.tel}`}>
              {emergency.shown}
            </a>
          </p>
        </div>
        <h1>{t("form.title")}</h1>
        <p className="lead">{t("form.lead")}</p>
        <ErrorSummary form={form} labels={labels} />
        <Form method="post" encType="multipart/form-data" id={form.id} onSubmit={form.onSubmit} noValidate>
          <input type="hidden" id={f.idempotencyKey!.id} name="idempotencyKey" value={idempotencyKey} />
          <div className="hp" aria-hidden="true">
            <label htmlFor="report-website">{t("form.honeypot")}</label>
            <input id="report-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
          </div>
          <div className="field" onChange={(event) => setDanger((event.target as HTMLInputElement).checked)}>
            <CheckboxField field={f.inDanger!} label={t("fields.inDanger")} hint={t("hints.inDanger")} />
          </div>

          <h2>{t("sections.you")}</h2>
          <RadioGroup field={f.role!} legend={labels.role} options={reporterRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
          <div onChange={(event) => setCountry((event.target as HTMLSelectElement).value)}>
            <div className="field">
              <label htmlFor={f.country!.id}>{labels.country}</label>
              {f.country!.errors ? (
                <p id={f.country!.errorId} className="field-error">
                  {f.country!.errors.map((error) => t(error)).join(" ")}
                </p>
              ) : null}
              <select
                id={f.country!.id}
                name="country"
                defaultValue={String(f.country!.initialValue ?? defaultCountry)}
                aria-invalid={f.country!.errors ? true : undefined}
                aria-describedby={f.country!.errors ? f.country!.errorId : undefined}
              >
                {(["dk", "se", "no"] as const).map((code) => (
                  <option key={code} value={code}>
                    {t(`countries.${code}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <GroupedSelectField
            field={f.party!}
            label={labels.party}
            hint={t("hints.party")}
            groups={[
              { label: t("form.noParty"), options: [{ value: "none", label: t("form.independent") }] },
              ...countries.map((code) => ({ label: t(`countries.${code}`), options: options.parties.filter((party) => party.country === code).map((party) => ({ value: party.id, label: party.name })) })),
            ]}
          />
          <GroupedSelectField
            field={f.place!}
            label={labels.place}
            hint={t("hints.place")}
            emptyLabel={t("form.noPlace")}
            groups={options.places
              // Without JavaScript every country's places are listed; with it, the chosen country's.
              .filter((group) => !hydrated || group.country === country)
              .map((group) => ({ label: group.label, options: group.options }))}
          />

          <h2>{t("sections.what")}</h2>
          <RadioGroup
            field={f.level!}
            legend={labels.level}
            hint={t("hints.level")}
            options={threatLevels.map((level) => ({ value: String(level), label: t(`levels.${level}.label`), hint: t(`levels.${level}.hint`) }))}
          />
          <TextField field={f.when!} label={labels.when} type="date" />
          <TextField field={f.time!} label={labels.time} hint={t("hints.time")} />
          <TextField field={f.where!} label={labels.where} hint={t("hints.optional")} />
          <TextAreaField field={f.description!} label={labels.description} hint={t("hints.description")} rows={8} />
          <TextAreaField field={f.perpetrator!} label={labels.perpetrator} hint={t("hints.perpetrator")} rows={3} />

          <h2>{t("sections.police")}</h2>
          <p>{t("hints.politicalRole")}</p>
          <RadioGroup field={f.policeTold!} legend={labels.policeTold} options={[{ value: "yes", label: t("form.yes") }, { value: "no", label: t("form.no") }]} />
          <TextField field={f.policeCaseNumber!} label={labels.policeCaseNumber} hint={t("hints.optional")} />

          <h2>{t("sections.contact")}</h2>
          <div onChange={(event) => setContact((event.target as HTMLInputElement).value)}>
            <RadioGroup
              field={f.contactMethod!}
              legend={labels.contactMethod}
              hint={t("hints.contact")}
              options={[
                { value: "anonymous", label: t("contact.anonymous") },
                { value: "email", label: t("contact.email") },
                { value: "phone", label: t("contact.phone") },
              ]}
            />
          </div>
          <div hidden={contact !== "email" && !f.contactEmail!.errors} data-when-contact="email">
            <TextField field={f.contactEmail!} label={labels.contactEmail} type="email" autoComplete="email" />
          </div>
          <div hidden={contact !== "phone" && !f.contactPhone!.errors} data-when-contact="phone">
            <TextField field={f.contactPhone!} label={labels.contactPhone} type="tel" autoComplete="tel" />
          </div>

          <h2>{t("sections.files")}</h2>
          <div className="field">
            <label htmlFor="report-attachments">{labels.attachments}</label>
            <p id="report-attachments-hint" className="field-hint">
              {t("hints.attachments", { count: MAX_ATTACHMENTS })}
            </p>
            {f.attachments?.errors ? (
              <p id={f.attachments.errorId} className="field-error">
                {f.attachments.errors.map((error) => t(error)).join(" ")}
              </p>
            ) : null}
            <input
              id="report-attachments"
              name="attachments"
              type="file"
              multiple
              accept="image/png,image/jpeg,application/pdf"
              aria-describedby={`report-attachments-hint${f.attachments?.errors ? ` ${f.attachments.errorId}` : ""}`}
              aria-invalid={f.attachments?.errors ? true : undefined}
            />
          </div>

          <h2>{t("sections.privacy")}</h2>
          <div className="privacy-notice">
            <p>{t("privacy.p1")}</p>
            <p>{t("privacy.p2")}</p>
            <p>{t("privacy.p3")}</p>
          </div>
          <CheckboxField field={f.consent!} label={t("fields.consent")} />
          <button type="submit">{t("form.submit")}</button>
        </Form>
      </div>
    </FormNamespace.Provider>
  );
}
