import { throttleClientKey } from "~/auth/client-key";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportAttachments, reportEvents, reports, type Report } from "@db/schema";
import { checkThrottle, recordFailure, type ThrottlePolicy } from "~/auth/throttle.server";
import { openWithReceipt, reportCipher, type ReportCipher } from "~/domain/sealing/report-keys.server";
import { MAX_ATTACHMENTS } from "./attachments";
import { resumeFollowUp } from "./case.server";
import { hashReceiptCode, normalizeReference, receiptCodeMatches } from "./receipt.server";
import type { IncomingAttachment } from "./submit.server";

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
 * "in progress", and its follow-up clock runs again.
 */
export async function addReporterMessage(
  db: Executor,
  cipher: ReportCipher,
  input: { text: string | null; attachments: IncomingAttachment[] },
  now: Date,
): Promise<{ ok: true } | { ok: false; error: string }> {
  return db.transaction(async (tx) => {
    // Decided on the row as it is now, locked: an officer closing the case at this moment wins or waits.
    const [report] = await tx.select().from(reports).where(eq(reports.id, cipher.reportId)).for("update");
    if (!report) return { ok: false as const, error: "status.errors.closed" };
    if (report.status === "closed") return { ok: false as const, error: "status.errors.closed" };
    const existing = await tx.select({ id: reportAttachments.id }).from(reportAttachments).where(eq(reportAttachments.reportId, report.id));
    if (existing.length + input.attachments.length > MAX_ATTACHMENTS * 2) return { ok: false as const, error: "errors.tooManyFiles" };
    if (input.text) {
      await tx.insert(reportEvents).values({
        reportId: report.id,
        at: now,
        type: "message_from_reporter",
        actorKind: "reporter",
        public: true,
        bodySealed: cipher.sealText("event", input.text),
      });
    }
    for (const attachment of input.attachments) {
      const id = crypto.randomUUID();
      await tx.insert(reportAttachments).values({
        id,
        reportId: report.id,
        nameSealed: cipher.sealAttachmentName(id, attachment.name.slice(0, 200)),
        contentType: attachment.type,
        size: attachment.bytes.length,
        data: cipher.sealFile(id, attachment.bytes),
        addedBy: "reporter",
        createdAt: now,
      });
      await tx.insert(reportEvents).values({ reportId: report.id, at: now, type: "attachment_added", actorKind: "reporter", public: true });
    }
    if (report.status === "waiting_for_reporter") {
      await tx.update(reports).set({ status: "in_progress", updatedAt: now, ...resumeFollowUp(report, now) }).where(eq(reports.id, report.id));
      await tx.insert(reportEvents).values({ reportId: report.id, at: now, type: "status_changed", actorKind: "reporter", public: true, details: { from: "waiting_for_reporter", to: "in_progress" } });
    }
    return { ok: true as const };
  });
}
