import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportAttachments, reportEvents, reportKeys, reports, reportStatistics, reportTransfers, unitKeyGrants, unitKeys, unitOfficers, users, type Report, type ReportEventType, type ReportOutcome, type User } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import { openReportKeyForStaff, reportCipher, sealReportKeyToUnits, type ReportCipher } from "~/domain/sealing/report-keys.server";
import type { SealingKeys } from "~/domain/sealing/unit-keys.server";
import { isLocale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";
import { followUpMs } from "./deadlines";
import { evidenceColumns, evidenceView } from "./evidence-files.server";
import type { PoliceCaseInput } from "./police-case";
import { savePoliceCase } from "./police-tracker.server";
import type { ReportContents } from "./report-form";

export type CaseAction =
  | { type: "acknowledge" }
  | { type: "note"; text: string }
  | { type: "message"; text: string }
  | { type: "status"; status: "in_progress" | "waiting_for_reporter" }
  | ({ type: "police" } & PoliceCaseInput)
  | { type: "offer"; toUserId: string }
  | { type: "accept" }
  | { type: "decline" }
  | { type: "close"; outcome: ReportOutcome; note: string }
  | { type: "reopen" };

export interface CaseContext {
  keys: SealingKeys;
  user: User;
  /** The officer's account private key, from their session: it opens the unit keys they hold. */
  privateKey: Buffer | null;
  now: Date;
  origin: string;
  ip: string | null;
  followUpHours: readonly [number, number, number];
  /**
   * The one-time key of the form the action came from. A second request with the same key (a
   * double click without JavaScript, a resent POST) is answered as done and changes nothing.
   */
  formKey?: string;
}

export type CaseResult = { ok: true; repeated?: boolean } | { ok: false; error: string };

const refuse = (error: string): CaseResult => ({ ok: false, error });

export function reportContents(cipher: ReportCipher, report: Report): ReportContents {
  return cipher.openContents<ReportContents>(report.sealed);
}

/** The cipher of a report for this officer, or null when they hold no key it is sealed to. */
export async function staffCipher(db: Executor, keys: SealingKeys, reportId: string, account: { user: User; privateKey: Buffer | null }): Promise<ReportCipher | null> {
  const key = await openReportKeyForStaff(db, keys, reportId, { id: account.user.id, publicKey: account.user.publicKey, privateKey: account.privateKey });
  return key ? reportCipher(reportId, key) : null;
}

/**
 * Applies one officer action to a report the officer may see, in one transaction with its
 * timeline event and audit entry (and the reporter's mail where there is one). The report is read
 * again inside the transaction, locked (FOR UPDATE), and every rule is decided on that row, so two
 * officers acting at once are served one after the other. Ownership rules: acknowledging makes
 * you the owner; only the owner messages, changes status, offers a transfer, closes or reopens; a
 * transfer changes the owner only when the receiver accepts. Every action needs the report's key.
 */
export async function applyCaseAction(db: Executor, reportId: string, action: CaseAction, context: CaseContext): Promise<CaseResult> {
  const { user, now } = context;
  return db.transaction(async (tx) => {
    const [report] = await tx.select().from(reports).where(eq(reports.id, reportId)).for("update");
    if (!report) return refuse("case.errors.gone");
    // Decided under the row lock: of two requests from the same form, the second sees the first's event.
    const formKey = context.formKey ? `${action.type}:${context.formKey}` : null;
    if (formKey) {
      const [earlier] = await tx
        .select({ id: reportEvents.id })
        .from(reportEvents)
        .where(and(eq(reportEvents.reportId, report.id), sql`${reportEvents.details}->>'formKey' = ${formKey}`))
        .limit(1);
      if (earlier) return { ok: true, repeated: true };
    }
    const cipher = await staffCipher(tx, context.keys, report.id, context);
    if (!cipher) return refuse("case.errors.noKey");
    const isOwner = report.ownerUserId === user.id;
    const ownerOnly = ["message", "status", "police", "offer", "close", "reopen"];
    if (ownerOnly.includes(action.type) && !isOwner) return refuse("case.errors.notOwner");
    const event = async (type: ReportEventType, options: { public?: boolean; body?: string; details?: Record<string, string | number | null> } = {}) => {
      await tx.insert(reportEvents).values({
        reportId: report.id,
        at: now,
        type,
        actorUserId: user.id,
        actorKind: "officer",
        public: options.public ?? false,
        bodySealed: options.body ? cipher.sealText("event", options.body) : null,
        details: formKey ? { ...options.details, formKey } : (options.details ?? {}),
      });
      await recordAudit(tx, { actorUserId: user.id, action: `report.${type}`, subjectType: "report", subjectId: report.id, ip: context.ip, details: options.details ?? {} });
    };
    const update = (values: Partial<typeof reports.$inferInsert>) => tx.update(reports).set({ ...values, updatedAt: now }).where(eq(reports.id, report.id));
    const tellReporter = async (what: string) => {
      if (!report.hasContactEmail) return;
      const contents = reportContents(cipher, report);
      if (!contents.contactEmail) return;
      const locale = isLocale(report.locale) ? report.locale : "da";
      // The address is sealed in the outbox until the provider has the mail, then forgotten.
      await enqueueMail(tx, {
        now,
        to: contents.contactEmail,
        locale,
        idempotencyKey: `reporter-update:${report.id}:${what}:${now.getTime()}`,
        reportId: report.id,
        message: { kind: "reporterUpdate", reference: report.reference, link: `${context.origin}/${locale}/report/status` },
      }, context.keys.ring);
    };
    const followUpFrom = (start: Date) => new Date(start.getTime() + followUpMs(report.threatLevel, context.followUpHours));

    switch (action.type) {
      case "acknowledge": {
        if (report.status !== "received") return refuse("case.errors.alreadyAcknowledged");
        // Only one officer can take it: the update checks the status it expects.
        const taken = await tx
          .update(reports)
          .set({ status: "acknowledged", ownerUserId: user.id, acknowledgedAt: now, nextEscalationAt: null, followUpDueAt: followUpFrom(now), updatedAt: now })
          .where(and(eq(reports.id, report.id), eq(reports.status, "received")))
          .returning({ id: reports.id });
        if (taken.length === 0) return refuse("case.errors.alreadyAcknowledged");
        await tx
          .update(reportStatistics)
          .set({ minutesToAcknowledge: Math.round((now.getTime() - report.createdAt.getTime()) / 60_000) })
          .where(eq(reportStatistics.reportId, report.id));
        await event("acknowledged", { public: true });
        return { ok: true };
      }
      case "note":
        await event("note", { body: action.text });
        return { ok: true };
      case "message":
        if (report.status === "closed") return refuse("case.errors.closed");
        await event("message_to_reporter", { public: true, body: action.text });
        await tellReporter("message");
        return { ok: true };
      case "status": {
        if (report.status === "closed" || report.status === "received") return refuse("case.errors.badTransition");
        if (report.status === action.status) return { ok: true };
        if (action.status === "waiting_for_reporter") {
          // The follow-up clock stops while the case waits for the reporter.
          const remaining = report.followUpDueAt ? Math.max(0, report.followUpDueAt.getTime() - now.getTime()) : null;
          await update({ status: "waiting_for_reporter", followUpDueAt: null, followUpRemainingMs: remaining });
        } else {
          await update({ status: "in_progress", ...resumeFollowUp(report, now) });
        }
        await event("status_changed", { public: true, details: { from: report.status, to: action.status } });
        return { ok: true };
      }
      case "police": {
        if (report.status === "closed") return refuse("case.errors.closed");
        const changed = await savePoliceCase(tx, report, cipher, action, { userId: user.id, now });
        if (changed) await event("police_case_updated", { public: true, details: changed });
        return { ok: true };
      }
      case "offer": {
        // The page offers no transfer of a closed case; one closed meanwhile is refused the same way.
        if (report.status === "closed") return refuse("case.errors.closed");
        if (action.toUserId === user.id) return refuse("case.errors.offerSelf");
        const [pending] = await tx.select().from(reportTransfers).where(and(eq(reportTransfers.reportId, report.id), eq(reportTransfers.status, "pending")));
        if (pending) return refuse("case.errors.offerPending");
        const candidates = await transferCandidates(tx, report);
        const receiver = candidates.find((candidate) => candidate.id === action.toUserId);
        if (!receiver) return refuse("case.errors.offerNotAllowed");
        // The receiver holds their unit's current key; if the report is not yet sealed to it (a
        // newer key than at submission), the offering officer's session seals it now.
        if (receiver.unitKeyId && !receiver.alreadySealed) {
          const [unitKey] = await tx.select().from(unitKeys).where(eq(unitKeys.id, receiver.unitKeyId));
          if (unitKey) await sealReportKeyToUnits(tx, report.id, cipher.key, [unitKey], now);
        }
        await tx.insert(reportTransfers).values({ reportId: report.id, fromUserId: user.id, toUserId: receiver.id, createdAt: now });
        await event("transfer_offered", { details: { toUserId: receiver.id } });
        const locale = isLocale(receiver.locale) ? receiver.locale : "da";
        await enqueueMail(tx, {
          now,
          to: receiver.email,
          locale,
          idempotencyKey: `transfer:${report.id}:${receiver.id}:${now.getTime()}`,
          reportId: report.id,
          message: { kind: "transferOffered", reference: report.reference, link: `${context.origin}/${locale}/staff/reports/${report.id}` },
        });
        return { ok: true };
      }
      case "accept":
      case "decline": {
        const [offer] = await tx
          .update(reportTransfers)
          .set({ status: action.type === "accept" ? "accepted" : "declined", decidedAt: now })
          .where(and(eq(reportTransfers.reportId, report.id), eq(reportTransfers.toUserId, user.id), eq(reportTransfers.status, "pending")))
          .returning();
        if (!offer) return refuse("case.errors.noOffer");
        if (action.type === "accept") await update({ ownerUserId: user.id });
        await event(action.type === "accept" ? "transfer_accepted" : "transfer_declined", { details: { fromUserId: offer.fromUserId } });
        return { ok: true };
      }
      case "close":
        if (report.status === "closed") return refuse("case.errors.closed");
        if (report.status === "received") return refuse("case.errors.badTransition");
        await update({
          status: "closed",
          outcome: action.outcome,
          closedAt: now,
          followUpDueAt: null,
          followUpRemainingMs: null,
          closingNoteSealed: cipher.sealText("closing", action.note),
        });
        await tx.update(reportStatistics).set({ outcome: action.outcome, closedAt: now }).where(eq(reportStatistics.reportId, report.id));
        await event("closed", { public: true, body: action.note, details: { outcome: action.outcome } });
        await tellReporter("closed");
        return { ok: true };
      case "reopen":
        if (report.status !== "closed") return refuse("case.errors.badTransition");
        await update({ status: "in_progress", closedAt: null, outcome: null, followUpDueAt: followUpFrom(now), followUpRemainingMs: null });
        await tx.update(reportStatistics).set({ outcome: null, closedAt: null }).where(eq(reportStatistics.reportId, report.id));
        await event("reopened", { public: true });
        return { ok: true };
    }
  });
}

/** When a case leaves "waiting for reporter", the follow-up clock goes on with the time it had left. */
export function resumeFollowUp(report: Report, now: Date): Partial<typeof reports.$inferInsert> {
  if (report.status !== "waiting_for_reporter") return {};
  return { followUpDueAt: report.followUpRemainingMs !== null ? new Date(now.getTime() + report.followUpRemainingMs) : null, followUpRemainingMs: null };
}

/**
 * Officers a case can be offered to: active officers of the units that can see it who hold their
 * unit's current key (those still waiting for a grant are not offered), with whether the report is
 * already sealed to a key they hold.
 */
export async function transferCandidates(db: Executor, report: Report) {
  if (report.visibleUnitIds.length === 0) return [];
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, unitKeyId: unitKeys.id })
    .from(unitOfficers)
    .innerJoin(users, eq(users.id, unitOfficers.userId))
    .innerJoin(unitKeys, and(eq(unitKeys.unitId, unitOfficers.unitId), isNull(unitKeys.retiredAt)))
    .innerJoin(unitKeyGrants, and(eq(unitKeyGrants.unitKeyId, unitKeys.id), eq(unitKeyGrants.userId, users.id), eq(unitKeyGrants.kind, "account")))
    .where(and(inArray(unitOfficers.unitId, report.visibleUnitIds), eq(users.status, "active")));
  const sealedTo = new Set((await db.select({ id: reportKeys.unitKeyId }).from(reportKeys).where(eq(reportKeys.reportId, report.id))).map((row) => row.id));
  const heldBy = new Map<string, Set<string>>();
  const all = await db
    .select({ userId: unitKeyGrants.userId, unitKeyId: unitKeyGrants.unitKeyId })
    .from(unitKeyGrants)
    .where(and(inArray(unitKeyGrants.userId, [...new Set(rows.map((row) => row.id))].concat(["00000000-0000-0000-0000-000000000000"])), eq(unitKeyGrants.kind, "account")));
  for (const grant of all) heldBy.set(grant.userId, (heldBy.get(grant.userId) ?? new Set()).add(grant.unitKeyId));
  const byUser = new Map<string, (typeof rows)[number] & { alreadySealed: boolean }>();
  for (const row of rows) {
    if (row.id === report.ownerUserId) continue;
    const alreadySealed = [...(heldBy.get(row.id) ?? [])].some((id) => sealedTo.has(id));
    const known = byUser.get(row.id);
    if (!known || (!known.alreadySealed && alreadySealed)) byUser.set(row.id, { ...row, alreadySealed });
  }
  return [...byUser.values()];
}

/** Everything an officer sees on the case page, opened with the report's key. Reading it is audited by the caller. */
export async function caseView(db: Executor, cipher: ReportCipher | null, report: Report) {
  const events = await db
    .select({ id: reportEvents.id, at: reportEvents.at, type: reportEvents.type, actorKind: reportEvents.actorKind, actorName: users.name, public: reportEvents.public, bodySealed: reportEvents.bodySealed, details: reportEvents.details })
    .from(reportEvents)
    .leftJoin(users, eq(users.id, reportEvents.actorUserId))
    .where(eq(reportEvents.reportId, report.id))
    .orderBy(asc(reportEvents.at), asc(sql`${reportEvents.id}`));
  const attachments = await db
    .select({ id: reportAttachments.id, nameSealed: reportAttachments.nameSealed, contentType: reportAttachments.contentType, size: reportAttachments.size, addedBy: reportAttachments.addedBy, createdAt: reportAttachments.createdAt, ...evidenceColumns })
    .from(reportAttachments)
    .where(eq(reportAttachments.reportId, report.id))
    .orderBy(asc(reportAttachments.createdAt));
  const [pendingTransfer] = await db
    .select({ toUserId: reportTransfers.toUserId, toName: users.name, fromUserId: reportTransfers.fromUserId })
    .from(reportTransfers)
    .innerJoin(users, eq(users.id, reportTransfers.toUserId))
    .where(and(eq(reportTransfers.reportId, report.id), eq(reportTransfers.status, "pending")));
  const [owner] = report.ownerUserId ? await db.select({ name: users.name }).from(users).where(eq(users.id, report.ownerUserId)) : [];
  return {
    // Without the key: metadata only (times, kinds of events, sizes), never a word of the contents.
    sealed: cipher === null,
    contents: cipher ? reportContents(cipher, report) : null,
    policeCaseNumber: cipher && report.policeCaseSealed ? cipher.openText("police", report.policeCaseSealed) : null,
    closingNote: cipher && report.closingNoteSealed ? cipher.openText("closing", report.closingNoteSealed) : null,
    ownerName: owner?.name ?? null,
    pendingTransfer: pendingTransfer ?? null,
    events: events.map(({ bodySealed, ...rest }) => ({ ...rest, body: cipher && bodySealed ? cipher.openText("event", bodySealed) : null })),
    attachments: attachments.map(({ nameSealed, sha256Sealed, metadataSealed, keptOriginal, hasOriginal, ...rest }) => ({
      ...rest,
      name: cipher ? cipher.openAttachmentName(rest.id, nameSealed) : null,
      evidence: cipher ? evidenceView(cipher, { id: rest.id, sha256Sealed, metadataSealed, keptOriginal, hasOriginal }) : null,
    })),
  };
}
