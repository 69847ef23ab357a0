import { parseWithZod } from "@conform-to/zod/v4";
import { invalidInput } from "~/domain/form-errors";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, FormNamespace, TextAreaField, TextField, useZodForm } from "~/components/forms";
import { PoliceStatus } from "~/components/police/PoliceStatus";
import { PoliceSummary } from "~/components/PoliceSummary";
import { PrintButton } from "~/components/PrintButton";
import { EvidenceFields, EvidenceSave, hasEvidenceErrors } from "~/components/evidence/EvidenceFields";
import { readEvidenceForm } from "~/domain/reports/evidence-items";
import { publicOrigin } from "~/auth/guards.server";
import { clearedReporterVisitCookie, readReporterVisitToken, reporterVisitCookie } from "~/auth/cookie.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { reportContents } from "~/domain/reports/case.server";
import { policeCaseForReporter } from "~/domain/reports/police-tracker.server";
import { addReporterMessage, findReport, openReportWithCode, publicTimeline } from "~/domain/reports/reporter.server";
import { endReporterVisit, openReporterVisit, startReporterVisit } from "~/domain/reports/reporter-visit.server";
import { readReportForm } from "~/domain/reports/upload.server";
import { collectReplyFiles, forgetReplyFiles, type HeldReplyFiles } from "~/domain/reports/reply-files.server";
import { ReplyFiles } from "~/components/files/ReplyFiles";
import type { ReportCipher } from "~/domain/sealing/report-keys.server";
import { reporterTimelineLabel as timelineLabel } from "~/domain/reports/timeline-label";
import { formatDate, formatDateTime } from "~/i18n/dates";
import { type Locale } from "~/i18n/locales";
import type { Report } from "~/domain/vocabulary";
import { localeAndT } from "~/i18n/route.server";

const openSchema = z.object({
  // Letters, digits, dashes and spaces only: anything else cannot be a reference or a code (and a NUL
  // would reach the database in the guessing throttle's key).
  reference: z.string({ error: "errors.required" }).trim().min(4, "status.errors.reference").max(40, "status.errors.reference").regex(/^[A-Za-z0-9 -]+$/, "status.errors.reference"),
  code: z.string({ error: "errors.required" }).trim().min(10, "status.errors.code").max(60, "status.errors.code").regex(/^[A-Za-z0-9 -]+$/, "status.errors.code"),
});

const messageSchema = z.object({
  message: z.preprocess((value) => (value === "" ? undefined : value), z.string().trim().max(5000, "errors.tooLong").optional()),
});

type View = Awaited<ReturnType<typeof buildView>>;
interface ActionAnswer {
  /** The open form's result while no case is shown, the reply form's while one is. */
  result: SubmissionResult<string[]> | null;
  view: View | null;
  /** The open form's confirmation ("hidden"). */
  notice: string | null;
  /** A message typed when the visit had ended: carried through the open form, back into the reply form. */
  draft: string | null;
  /** Files of the reply kept for the reporter's review or a retry (issue #16). */
  files?: HeldReplyFiles | null;
}

const noStore = { "Cache-Control": "no-store" };
// What the open form says when a message came after the visit ended (idle, past its end, or hidden).
const visitEnded: SubmissionResult<string[]> = { status: "error", error: { "": ["status.errors.visitEnded"] } };

/** With a live visit cookie the case is shown at once; an ended one is cleared. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "report");
  const headers = new Headers(noStore);
  const token = readReporterVisitToken(request);
  const visit = token ? await openReporterVisit(await getDb(), token, new Date()) : null;
  if (token && !visit) headers.append("Set-Cookie", clearedReporterVisitCookie(request));
  return data({ locale, title: t("status.title"), view: visit ? await buildView(visit.report, visit.cipher, locale) : null }, { headers });
}

/** After an action its answer is what the page shows: the loader need not open the case again. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => (actionResult ? false : defaultShouldRevalidate);

/**
 * Reference and receipt code (POST only, never in a URL) open the case once and start a visit: a
 * browser-session cookie whose token unwraps the report's key for 15 idle minutes, 2 hours at most.
 * Messages and "hide" go through the visit; the code is never sent back to the page.
 */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "report");
  const upload = await readReportForm(request);
  const { formData } = upload;
  const intent = formData.get("intent");
  const db = await getDb();
  const now = new Date();
  const token = readReporterVisitToken(request);
  const answer = (body: ActionAnswer, init: { status?: number; cookie?: string } = {}) => {
    const headers = new Headers(noStore);
    if (init.cookie) headers.append("Set-Cookie", init.cookie);
    return data(body, { status: init.status ?? 200, headers });
  };

  if (intent === "hide") {
    if (token) await endReporterVisit(db, token);
    return answer({ result: null, view: null, notice: "status.hidden", draft: null }, { cookie: clearedReporterVisitCookie(request) });
  }

  if (intent === "message") {
    const typed = typeof formData.get("message") === "string" ? String(formData.get("message")).slice(0, 5000) : "";
    const visit = token ? await openReporterVisit(db, token, now) : null;
    if (!visit) return answer({ result: visitEnded, view: null, notice: null, draft: typed || null }, { status: 403, cookie: token ? clearedReporterVisitCookie(request) : undefined });
    const submission = parseWithZod(formData, { schema: messageSchema, error: invalidInput });
    const view = (report = visit.report, notice: string | null = null) => buildView(report, visit.cipher, locale, notice);
    if (submission.status !== "success") return answer({ result: submission.reply(), view: await view(), notice: null, draft: null }, { status: 400 });
    const text = submission.value.message ?? null;
    const evidence = readEvidenceForm(formData);
    if (hasEvidenceErrors(evidence.errors)) return answer({ result: submission.reply({ formErrors: ["evidence.errors.summary"], fieldErrors: evidence.errors }), view: await view(), notice: null, draft: null }, { status: 400 });
    // Issue #16: files with metadata wait for the reporter's choice, kept meanwhile (reply-files.server.ts).
    const replyFiles = await collectReplyFiles(db, upload, now);
    if (replyFiles.held) return answer({ result: submission.reply({ fieldErrors: { message: [replyFiles.held.error] } }), view: await view(), notice: null, draft: null, files: replyFiles.held }, { status: 400 });
    const attachments = replyFiles.ready;
    if (!text && attachments.length === 0 && evidence.items.length === 0 && !evidence.posts) {
      return answer({ result: submission.reply({ fieldErrors: { message: ["status.errors.empty"] } }), view: await view(), notice: null, draft: null }, { status: 400 });
    }
    const config = getConfig();
    const added = await addReporterMessage(db, visit.cipher, { text, attachments, evidence: { items: evidence.items, posts: evidence.posts } }, now, { followUpHours: config.FOLLOW_UP_HOURS, origin: publicOrigin(request, config.PUBLIC_URL) });
    if (!added.ok) {
      if (added.error === "status.errors.visitEnded") return answer({ result: visitEnded, view: null, notice: null, draft: text }, { status: 403, cookie: clearedReporterVisitCookie(request) });
      return answer({ result: submission.reply({ formErrors: [added.error] }), view: await view(), notice: null, draft: null }, { status: 400 });
    }
    await forgetReplyFiles(db, replyFiles.oneTimeKey);
    const report = await findReport(db, visit.report.id);
    return answer({ result: submission.reply({ resetForm: true }), view: await view(report ?? visit.report, added.reopened ? "status.reopened" : "status.sent"), notice: null, draft: null });
  }

  const submission = parseWithZod(formData, { schema: openSchema, error: invalidInput });
  const draft = typeof formData.get("draft") === "string" ? String(formData.get("draft")).slice(0, 5000) || null : null;
  if (submission.status !== "success") return answer({ result: submission.reply({ hideFields: ["code"] }), view: null, notice: null, draft }, { status: 400 });
  const opened = await openReportWithCode(db, { reference: submission.value.reference, code: submission.value.code, ip: context.clientIp ?? null }, now);
  if (!opened.ok) {
    // The same answer whether the reference is unknown or the code is wrong.
    const message = opened.reason === "throttled" ? "status.errors.throttled" : opened.reason === "sealing" ? "status.errors.sealing" : "status.errors.noMatch";
    return answer({ result: submission.reply({ formErrors: [message], hideFields: ["code"] }), view: null, notice: null, draft }, { status: opened.reason === "throttled" ? 429 : 400 });
  }
  // A new visit each time the code opens the case; the previous one on this browser ends.
  const visit = await startReporterVisit(db, opened.report.id, opened.cipher.key, now, token);
  // No submission result: it would carry the code back into the page.
  return answer({ result: null, view: await buildView(opened.report, opened.cipher, locale), notice: null, draft }, { cookie: reporterVisitCookie(request, visit.token) });
}

async function buildView(report: Report, cipher: ReportCipher, locale: Locale, notice: string | null = null) {
  const timeline = await publicTimeline(await getDb(), cipher, report);
  const format = { format: (date: Date) => formatDateTime(locale, date) };
  const police = await policeCaseForReporter(await getDb(), report.id);
  const day = (value: string | null) => (value ? formatDate(locale, new Date(`${value}T12:00:00Z`), { timeZone: "UTC" }) : null);
  return {
    country: report.country,
    police: police ? { state: police.state, reportedOn: day(police.reportedOn), decidedOn: day(police.decidedOn) } : null,
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
  const loaderData = useLoaderData<typeof loader>();
  const { locale } = loaderData;
  const actionData = useActionData<typeof action>() as ActionAnswer | undefined;
  const { t } = useTranslation("report");
  const view = actionData ? actionData.view : loaderData.view;
  const draft = actionData?.draft ?? null;
  const [openForm, openFields] = useZodForm(openSchema, view ? undefined : actionData?.result, "open-report");
  if (!view) {
    return (
      <FormNamespace.Provider value="report">
        <div className="page page--narrow">
          <h1>{t("status.title")}</h1>
          {actionData?.notice ? (
            <p className="notice" role="status" data-notice={actionData.notice}>
              {t(actionData.notice)}
            </p>
          ) : null}
          <p className="lead">{t("status.lead")}</p>
          <ErrorSummary form={openForm} labels={{ reference: t("status.reference"), code: t("status.code") }} />
          <Form method="post" id={openForm.id} onSubmit={openForm.onSubmit} noValidate>
            <input type="hidden" name="intent" value="open" />
            {draft ? <input type="hidden" name="draft" value={draft} /> : null}
            <TextField field={openFields.reference} label={t("status.reference")} hint={t("status.referenceHint")} autoComplete="off" />
            <TextField field={openFields.code} label={t("status.code")} type="password" autoComplete="off" />
            <button type="submit">{t("status.open")}</button>
          </Form>
        </div>
      </FormNamespace.Provider>
    );
  }
  const closed = view.status === "closed";
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
        <section aria-labelledby="reply-title" className="no-print">
          <h2 id="reply-title">{t("status.reply")}</h2>
          {/* A closed case is no dead end: writing reopens it, and the reporter is told so first. */}
          {closed ? <p data-reopen-note="">{t("status.closedReopens")}</p> : null}
          {/* Keyed by the draft: a message carried through a new opening fills a fresh form. */}
          <ReplyForm key={draft ?? ""} result={actionData?.result ?? null} draft={draft} files={actionData?.files ?? null} />
        </section>
        <p className="no-print" data-report-again="">
          {t("status.again")} <a href={`/${locale}/report`}>{t("status.againLink")}</a>
        </p>
        <PoliceStatus police={view.police} country={view.country} />
        <EvidenceSave href={`/${locale}/report/status/evidence.html`} />
        <PoliceSummary reference={view.reference} createdAt={view.createdAt} level={view.level} contents={view.contents} policeCaseNumber={view.policeCaseNumber} />
        <PrintButton label={t("status.print")} />
        <Form method="post" className="no-print" id="hide-case">
          <input type="hidden" name="intent" value="hide" />
          <p className="hint">{t("status.visitHint")}</p>
          <button type="submit">{t("status.hide")}</button>
        </Form>
      </div>
    </FormNamespace.Provider>
  );
}

function ReplyForm({ result, draft, files }: { result: SubmissionResult<string[]> | null; draft: string | null; files: HeldReplyFiles | null }) {
  const { t } = useTranslation("report");
  const [messageForm, messageFields] = useZodForm(messageSchema, result, "reporter-message", draft ? { message: draft } : undefined);
  return (
    <>
      <ErrorSummary form={messageForm} labels={{ message: t("status.message") }} />
      <Form method="post" encType="multipart/form-data" id={messageForm.id} onSubmit={messageForm.onSubmit} noValidate>
        <input type="hidden" name="intent" value="message" />
        <TextAreaField field={messageFields.message} label={t("status.message")} rows={5} />
        <div className="field">
          <label htmlFor="reply-attachments">{t("fields.attachments")}</label>
          <input id="reply-attachments" name="attachments" type="file" multiple accept="image/png,image/jpeg,application/pdf" />
          <ReplyFiles held={files} inputId="reply-attachments" />
        </div>
        <h3>{t("evidence.statusAddTitle")}</h3>
        <EvidenceFields idPrefix="status-evidence" errors={result?.error} initial={result?.initialValue} />
        <button type="submit">{t("status.send")}</button>
      </Form>
    </>
  );
}
