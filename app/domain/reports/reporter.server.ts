import { throttleClientKey } from "~/auth/client-key";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportAttachments, reportEvents, reports, reportStatistics, users, type Report } from "@db/schema";
import { checkThrottle, recordFailure, type ThrottlePolicy } from "~/auth/throttle.server";
import { openWithReceipt, reportCipher, type ReportCipher } from "~/domain/sealing/report-keys.server";
import { MAX_ATTACHMENTS } from "./attachments";
import { attachmentColumns } from "./evidence-files.server";
import { isLocale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";
import { resumeFollowUp } from "./case.server";
import { followUpMs } from "./deadlines";
import { firstRecipients, type Recipient } from "./recipients.server";
import { hashReceiptCode, normalizeReference, receiptCodeMatches } from "./receipt.server";
import type { IncomingAttachment } from "./submit.server";
import { storeEvidenceItems, type IncomingEvidence } from "./evidence.server";

/** Receipt-code guessing: 5 free tries, then delays doubling up to 5 minutes, per IP and per reference. */
export const receiptPolicy: ThrottlePolicy = { freeFailures: 5, baseDelaySeconds: 2, maxDelaySeconds: 300, windowSeconds: 3600 };

export type OpenResult =
  | { ok: true; report: Report; cipher: ReportCipher }
  | { ok: false; reason: "invalid" | "throttled" | "sealing"; retryAfterSeconds?: number };

// A hash to compare against when the reference does not exist, so the work (and the answer) is the same.
const absentHash = hashReceiptCode("absent-reference-placeholder");

/** The reporter's only key to their report: reference and receipt code, compared in constant time. */
export async function openReportWithCode(db: Executor, input: { reference: string; code: string; ip: string | null }, now: Date): Promise<OpenResult> {
  const reference = normalizeReference(input.reference).slice(0, 40);
  // Wrong guesses are counted per client only: the code has ≈ 99 bits, so guessing is hopeless, and
  // counting per reference would let anyone lock a reporter out of their own report.
  const keys = [`receipt:client:${throttleClientKey(input.ip)}`];
  for (const key of keys) {
    const state = await checkThrottle(db, key, now, receiptPolicy);
    if (!state.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: state.retryAfterSeconds };
  }
  const [report] = await db.select().from(reports).where(eq(reports.reference, reference));
  const matches = receiptCodeMatches(report?.receiptHash ?? absentHash, input.code);
  if (!report || !matches) {
    for (const key of keys) await recordFailure(db, key, now, receiptPolicy);
    return { ok: false, reason: "invalid" };
  }
  // The code itself unwraps the report's key: nothing on the server could.
  const key = openWithReceipt(report, input.code);
  // A report filed before sealing, not yet re-sealed by the sealing job (it runs at start).
  if (!key) return { ok: false, reason: "sealing" };
  return { ok: true, report, cipher: reportCipher(report.id, key) };
}

/** What the reporter sees: public events (their messages and the officer's), and their own files. */
export async function publicTimeline(db: Executor, cipher: ReportCipher, report: Report) {
  const events = await db
    .select()
    .from(reportEvents)
    .where(and(eq(reportEvents.reportId, report.id), eq(reportEvents.public, true)))
    .orderBy(asc(reportEvents.at));
  const files = await db
    .select({ id: reportAttachments.id, nameSealed: reportAttachments.nameSealed, addedBy: reportAttachments.addedBy, createdAt: reportAttachments.createdAt })
    .from(reportAttachments)
    .where(eq(reportAttachments.reportId, report.id));
  return {
    events: events.map((event) => ({
      id: event.id,
      at: event.at,
      type: event.type,
      actorKind: event.actorKind,
      body: event.bodySealed ? cipher.openText("event", event.bodySealed) : null,
      // The officer's form key is the server's business, not the reporter's.
      details: Object.fromEntries(Object.entries(event.details).filter(([key]) => key !== "formKey")),
    })),
    files: files.map((file) => ({ id: file.id, name: cipher.openAttachmentName(file.id, file.nameSealed), addedBy: file.addedBy, createdAt: file.createdAt })),
  };
}

/**
 * A message (and files) from the reporter. A case that was waiting for the reporter goes back to
 * "in progress", and its follow-up clock runs again. A closed case is reopened: the reporter is
 * never at a dead end; its owner (or, without an active owner, the unit's officers) is mailed.
 */
export async function addReporterMessage(
  db: Executor,
  cipher: ReportCipher,
  input: { text: string | null; attachments: IncomingAttachment[]; evidence?: IncomingEvidence },
  now: Date,
  context: { followUpHours: readonly [number, number, number]; origin: string },
): Promise<{ ok: true; reopened: boolean } | { ok: false; error: string }> {
  return db.transaction(async (tx) => {
    // Decided on the row as it is now, locked: an officer closing the case at this moment wins or waits.
    const [report] = await tx.select().from(reports).where(eq(reports.id, cipher.reportId)).for("update");
    if (!report) return { ok: false as const, error: "status.errors.visitEnded" };
    const existing = await tx.select({ id: reportAttachments.id }).from(reportAttachments).where(eq(reportAttachments.reportId, report.id));
    if (existing.length + input.attachments.length > MAX_ATTACHMENTS * 2) return { ok: false as const, error: "errors.tooManyFiles" };
    if (report.status === "closed") {
      // As when an officer reopens: in progress, a fresh follow-up deadline, no closure left for retention to purge on.
      await tx
        .update(reports)
        .set({ status: "in_progress", closedAt: null, outcome: null, followUpDueAt: new Date(now.getTime() + followUpMs(report.threatLevel, context.followUpHours)), followUpRemainingMs: null, updatedAt: now })
        .where(eq(reports.id, report.id));
      await tx.update(reportStatistics).set({ outcome: null, closedAt: null }).where(eq(reportStatistics.reportId, report.id));
      await tx.insert(reportEvents).values({ reportId: report.id, at: now, type: "reopened", actorKind: "reporter", public: true });
      for (const recipient of await reopenRecipients(tx, report)) {
        await enqueueMail(tx, {
          now,
          to: recipient.email,
          locale: recipient.locale,
          idempotencyKey: `reporter-reopened:${report.id}:${recipient.userId}:${now.getTime()}`,
          reportId: report.id,
          message: { kind: "reportReopened", reference: report.reference, link: `${context.origin}/${recipient.locale}/staff/reports/${report.id}` },
        });
      }
    }
    const withEvidence = Boolean(input.evidence && (input.evidence.items.length || input.evidence.posts?.length));
    let messageEventId: string | null = null;
    if (input.text || withEvidence) {
      const [message] = await tx
        .insert(reportEvents)
        .values({
          reportId: report.id,
          at: now,
          type: "message_from_reporter",
          actorKind: "reporter",
          public: true,
          bodySealed: input.text ? cipher.sealText("event", input.text) : null,
        })
        .returning({ id: reportEvents.id });
      messageEventId = message?.id ?? null;
    }
    // Evidence items come with the message, received now.
    if (input.evidence && withEvidence) await storeEvidenceItems(tx, cipher, input.evidence, { now, messageEventId });
    for (const attachment of input.attachments) {
      const id = crypto.randomUUID();
      await tx.insert(reportAttachments).values({
        id,
        reportId: report.id,
        nameSealed: cipher.sealAttachmentName(id, attachment.name.slice(0, 200)),
        contentType: attachment.type,
        ...attachmentColumns(cipher, id, attachment),
        addedBy: "reporter",
        createdAt: now,
      });
      await tx.insert(reportEvents).values({ reportId: report.id, at: now, type: "attachment_added", actorKind: "reporter", public: true });
    }
    if (report.status === "waiting_for_reporter") {
      await tx.update(reports).set({ status: "in_progress", updatedAt: now, ...resumeFollowUp(report, now) }).where(eq(reports.id, report.id));
      await tx.insert(reportEvents).values({ reportId: report.id, at: now, type: "status_changed", actorKind: "reporter", public: true, details: { from: "waiting_for_reporter", to: "in_progress" } });
    }
    return { ok: true as const, reopened: report.status === "closed" };
  });
}

/** Who hears that a reporter reopened a case: its owner while active, else the unit's first recipients. */
async function reopenRecipients(db: Executor, report: Report): Promise<Recipient[]> {
  if (report.ownerUserId) {
    const [owner] = await db.select({ userId: users.id, email: users.email, locale: users.locale, status: users.status }).from(users).where(eq(users.id, report.ownerUserId));
    if (owner && owner.status === "active") return [{ userId: owner.userId, email: owner.email, locale: isLocale(owner.locale) ? owner.locale : "da" }];
  }
  return firstRecipients(db, report.unitId);
}

/** A report as it is stored now (after a message changed its status, say). */
export async function findReport(db: Executor, reportId: string): Promise<Report | undefined> {
  const [report] = await db.select().from(reports).where(eq(reports.id, reportId));
  return report;
}
