import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { publicOrigin } from "~/auth/guards.server";
import { firstError, staffAction, staffRoute } from "~/auth/staff-route.server";
import { LinkedReports } from "~/components/links/LinkedReports";
import { PoliceCaseSection } from "~/components/police/PoliceCaseSection";
import { PoliceSummary } from "~/components/PoliceSummary";
import { EvidenceList } from "~/components/evidence/EvidenceList";
import { evidenceItemsOf } from "~/domain/reports/evidence.server";
import { evidenceCaseView } from "~/domain/reports/evidence-view";
import { PrintButton } from "~/components/PrintButton";
import { CaseFiles } from "~/components/files/CaseFiles";
import { getConfig } from "~/config.server";
import { recordAudit } from "~/domain/audit.server";
import { findVisibleReport, servedUnitIds, unitName } from "~/domain/reports/access.server";
import { templatesForCase } from "~/domain/reports/reply-templates.server";
import { policeCaseFields, policeCaseProblem, typedPoliceFields } from "~/domain/reports/police-case";
import { policeCaseForStaff } from "~/domain/reports/police-tracker.server";
import { linkedCaseView, linkFormAction } from "~/domain/reports/report-links.server";
import { applyCaseAction, caseView, staffCipher, transferCandidates, type CaseAction } from "~/domain/reports/case.server";
import { unitKeyHolderNames } from "~/domain/sealing/unit-keys.server";
import { reportOutcomes } from "~/domain/vocabulary";
import { getSealingKeys } from "~/encryption-keys.server";
import { formatDateTime } from "~/i18n/dates";
import type { StaffShellHandle } from "~/components/staff-shell";

const text = (max: number) => z.string().trim().min(1, "errors.required").max(max, "errors.tooLong");

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("acknowledge") }),
  z.object({ intent: z.literal("note"), text: text(5000) }),
  z.object({ intent: z.literal("message"), text: text(5000) }),
  z.object({ intent: z.literal("status"), status: z.enum(["in_progress", "waiting_for_reporter"]) }),
  z.object({ intent: z.literal("police"), ...policeCaseFields }),
  z.object({ intent: z.literal("offer"), toUserId: z.uuid("case.errors.offerNotAllowed") }),
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("decline") }),
  z.object({ intent: z.literal("close"), outcome: z.enum(reportOutcomes, "errors.chooseOne"), note: text(5000) }),
  z.object({ intent: z.literal("reopen") }),
]);

export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  const { locale, t, user, privateKey, db, ip } = await staffRoute(args, { namespace: "report", roles: ["officer", "administrator"] });
  const report = await findVisibleReport(db, user, args.params.reportId ?? "");
  // Another unit's report answers exactly like one that does not exist.
  if (!report) throw new Response("Not found", { status: 404 });
  const cipher = await staffCipher(db, getSealingKeys(), report.id, { user, privateKey });
  const view = await caseView(db, cipher, report);
  const police = await policeCaseForStaff(db, cipher, report);
  // Only the linked reports this officer can open now, each opened with its own key.
  const linked = await linkedCaseView(db, user, report.id, (id) => (id === report.id ? Promise.resolve(cipher) : staffCipher(db, getSealingKeys(), id, { user, privateKey })));
  // Without the key: who could grant it (the holders of the report's unit's key).
  const keyHolders = cipher ? [] : await unitKeyHolderNames(db, report.unitId);
  await recordAudit(db, { actorUserId: user.id, action: "report.viewed", subjectType: "report", subjectId: report.id, ip });
  const unitLabel = (await unitName(db, report.unitId)) ?? "";
  const format = { format: (date: Date) => formatDateTime(locale, date) };
  const candidates = report.ownerUserId === user.id ? await transferCandidates(db, report) : [];
  // Reply templates for the owner's message: named in the page's language, the text in the report's.
  const templates = cipher && report.ownerUserId === user.id && report.status !== "closed" ? await templatesForCase(db, await servedUnitIds(db, user.id), report, locale) : [];
  const evidence = cipher ? evidenceCaseView(await evidenceItemsOf(db, cipher), format.format) : null;
  const chosen = templates.find((template) => template.id === new URL(request.url).searchParams.get("template"));
  return data(
    {
      locale,
      title: `${t("case.title")} ${report.reference}`,
      user: { id: user.id },
      report: {
        id: report.id,
        reference: report.reference,
        status: report.status,
        level: report.threatLevel,
        inDanger: report.inDanger,
        routingReason: report.routingReason,
        unitName: unitLabel,
        isOwner: report.ownerUserId === user.id,
        createdAt: format.format(report.createdAt),
        outcome: report.outcome,
        escalationStage: report.escalationStage,
        nextEscalationAt: report.nextEscalationAt ? format.format(report.nextEscalationAt) : null,
        followUpDueAt: report.followUpDueAt ? format.format(report.followUpDueAt) : null,
        followUpPaused: report.status === "waiting_for_reporter",
        locale: report.locale,
      },
      templates,
      evidence,
      // Without JavaScript the picker is a GET: the page comes back with the chosen text in the message box.
      prefill: chosen ? { id: chosen.id, text: chosen.text } : null,
      view: {
        ...view,
        events: view.events.map((event) => ({ ...event, at: format.format(event.at) })),
        attachments: view.attachments.map((attachment) => ({ ...attachment, createdAt: format.format(attachment.createdAt) })),
      },
      police: police ? { ...police, lastChange: police.lastChangeAt ? format.format(police.lastChangeAt) : null } : null,
      linked: linked ? { members: linked.members.map(({ id, reference, status }) => ({ id, reference, status })), events: linked.events.map((event) => ({ ...event, at: format.format(event.at) })) } : null,
      candidates: cipher ? candidates.map((candidate) => ({ id: candidate.id, name: candidate.name })) : [],
      keyHolders,
      // A new one for every page shown: the same form sent twice does its work once.
      formKey: crypto.randomUUID(),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { user, privateKey, db, ip, formData, parse } = await staffAction(args, { namespace: "report", roles: ["officer", "administrator"] });
  const report = await findVisibleReport(db, user, args.params.reportId ?? "");
  if (!report) throw new Response("Not found", { status: 404 });
  if (formData.get("intent") === "link" || formData.get("intent") === "unlink") {
    const answer = await linkFormAction(db, report.id, formData, { user, now: new Date(), ip });
    return data(answer.body, { status: answer.status });
  }
  // The strings as sent: "" is a text too short, not a missing field.
  const parsed = await parse(actionSchema, { coerce: false });
  // What was typed comes back with an error, so nothing is lost (without JavaScript the page is new).
  const typed = { text: String(formData.get("text") ?? formData.get("note") ?? "").slice(0, 5000), police: formData.get("intent") === "police" ? typedPoliceFields(formData) : null };
  if (parsed.status !== "success") {
    const submission = parsed.reply();
    const issue = firstError(submission);
    return data({ intent: String(formData.get("intent") ?? ""), error: issue?.message ?? "errors.required", field: issue?.field ?? "", done: null, typed, submission }, { status: 400 });
  }
  const formKey = z.uuid().safeParse(formData.get("formKey"));
  const { intent, ...rest } = parsed.value;
  const policeProblem = parsed.value.intent === "police" ? policeCaseProblem(parsed.value) : null;
  if (policeProblem) return data({ intent, error: policeProblem.error, field: policeProblem.field, done: null, typed }, { status: 400 });
  const config = getConfig();
  const result = await applyCaseAction(db, report.id, { type: intent, ...rest } as CaseAction, {
    keys: getSealingKeys(),
    user,
    privateKey,
    now: new Date(),
    origin: publicOrigin(request, config.PUBLIC_URL),
    ip,
    followUpHours: config.FOLLOW_UP_HOURS,
    formKey: formKey.success ? formKey.data : undefined,
  });
  if (!result.ok) return data({ intent, error: result.error, field: "", done: null, typed }, { status: 409 });
  return { intent, error: null, field: "", done: `case.done.${intent}`, typed: null };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true, staffMainClass: "case" } satisfies StaffShellHandle;

/** A submit button that cannot send its form twice: it is disabled while its own form is on the way. */
function SendButton({ intent, className, children, ...rest }: { intent: string; className?: string; children: ReactNode; "data-action"?: string }) {
  const navigation = useNavigation();
  const { t } = useTranslation("report");
  // Submitting, then loading the page again: the button stays off until the page shows the result.
  const sending = navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  return (
    <button type="submit" className={className} disabled={sending} aria-disabled={sending || undefined} {...rest}>
      {sending ? t("case.sending") : children}
    </button>
  );
}

/** The closing note as the reporter will see it on their status page, as it is typed (with JavaScript). */
function ClosingNote({ outcomeLabel, initial }: { outcomeLabel: (outcome: string) => string; initial: string }) {
  const { t } = useTranslation("report");
  const [note, setNote] = useState(initial);
  const [outcome, setOutcome] = useState<string>(reportOutcomes[0]);
  return (
    <>
      <label htmlFor="close-outcome">{t("case.outcome")}</label>
      <select id="close-outcome" name="outcome" value={outcome} onChange={(event) => setOutcome(event.target.value)}>
        {reportOutcomes.map((value) => (
          <option key={value} value={value}>{outcomeLabel(value)}</option>
        ))}
      </select>
      <label htmlFor="close-note">{t("case.closingNote")}</label>
      <p id="close-note-hint" className="field-hint" data-closing-note-hint="">{t("case.closingNoteHint")}</p>
      <textarea id="close-note" name="note" rows={3} required aria-describedby="close-note-hint close-preview" value={note} onChange={(event) => setNote(event.target.value)} />
      <div className="closing-preview" id="close-preview" data-closing-preview="">
        <p className="closing-preview__title">{t("case.previewTitle")}</p>
        <p className="article-meta">
          {t("statuses.closed")} · {outcomeLabel(outcome)}
        </p>
        <p className="preserve-lines">{note.trim() ? note : t("case.previewEmpty")}</p>
      </div>
    </>
  );
}

export default function CasePage() {
  const { locale, user, report, view, candidates, keyHolders, formKey, templates, prefill, police, linked, evidence } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("report");
  const c = view.contents;
  const transferToMe = view.pendingTransfer?.toUserId === user.id;
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="formKey" value={formKey} />
    </>
  );
  // After an error, the text that was sent goes back into its box; after success the forms are new (keyed by formKey).
  const typedFor = (intent: string) => (actionData?.error && actionData.intent === intent ? (actionData.typed?.text ?? "") : "");
  // Confirmed once the page shows the case as it now is (the loader runs again after the action).
  const settled = useNavigation().state === "idle";
  const done = settled ? (actionData?.done ?? null) : null;
  const confirmation = useRef<HTMLParagraphElement>(null);
  const messageBox = useRef<HTMLTextAreaElement>(null);
  // With JavaScript the picker fills the box where the officer is (nothing typed elsewhere is lost).
  const insertTemplate = (event: FormEvent<HTMLFormElement>) => {
    const id = new FormData(event.currentTarget).get("template");
    const template = templates.find((candidate) => candidate.id === id);
    if (!template || !messageBox.current) return;
    event.preventDefault();
    messageBox.current.value = template.text;
    messageBox.current.focus();
  };
  // A template chosen without JavaScript, until an action has been sent from this page.
  const messageInitial = actionData ? typedFor("message") : (prefill?.text ?? "");
  useEffect(() => {
    if (done) confirmation.current?.focus();
  }, [done, actionData]);
  return (
    <>
      {report.inDanger ? <p className="danger-now" role="status">{t("case.inDanger")}</p> : null}
      <h1>
        {t("case.title")} {report.reference}
      </h1>
      {actionData?.error ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{t(actionData.error)}</p>
        </div>
      ) : null}
      {/* Always in the page, so screen readers announce what is put into it. */}
      <div role="status" className="status-region">
        {done ? (
          <p className="notice notice--done" ref={confirmation} tabIndex={-1} data-confirmation={actionData?.intent}>
            {t(done)}
          </p>
        ) : null}
      </div>
      <dl className="case-facts" data-case-status={report.status}>
        <div><dt>{t("queue.status")}</dt><dd>{t(`staffStatuses.${report.status}`)}{report.outcome ? ` · ${t(`outcomes.${report.outcome}`)}` : null}</dd></div>
        <div><dt>{t("fields.level")}</dt><dd>{report.level} – {t(`levels.${report.level}.label`)}</dd></div>
        <div><dt>{t("case.unit")}</dt><dd data-routing={report.routingReason}>{report.unitName} ({t(`routing.${report.routingReason}`)})</dd></div>
        <div><dt>{t("case.owner")}</dt><dd data-owner="">{view.ownerName ?? t("case.noOwner")}</dd></div>
        <div><dt>{t("queue.received")}</dt><dd>{report.createdAt}</dd></div>
        {report.nextEscalationAt ? <div><dt>{t("case.escalatesAt")}</dt><dd>{report.nextEscalationAt}</dd></div> : null}
        {report.followUpDueAt ? <div><dt>{t("case.followUpDue")}</dt><dd data-follow-up="">{report.followUpDueAt}</dd></div> : null}
        {report.followUpPaused ? <div><dt>{t("case.followUpDue")}</dt><dd data-follow-up="paused">{t("case.followUpPaused")}</dd></div> : null}
      </dl>

      {view.pendingTransfer ? (
        <section className="notice" aria-labelledby="transfer-title" data-pending-transfer={view.pendingTransfer.toName}>
          <h2 id="transfer-title">{t("case.transferPending", { name: view.pendingTransfer.toName })}</h2>
          {transferToMe ? (
            <div className="button-row">
              <Form method="post">{hidden("accept")}<button type="submit">{t("case.accept")}</button></Form>
              <Form method="post">{hidden("decline")}<button type="submit" className="button--secondary">{t("case.decline")}</button></Form>
            </div>
          ) : null}
        </section>
      ) : null}

      {!c ? (
        <section className="notice" role="status" data-sealed-report="" aria-labelledby="sealed-title">
          <h2 id="sealed-title">{t("case.sealedTitle")}</h2>
          <p>{t("case.sealedLead")}</p>
          <p>{keyHolders.length ? t("case.sealedAsk", { names: keyHolders.join(", ") }) : t("case.sealedNobody")}</p>
        </section>
      ) : null}

      {c && report.status === "received" ? (
        <Form method="post">
          {hidden("acknowledge")}
          <SendButton intent="acknowledge" data-action="acknowledge">{t("case.acknowledge")}</SendButton>
        </Form>
      ) : null}

      {c ? (
      <section aria-labelledby="contents-title">
        <h2 id="contents-title">{t("case.contents")}</h2>
        <dl className="case-facts">
          <div><dt>{t("fields.role")}</dt><dd>{t(`roles.${c.role}`)}</dd></div>
          <div><dt>{t("fields.party")}</dt><dd>{c.partyName ?? t("form.independent")}</dd></div>
          <div><dt>{t("fields.place")}</dt><dd>{c.placeName ?? "—"}</dd></div>
          <div><dt>{t("fields.when")}</dt><dd>{[c.when, c.time].filter(Boolean).join(" ")}</dd></div>
          <div><dt>{t("fields.where")}</dt><dd>{c.where ?? "—"}</dd></div>
          <div><dt>{t("fields.perpetrator")}</dt><dd className="preserve-lines">{c.perpetrator ?? "—"}</dd></div>
          <div><dt>{t("fields.policeTold")}</dt><dd>{c.policeTold ? t("form.yes") : t("form.no")}</dd></div>
          <div><dt>{t("fields.policeCaseNumber")}</dt><dd data-police-case="">{view.policeCaseNumber ?? c.policeCaseNumber ?? "—"}</dd></div>
          <div><dt>{t("fields.contactMethod")}</dt><dd>{t(`contact.${c.contactMethod}`)} {c.contactEmail ?? c.contactPhone ?? ""}</dd></div>
        </dl>
        <h3>{t("fields.description")}</h3>
        <p className="preserve-lines" data-description="">{c.description}</p>
        {view.attachments.length ? (
          <>
            <h3>{t("fields.attachments")}</h3>
            <CaseFiles locale={locale} reportId={report.id} files={view.attachments} />
          </>
        ) : null}
      </section>
      ) : null}

      {c && evidence ? <EvidenceList view={evidence} action={`/${locale}/staff/reports/${report.id}/evidence`} packageHref={`/${locale}/staff/reports/${report.id}/evidence`} formKey={formKey} /> : null}

      {c && report.isOwner ? (
        <section key={`actions-${formKey}`} aria-labelledby="owner-actions" className="no-print case-actions">
          <h2 id="owner-actions">{t("case.actions")}</h2>
          {report.status !== "closed" ? (
            <>
              {templates.length ? (
                <form method="get" className="inline-form" onSubmit={insertTemplate} data-template-picker="">
                  <label htmlFor="template-select">{t("case.templateLabel")}</label>
                  <p id="template-hint" className="field-hint">{t("case.templateHint", { language: t(`case.languages.${report.locale}`, { defaultValue: report.locale }) })}</p>
                  <select id="template-select" name="template" defaultValue={prefill?.id ?? templates[0]!.id} aria-describedby="template-hint">
                    {templates.map((template) => (
                      <option key={template.id} value={template.id}>{template.name}</option>
                    ))}
                  </select>
                  <button type="submit" className="button--secondary" data-action="insert-template">{t("case.templateInsert")}</button>
                </form>
              ) : null}
              <Form method="post" className="stacked-form" action={`/${locale}/staff/reports/${report.id}`}>
                {hidden("message")}
                <label htmlFor="message-text">{t("case.messageLabel")}</label>
                <p id="message-hint" className="field-hint">{t("case.messageHint")}</p>
                <textarea id="message-text" name="text" rows={4} aria-describedby="message-hint" required defaultValue={messageInitial} ref={messageBox} data-message-language={report.locale} />
                <SendButton intent="message">{t("case.sendMessage")}</SendButton>
              </Form>
              <Form method="post" className="inline-form">
                {hidden("status")}
                <label htmlFor="status-select">{t("case.changeStatus")}</label>
                <select id="status-select" name="status" defaultValue={report.status === "waiting_for_reporter" ? "in_progress" : "waiting_for_reporter"}>
                  <option value="in_progress">{t("staffStatuses.in_progress")}</option>
                  <option value="waiting_for_reporter">{t("staffStatuses.waiting_for_reporter")}</option>
                </select>
                <SendButton intent="status" className="button--secondary">{t("case.save")}</SendButton>
              </Form>
              {candidates.length && !view.pendingTransfer ? (
                <Form method="post" className="inline-form">
                  {hidden("offer")}
                  <label htmlFor="offer-to">{t("case.offerTo")}</label>
                  <select id="offer-to" name="toUserId">
                    {candidates.map((candidate) => (
                      <option key={candidate.id} value={candidate.id}>{candidate.name}</option>
                    ))}
                  </select>
                  <button type="submit" className="button--secondary">{t("case.offer")}</button>
                </Form>
              ) : null}
              <Form method="post" className="stacked-form">
                {hidden("close")}
                <fieldset>
                  <legend>{t("case.closeTitle")}</legend>
                  <ClosingNote outcomeLabel={(outcome) => t(`outcomes.${outcome}`)} initial={typedFor("close")} />
                  <SendButton intent="close">{t("case.close")}</SendButton>
                </fieldset>
              </Form>
            </>
          ) : (
            <Form method="post">
              {hidden("reopen")}
              <button type="submit">{t("case.reopen")}</button>
            </Form>
          )}
        </section>
      ) : null}

      {c ? (
      <section key={`note-${formKey}`} aria-labelledby="note-title" className="no-print">
        <h2 id="note-title">{t("case.noteTitle")}</h2>
        <Form method="post" className="stacked-form">
          {hidden("note")}
          <label htmlFor="note-text">{t("case.noteLabel")}</label>
          <textarea id="note-text" name="text" rows={3} required defaultValue={typedFor("note")} />
          <SendButton intent="note" className="button--secondary">{t("case.addNote")}</SendButton>
        </Form>
      </section>
      ) : null}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("status.timeline")}</h2>
        <ol className="timeline" data-timeline="">
          {view.events.map((event) => (
            <li key={event.id} data-event={event.type}>
              <p className="article-meta">
                {event.at} · {t(`events.${event.type}`)} · {event.actorName ?? t(`actors.${event.actorKind}`)}
                {event.public ? "" : ` · ${t("case.internal")}`}
              </p>
              {event.body ? <p className="preserve-lines">{event.body}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      {c ? <PoliceCaseSection police={police} editable={report.isOwner && report.status !== "closed"} formKey={formKey} error={actionData?.intent === "police" && actionData.error ? { field: actionData.field, message: actionData.error } : null} typed={actionData?.intent === "police" && actionData.error ? (actionData.typed?.police ?? null) : null} /> : null}
      <LinkedReports locale={locale} reportId={report.id} linked={linked} formKey={formKey} error={actionData && (actionData.intent === "link" || actionData.intent === "unlink") ? actionData.error : null} typedReference={actionData?.intent === "link" && actionData.error ? (actionData.typed?.text ?? "") : ""} />

      {c ? <PoliceSummary reference={report.reference} createdAt={report.createdAt} level={report.level} contents={c} policeCaseNumber={view.policeCaseNumber} /> : null}
      {c ? <PrintButton label={t("status.print")} /> : null}
    </>
  );
}
