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
import { chosenCountry, reportCountries, reportSchema, reporterRoles, threatLevels, type ReportCountry } from "~/domain/reports/report-form";
import { ReportReceipt } from "~/components/ReportReceipt";
import { submitReport } from "~/domain/reports/submit.server";
import { readReportForm } from "~/domain/reports/upload.server";
import { collectFiles, keepForRetry } from "~/domain/reports/retry-files.server";
import { ReportKeptFiles } from "~/components/ReportKeptFiles";
import { FileReview } from "~/components/files/FileReview";
import { applyFileChoices, fileReview } from "~/domain/reports/file-review.server";
import { EvidenceFields, EvidenceStored, hasEvidenceErrors } from "~/components/evidence/EvidenceFields";
import { readEvidenceForm } from "~/domain/reports/evidence-items";
import { useHydrated } from "~/components/useHydrated";
import { getSealingKeys } from "~/encryption-keys.server";
import { localeInfo, type Locale } from "~/i18n/locales";
import { localeAndT } from "~/i18n/route.server";
import { readDiaryVisitToken } from "~/auth/cookie.server";
import { FromDiary } from "~/components/diary/FromDiary";
import { addDiaryFiles, chosenEntryIds, descriptionWithNotes, DIARY_ENTRY_FIELD, DIARY_FILES_KEPT_FIELD, diaryPartOfReport, diaryPartView, markSent } from "~/domain/reports/diary-send.server";

const countryOf: Record<Locale, "dk" | "se" | "no"> = { da: "dk", sv: "se", nb: "no" };

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "report");
  const options = await reportFormOptions(await getDb());
  // The country step (a GET form of its own, so it works without JavaScript): `?country=`, else the page's language's.
  const country = chosenCountry(new URL(request.url).searchParams.get("country"), countryOf[locale]);
  // A new one-time key for every form shown: a double submit of this form makes one report.
  // Entries chosen on the diary page (a GET form there): shown here, sent with this report.
  const diary = await diaryPartOfReport(await getDb(), readDiaryVisitToken(request), chosenEntryIds(new URL(request.url).searchParams.getAll(DIARY_ENTRY_FIELD)), new Date());
  const fromDiary = diary === "ended" ? ("ended" as const) : diary ? diaryPartView(diary, false) : null;
  return data({ locale, title: t("form.title"), options, idempotencyKey: crypto.randomUUID(), country, fromDiary }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale, t } = localeAndT(params, "report");
  const config = getConfig();
  const db = await getDb();
  const now = new Date();
  const ipKey = `report:ip:${context.clientIp ?? "unknown"}`;
  const rate = { freeFailures: config.REPORTS_PER_IP_PER_HOUR, baseDelaySeconds: 3600, maxDelaySeconds: 3600, windowSeconds: 3600 };
  const upload = await readReportForm(request);
  // Issue #16: entries sent from the reporter's private diary; its files join this try's uploads once.
  const diary = await diaryPartOfReport(db, readDiaryVisitToken(request), chosenEntryIds(upload.formData.getAll(DIARY_ENTRY_FIELD)), now);
  const diaryFilesKept = upload.formData.get(DIARY_FILES_KEPT_FIELD) === "1";
  upload.formData.delete(DIARY_ENTRY_FIELD);
  upload.formData.delete(DIARY_FILES_KEPT_FIELD);
  if (diary && diary !== "ended" && !diaryFilesKept) await addDiaryFiles(upload, diary.files);
  const fromDiary = diary === "ended" ? ("ended" as const) : diary ? diaryPartView(diary, true) : null;
  const files = await collectFiles(db, upload, now);
  // Issue #16: a file with metadata waits for the reporter's choice (a review step, the files kept).
  const review = await applyFileChoices(upload.formData, files);
  const submission = parseWithZod(upload.formData, { schema: reportSchema, error: invalidInput });
  const evidence = readEvidenceForm(upload.formData);
  // A failed submit keeps its files for the next try, under the same one-time key (issue #13).
  const failed = async (result: ReturnType<typeof submission.reply>, status: number) => {
    const kept = await keepForRetry(db, files, now);
    return data({ result, receipt: null, oneTimeKey: files.oneTimeKey, files: kept, review: fileReview(files, kept), fromDiary }, { status, headers: { "Cache-Control": "no-store" } });
  };
  const fileError = files.fileError ?? (review.pending ? "files.review.needed" : undefined);
  const extraErrors = { ...(fileError ? { attachments: [fileError] } : {}), ...evidence.errors };
  if (submission.status !== "success" || fileError || hasEvidenceErrors(evidence.errors)) {
    const evidenceFailed = hasEvidenceErrors(evidence.errors) ? { formErrors: ["evidence.errors.summary"] } : {};
    return failed(submission.reply({ ...evidenceFailed, fieldErrors: Object.keys(extraErrors).length ? { ...(submission.status === "error" ? (submission.error as Record<string, string[]>) : {}), ...extraErrors } : undefined }), 400);
  }
  // The diary's visit ended while the form was open: nothing is filed without the entries chosen.
  if (diary === "ended") return failed(submission.reply({ formErrors: ["diary.fromDiary.ended"] }), 403);
  const form = diary ? { ...submission.value, description: descriptionWithNotes(submission.value.description, diary.notes, t("diary.fromDiary.heading")) } : submission.value;
  if (!(await checkThrottle(db, ipKey, now, rate)).allowed) {
    return failed(submission.reply({ formErrors: ["errors.rateLimited"] }), 429);
  }
  const partyName = form.party === "none" ? null : await chosenUnitName(db, form.party, form.country, "party");
  const placeName = form.place ? await chosenUnitName(db, form.place, form.country, "place") : null;
  if (partyName === undefined || placeName === undefined) {
    const fieldErrors: Record<string, string[]> = {};
    if (partyName === undefined) fieldErrors.party = ["errors.notInCountry"];
    if (placeName === undefined) fieldErrors.place = ["errors.notInCountry"];
    return failed(submission.reply({ fieldErrors }), 400);
  }
  const receipt = await submitReport(
    db,
    getSealingKeys(),
    { form, locale, partyName, placeName, attachments: files.attachments, kept: { positions: files.keptPositions, files: files.kept }, evidence: { items: diary ? [...evidence.items, ...diary.items] : evidence.items, posts: evidence.posts } },
    { origin: publicOrigin(request, config.PUBLIC_URL), now, escalationHours: config.ESCALATION_HOURS },
  );
  // Every submission counts in the throttle, repeats of a one-time key too (a replay costs the same).
  await recordFailure(db, ipKey, now, rate);
  if (diary && !("refused" in receipt)) await markSent(db, diary, receipt.reference, now);
  if ("refused" in receipt) {
    return data({ result: submission.reply({ formErrors: ["errors.alreadySent"] }), receipt: null, oneTimeKey: null, files: null, review: null, fromDiary: null }, { status: 409, headers: { "Cache-Control": "no-store" } });
  }
  return data(
    {
      result: null,
      // What the receipt says depends on what the reporter told us: in danger or not, police told or not, contact wanted or not.
      receipt: { ...receipt, inDanger: form.inDanger, severe: form.level >= 5, country: form.country, policeTold: form.policeTold === "yes", anonymous: form.contactMethod === "anonymous", statusUrl: `${publicOrigin(request, config.PUBLIC_URL)}/${locale}/report/status` },
      oneTimeKey: null,
      files: null,
      review: null,
      evidenceStored: { items: evidence.items.length + (diary ? diary.items.length : 0), posts: evidence.postSummary },
      fromDiary: null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function ReportForm() {
  const { locale, options, idempotencyKey, country: askedCountry, fromDiary: diaryAtLoad } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("report");
  const [form, fields] = useZodForm(reportSchema, actionData?.result, "report");
  const [danger, setDanger] = useState(false);
  const hydrated = useHydrated();
  // What the reporter picks with JavaScript; until then the answers of a failed submit, else the loader's.
  const [pickedCountry, setCountry] = useState<ReportCountry | null>(null);
  const [pickedContact, setContact] = useState<string | null>(null);
  const [pickedPolice, setPolice] = useState<string | null>(null);
  if (actionData?.receipt)
    return (
      <>
        <ReportReceipt receipt={actionData.receipt} locale={locale} />
        {"evidenceStored" in actionData ? <EvidenceStored stored={actionData.evidenceStored} /> : null}
      </>
    );
  const { emergency } = localeInfo[locale];
  const f = fields as Record<string, Parameters<typeof TextField>[0]["field"]>;
  // After a failed submit the lists are those of the country sent with it, so they match the answers kept.
  const country = pickedCountry ?? chosenCountry(f.country!.initialValue, askedCountry);
  const countryName = t(`countries.${country}`);
  const contact = pickedContact ?? String(f.contactMethod!.initialValue ?? "");
  const policeTold = pickedPolice ?? String(f.policeTold!.initialValue ?? "");
  const labels = {
    role: t("fields.role"), country: t("fields.country"), party: t("fields.partyIn", { country: countryName }), place: t(`fields.placeIn.${country}`), level: t("fields.level"), when: t("fields.when"), time: t("fields.time"),
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
        {/* The first question, a form of its own: without JavaScript, "change" reloads the form with that country's lists; with it, the lists follow the choice at once. */}
        <form method="get" action={`/${locale}/report`} className="country-step" data-country-step="">
          <div className="field">
            <label htmlFor={f.country!.id}>{labels.country}</label>
            {f.country!.errors ? (
              <p id={f.country!.errorId} className="field-error">
                {f.country!.errors.map((error) => t(error)).join(" ")}
              </p>
            ) : null}
            <div className="country-step__row">
              <select
                id={f.country!.id}
                name="country"
                value={country}
                onChange={(event) => setCountry(chosenCountry(event.target.value, country))}
                aria-invalid={f.country!.errors ? true : undefined}
                aria-describedby={f.country!.errors ? `report-country-hint ${f.country!.errorId}` : "report-country-hint"}
              >
                {reportCountries.map((code) => (
                  <option key={code} value={code}>
                    {t(`countries.${code}`)}
                  </option>
                ))}
              </select>
              <button type="submit" className="button--secondary" hidden={hydrated}>
                {t("form.changeCountry")}
              </button>
            </div>
            {/* Under the select, so that on a phone the question itself is on the first screen. */}
            <p id="report-country-hint" className="field-hint" role="status">
              {t("hints.country", { country: countryName })}
            </p>
          </div>
        </form>
        <p>{t("form.routing")}</p>
        <Form method="post" encType="multipart/form-data" id={form.id} onSubmit={form.onSubmit} noValidate>
          <input type="hidden" id={f.idempotencyKey!.id} name="idempotencyKey" value={actionData?.oneTimeKey ?? idempotencyKey} />
          <FromDiary part={actionData ? (actionData.fromDiary ?? null) : diaryAtLoad} />
          <input type="hidden" name="country" value={country} />
          <div className="hp" aria-hidden="true">
            <label htmlFor="report-website">{t("form.honeypot")}</label>
            <input id="report-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
          </div>
          <div className="field" onChange={(event) => setDanger((event.target as HTMLInputElement).checked)}>
            <CheckboxField field={f.inDanger!} label={t("fields.inDanger")} hint={t("hints.inDanger")} />
          </div>

          <h2>{t("sections.you")}</h2>
          <RadioGroup field={f.role!} legend={labels.role} options={reporterRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
          <GroupedSelectField
            field={f.party!}
            label={labels.party}
            hint={t("hints.party")}
            groups={[
              { label: t("form.noParty"), options: [{ value: "none", label: t("form.independent") }] },
              { label: countryName, options: options.parties.filter((party) => party.country === country).map((party) => ({ value: party.id, label: party.name })) },
            ]}
          />
          <GroupedSelectField
            field={f.place!}
            label={labels.place}
            hint={t("hints.place")}
            emptyLabel={t("form.noPlace")}
            groups={options.places.filter((group) => group.country === country).map((group) => ({ label: group.label, options: group.options }))}
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
          <div onChange={(event) => setPolice((event.target as HTMLInputElement).value)}>
            <RadioGroup field={f.policeTold!} legend={labels.policeTold} options={[{ value: "yes", label: t("form.yes") }, { value: "no", label: t("form.no") }]} />
          </div>
          {/* Without JavaScript the fields that depend on an answer are all shown, each saying when it is needed. */}
          <div hidden={hydrated && policeTold !== "yes" && !f.policeCaseNumber!.errors} data-when-police="yes">
            <TextField field={f.policeCaseNumber!} label={labels.policeCaseNumber} hint={t("hints.onlyIfPoliceTold")} />
          </div>

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
          <div hidden={hydrated && contact !== "email" && !f.contactEmail!.errors} data-when-contact="email">
            <TextField field={f.contactEmail!} label={labels.contactEmail} hint={t("hints.onlyIfEmail")} type="email" autoComplete="email" />
          </div>
          <div hidden={hydrated && contact !== "phone" && !f.contactPhone!.errors} data-when-contact="phone">
            <TextField field={f.contactPhone!} label={labels.contactPhone} hint={t("hints.onlyIfPhone")} type="tel" autoComplete="tel" />
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
            <ReportKeptFiles files={actionData?.files ?? null} inputId="report-attachments" />
            <FileReview review={actionData?.review ?? null} />
          </div>

          <h2>{t("evidence.section")}</h2>
          <EvidenceFields errors={actionData?.result?.error} initial={actionData?.result?.initialValue} />

          <h2>{t("sections.privacy")}</h2>
          <div className="privacy-notice">
            <p>{t("privacy.p1")}</p>
            <p>{t("privacy.p2")}</p>
            <p>{t("privacy.p3")}</p>
          </div>
          <CheckboxField field={f.consent!} label={t("fields.consent")} />
          <button type="submit">{t("form.submit")}</button>
        </Form>
        {diaryAtLoad ? null : (
          <p data-diary-link="">
            <a href={`/${locale}/report/diary`}>{t("diary.link")}</a>
          </p>
        )}
      </div>
    </FormNamespace.Provider>
  );
}
