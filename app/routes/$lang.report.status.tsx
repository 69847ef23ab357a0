import { parseWithZod } from "@conform-to/zod/v4";
import { invalidInput } from "~/domain/form-errors";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { reports, type Report } from "@db/schema";
import { ErrorSummary, FormNamespace, TextAreaField, TextField, useZodForm } from "~/components/forms";
import { PoliceSummary } from "~/components/PoliceSummary";
import { PrintButton } from "~/components/PrintButton";
import { getDb } from "~/db.server";
import { reportContents } from "~/domain/reports/case.server";
import { addReporterMessage, openReportWithCode, publicTimeline } from "~/domain/reports/reporter.server";
import { readReportForm } from "~/domain/reports/upload.server";
import type { ReportCipher } from "~/domain/sealing/report-keys.server";
import { reporterTimelineLabel as timelineLabel } from "~/domain/reports/timeline-label";
import { localeInfo, type Locale } from "~/i18n/locales";
import { localeAndT } from "~/i18n/route.server";

const openSchema = z.object({
  // Letters, digits, dashes and spaces only: anything else cannot be a reference or a code (and a NUL
  // would reach the database in the guessing throttle's key).
  reference: z.string({ error: "errors.required" }).trim().min(4, "status.errors.reference").max(40, "status.errors.reference").regex(/^[A-Za-z0-9 -]+$/, "status.errors.reference"),
  code: z.string({ error: "errors.required" }).trim().min(10, "status.errors.code").max(60, "status.errors.code").regex(/^[A-Za-z0-9 -]+$/, "status.errors.code"),
});

const messageSchema = openSchema.extend({
  message: z.preprocess((value) => (value === "" ? undefined : value), z.string().trim().max(5000, "errors.tooLong").optional()),
});

export function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "report");
  return data({ locale, title: t("status.title") }, { headers: { "Cache-Control": "no-store" } });
}

/**
 * Every request carries the reference and code (POST only, never in a URL): the reporter has no
 * session, so nothing on a shared device keeps their report open.
 */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "report");
  const { formData, attachments, fileError } = await readReportForm(request);
  const intent = formData.get("intent") === "message" ? "message" : "open";
  const submission = parseWithZod(formData, { schema: intent === "message" ? messageSchema : openSchema, error: invalidInput });
  const db = await getDb();
  if (submission.status !== "success") {
    // A bad message (too long, say) with a good reference and code: show the case again with the
    // error beside the message, not the empty "open your report" form, where it would be invisible.
    const key = intent === "message" ? openSchema.safeParse({ reference: formData.get("reference"), code: formData.get("code") }, { error: invalidInput }) : undefined;
    const opened = key?.success ? await openReportWithCode(db, { ...key.data, ip: context.clientIp ?? null }, new Date()) : undefined;
    const view = opened?.ok ? await buildView(opened.report, opened.cipher, locale) : null;
    return data({ result: submission.reply(), view }, { status: opened?.ok === false && opened.reason === "throttled" ? 429 : 400 });
  }
  const now = new Date();
  const opened = await openReportWithCode(db, { reference: submission.value.reference, code: submission.value.code, ip: context.clientIp ?? null }, now);
  if (!opened.ok) {
    // The same answer whether the reference is unknown or the code is wrong.
    const message = opened.reason === "throttled" ? "status.errors.throttled" : opened.reason === "sealing" ? "status.errors.sealing" : "status.errors.noMatch";
    return data({ result: submission.reply({ formErrors: [message], hideFields: ["code"] }), view: null }, { status: opened.reason === "throttled" ? 429 : 400 });
  }
  let report = opened.report;
  const { cipher } = opened;
  let notice: string | null = null;
  if (intent === "message") {
    const text = (submission.value as { message?: string }).message ?? null;
    if (fileError || (!text && attachments.length === 0)) {
      return data({ result: submission.reply({ fieldErrors: { message: [fileError ?? "status.errors.empty"] } }), view: await buildView(report, cipher, locale) }, { status: 400 });
    }
    const added = await addReporterMessage(db, cipher, { text, attachments }, now);
    if (!added.ok) return data({ result: submission.reply({ formErrors: [added.error] }), view: await buildView(report, cipher, locale) }, { status: 400 });
    report = (await db.select().from(reports).where(eq(reports.id, report.id)))[0] ?? report;
    notice = "status.sent";
  }
  return data({ result: submission.reply({ resetForm: intent === "message" }), view: await buildView(report, cipher, locale, notice) }, { headers: { "Cache-Control": "no-store" } });
}

async function buildView(report: Report, cipher: ReportCipher, locale: Locale, notice: string | null = null) {
  const timeline = await publicTimeline(await getDb(), cipher, report);
  const format = new Intl.DateTimeFormat(localeInfo[locale].intlTag, { dateStyle: "medium", timeStyle: "short", timeZone: localeInfo[locale].timeZone });
  return {
    reference: report.reference,
    status: report.status,
    outcome: report.outcome,
    level: report.threatLevel,
    createdAt: format.format(report.createdAt),
    contents: reportContents(cipher, report),
    policeCaseNumber: report.policeCaseSealed ? cipher.openText("police", report.policeCaseSealed) : null,
    events: timeline.events.map((event) => ({ ...event, at: format.format(event.at) })),
    files: timeline.files.map((file) => ({ ...file, createdAt: format.format(file.createdAt) })),
    notice,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }, { name: "robots", content: "noindex" }] : []);

export default function ReportStatus() {
  const { locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("report");
  const view = actionData?.view ?? null;
  const [openForm, openFields] = useZodForm(openSchema, view ? undefined : (actionData?.result as never), "open-report");
  const [messageForm, messageFields] = useZodForm(messageSchema, view ? (actionData?.result as never) : undefined, "reporter-message");
  if (!view) {
    return (
      <FormNamespace.Provider value="report">
        <div className="page page--narrow">
          <h1>{t("status.title")}</h1>
          <p className="lead">{t("status.lead")}</p>
          <ErrorSummary form={openForm} labels={{ reference: t("status.reference"), code: t("status.code") }} />
          <Form method="post" id={openForm.id} onSubmit={openForm.onSubmit} noValidate>
            <input type="hidden" name="intent" value="open" />
            <TextField field={openFields.reference} label={t("status.reference")} hint={t("status.referenceHint")} autoComplete="off" />
            <TextField field={openFields.code} label={t("status.code")} type="password" autoComplete="off" />
            <button type="submit">{t("status.open")}</button>
          </Form>
        </div>
      </FormNamespace.Provider>
    );
  }
  return (
    <FormNamespace.Provider value="report">
      <div className="page page--narrow">
        <h1>{t("status.caseTitle", { reference: view.reference })}</h1>
        {view.notice ? (
          <p className="notice" role="status">
            {t(view.notice)}
          </p>
        ) : null}
        <p className="status-line" data-report-status={view.status}>
          {t("status.current")}: <strong>{t(`statuses.${view.status}`)}</strong>
          {view.outcome ? ` · ${t(`outcomes.${view.outcome}`)}` : null}
        </p>
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t("status.timeline")}</h2>
          <ol className="timeline" data-public-timeline="">
            {view.events.map((event) => (
              <li key={event.id} data-event={event.type}>
                <p className="article-meta">
                  {event.at} · {timelineLabel(event, t)}
                </p>
                {event.body ? <p className="preserve-lines">{event.body}</p> : null}
              </li>
            ))}
          </ol>
        </section>
        {view.files.length ? (
          <section aria-labelledby="files-title">
            <h2 id="files-title">{t("status.files")}</h2>
            <ul>
              {view.files.map((file) => (
                <li key={file.id}>
                  {file.name} ({file.createdAt})
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {view.status !== "closed" ? (
          <section aria-labelledby="reply-title" className="no-print">
            <h2 id="reply-title">{t("status.reply")}</h2>
            <ErrorSummary form={messageForm} labels={{ message: t("status.message"), code: t("status.code") }} />
            <Form method="post" encType="multipart/form-data" id={messageForm.id} onSubmit={messageForm.onSubmit} noValidate>
              <input type="hidden" name="intent" value="message" />
              {/* The reference rides along; the code is typed again for every message. */}
              <input type="hidden" name="reference" value={view.reference} />
              <TextField field={messageFields.code} label={t("status.codeAgain")} hint={t("status.codeAgainHint")} type="password" autoComplete="off" />
              <TextAreaField field={messageFields.message} label={t("status.message")} rows={5} />
              <div className="field">
                <label htmlFor="reply-attachments">{t("fields.attachments")}</label>
                <input id="reply-attachments" name="attachments" type="file" multiple accept="image/png,image/jpeg,application/pdf" />
              </div>
              <button type="submit">{t("status.send")}</button>
            </Form>
          </section>
        ) : null}
        <PoliceSummary reference={view.reference} createdAt={view.createdAt} level={view.level} contents={view.contents} policeCaseNumber={view.policeCaseNumber} />
        <PrintButton label={t("status.print")} />
        <p className="no-print">
          <a href={`/${locale}/report/status`}>{t("status.close")}</a>
        </p>
      </div>
    </FormNamespace.Provider>
  );
}
