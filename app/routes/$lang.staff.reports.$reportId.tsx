import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { invalidInput } from "~/domain/form-errors";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { reportOutcomes, units } from "@db/schema";
import { clientIp } from "~/auth/forms.server";
import { publicOrigin, requireStaff } from "~/auth/guards.server";
import { PoliceSummary } from "~/components/PoliceSummary";
import { StaffNav } from "~/components/StaffNav";
import { PrintButton } from "~/components/PrintButton";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { recordAudit } from "~/domain/audit.server";
import { findVisibleReport } from "~/domain/reports/access.server";
import { applyCaseAction, caseView, staffCipher, transferCandidates, type CaseAction } from "~/domain/reports/case.server";
import { unitKeyHolderNames } from "~/domain/sealing/unit-keys.server";
import { getSealingKeys } from "~/encryption-keys.server";
import { localeInfo } from "~/i18n/locales";
import { localeAndT } from "~/i18n/route.server";

const text = (max: number) => z.string().trim().min(1, "errors.required").max(max, "errors.tooLong");

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("acknowledge") }),
  z.object({ intent: z.literal("note"), text: text(5000) }),
  z.object({ intent: z.literal("message"), text: text(5000) }),
  z.object({ intent: z.literal("status"), status: z.enum(["in_progress", "waiting_for_reporter"]) }),
  z.object({ intent: z.literal("police"), caseNumber: text(60) }),
  z.object({ intent: z.literal("offer"), toUserId: z.uuid("case.errors.offerNotAllowed") }),
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("decline") }),
  z.object({ intent: z.literal("close"), outcome: z.enum(reportOutcomes, "errors.chooseOne"), note: text(5000) }),
  z.object({ intent: z.literal("reopen") }),
]);

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "report");
  const { user, privateKey } = await requireStaff(request, locale, ["officer", "administrator"]);
  const db = await getDb();
  const report = await findVisibleReport(db, user, params.reportId ?? "");
  // Another unit's report answers exactly like one that does not exist.
  if (!report) throw new Response("Not found", { status: 404 });
  const cipher = await staffCipher(db, getSealingKeys(), report.id, { user, privateKey });
  const view = await caseView(db, cipher, report);
  // Without the key: who could grant it (the holders of the report's unit's key).
  const keyHolders = cipher ? [] : await unitKeyHolderNames(db, report.unitId);
  await recordAudit(db, { actorUserId: user.id, action: "report.viewed", subjectType: "report", subjectId: report.id, ip: clientIp(context) });
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, report.unitId));
  const format = new Intl.DateTimeFormat(localeInfo[locale].intlTag, { dateStyle: "medium", timeStyle: "short", timeZone: localeInfo[locale].timeZone });
  const candidates = report.ownerUserId === user.id ? await transferCandidates(db, report) : [];
  return data(
    {
      locale,
      title: `${t("case.title")} ${report.reference}`,
      user: { id: user.id, name: user.name, roles: user.roles },
      report: {
        id: report.id,
        reference: report.reference,
        status: report.status,
        level: report.threatLevel,
        inDanger: report.inDanger,
        routingReason: report.routingReason,
        unitName: unit?.name ?? "",
        isOwner: report.ownerUserId === user.id,
        createdAt: format.format(report.createdAt),
        outcome: report.outcome,
        escalationStage: report.escalationStage,
        nextEscalationAt: report.nextEscalationAt ? format.format(report.nextEscalationAt) : null,
        followUpDueAt: report.followUpDueAt ? format.format(report.followUpDueAt) : null,
        followUpPaused: report.status === "waiting_for_reporter",
      },
      view: {
        ...view,
        events: view.events.map((event) => ({ ...event, at: format.format(event.at) })),
        attachments: view.attachments.map((attachment) => ({ ...attachment, createdAt: format.format(attachment.createdAt) })),
      },
      candidates: cipher ? candidates.map((candidate) => ({ id: candidate.id, name: candidate.name })) : [],
      keyHolders,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "report");
  const { user, privateKey } = await requireStaff(request, locale, ["officer", "administrator"]);
  const db = await getDb();
  const report = await findVisibleReport(db, user, params.reportId ?? "");
  if (!report) throw new Response("Not found", { status: 404 });
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()), { error: invalidInput });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return data({ intent: "", error: issue?.message ?? "errors.required", field: String(issue?.path.at(-1) ?? "") }, { status: 400 });
  }
  const { intent, ...rest } = parsed.data;
  const config = getConfig();
  const result = await applyCaseAction(db, report.id, { type: intent, ...rest } as CaseAction, {
    keys: getSealingKeys(),
    user,
    privateKey,
    now: new Date(),
    origin: publicOrigin(request, config.PUBLIC_URL),
    ip: clientIp(context),
    followUpHours: config.FOLLOW_UP_HOURS,
  });
  if (!result.ok) return data({ intent, error: result.error, field: "" }, { status: 409 });
  return { intent, error: null, field: "" };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function CasePage() {
  const { locale, user, report, view, candidates, keyHolders } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("report");
  const c = view.contents;
  const transferToMe = view.pendingTransfer?.toUserId === user.id;
  const hidden = (intent: string) => <input type="hidden" name="intent" value={intent} />;
  return (
    <div className="page staff-layout">
      <StaffNav locale={locale} name={user.name} roles={user.roles} />
      <div className="staff-main case">
        {report.inDanger ? <p className="danger-now" role="status">{t("case.inDanger")}</p> : null}
        <h1>
          {t("case.title")} {report.reference}
        </h1>
        {actionData?.error ? (
          <div className="error-summary" role="alert" tabIndex={-1}>
            <p>{t(actionData.error)}</p>
          </div>
        ) : null}
        <dl className="case-facts" data-case-status={report.status}>
          <div><dt>{t("queue.status")}</dt><dd>{t(`statuses.${report.status}`)}{report.outcome ? ` · ${t(`outcomes.${report.outcome}`)}` : null}</dd></div>
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
            <button type="submit" data-action="acknowledge">{t("case.acknowledge")}</button>
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
              <ul data-attachments="">
                {view.attachments.map((attachment) => (
                  <li key={attachment.id}>
                    <a href={`/${locale}/staff/reports/${report.id}/attachments/${attachment.id}`}>{attachment.name}</a> ({attachment.contentType}, {Math.ceil(attachment.size / 1024)} kB)
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        ) : null}

        {c && report.isOwner ? (
          <section aria-labelledby="owner-actions" className="no-print case-actions">
            <h2 id="owner-actions">{t("case.actions")}</h2>
            {report.status !== "closed" ? (
              <>
                <Form method="post" className="stacked-form">
                  {hidden("message")}
                  <label htmlFor="message-text">{t("case.messageLabel")}</label>
                  <p id="message-hint" className="field-hint">{t("case.messageHint")}</p>
                  <textarea id="message-text" name="text" rows={4} aria-describedby="message-hint" required />
                  <button type="submit">{t("case.sendMessage")}</button>
                </Form>
                <Form method="post" className="inline-form">
                  {hidden("status")}
                  <label htmlFor="status-select">{t("case.changeStatus")}</label>
                  <select id="status-select" name="status" defaultValue={report.status === "waiting_for_reporter" ? "in_progress" : "waiting_for_reporter"}>
                    <option value="in_progress">{t("statuses.in_progress")}</option>
                    <option value="waiting_for_reporter">{t("statuses.waiting_for_reporter")}</option>
                  </select>
                  <button type="submit" className="button--secondary">{t("case.save")}</button>
                </Form>
                <Form method="post" className="inline-form">
                  {hidden("police")}
                  <label htmlFor="police-number">{t("fields.policeCaseNumber")}</label>
                  <input id="police-number" name="caseNumber" type="text" maxLength={60} required />
                  <button type="submit" className="button--secondary">{t("case.save")}</button>
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
                    <label htmlFor="close-outcome">{t("case.outcome")}</label>
                    <select id="close-outcome" name="outcome">
                      {reportOutcomes.map((outcome) => (
                        <option key={outcome} value={outcome}>{t(`outcomes.${outcome}`)}</option>
                      ))}
                    </select>
                    <label htmlFor="close-note">{t("case.closingNote")}</label>
                    <textarea id="close-note" name="note" rows={3} required />
                    <button type="submit">{t("case.close")}</button>
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
        <section aria-labelledby="note-title" className="no-print">
          <h2 id="note-title">{t("case.noteTitle")}</h2>
          <Form method="post" className="stacked-form">
            {hidden("note")}
            <label htmlFor="note-text">{t("case.noteLabel")}</label>
            <textarea id="note-text" name="text" rows={3} required />
            <button type="submit" className="button--secondary">{t("case.addNote")}</button>
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

        {c ? <PoliceSummary reference={report.reference} createdAt={report.createdAt} level={report.level} contents={c} policeCaseNumber={view.policeCaseNumber} /> : null}
        {c ? <PrintButton label={t("status.print")} /> : null}
      </div>
    </div>
  );
}
