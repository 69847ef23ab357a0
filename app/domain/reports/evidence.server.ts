import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportAttachments, reportEventTypes, reportEvents, reportEvidenceItems, users, type Report, type ReportEvidenceItem, type ReportEventType } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import type { ReportCipher } from "~/domain/sealing/report-keys.server";
import { bulkPostContents, itemContents, type EvidenceContents, type EvidenceItemInput, type EvidenceSource } from "./evidence-items";
import { profileKeyOf } from "./evidence-view";
import type { PostAddress } from "./post-addresses";

/**
 * Evidence items: stored sealed under the report's key, in the transaction of the report or the
 * reporter's message they came with; listed for the case page and the evidence package; marked
 * "for the police" by an officer (audited).
 */

export interface IncomingEvidence {
  items: EvidenceItemInput[];
  posts: PostAddress[] | null;
}

/** Stores a submission's items (typed ones first, then the pasted list), received now by the server's clock. */
export async function storeEvidenceItems(tx: Executor, cipher: ReportCipher, evidence: IncomingEvidence, context: { now: Date; messageEventId?: string | null }): Promise<number> {
  const rows: Array<typeof reportEvidenceItems.$inferInsert> = [];
  const add = (contents: EvidenceContents, source: EvidenceSource) => {
    const id = crypto.randomUUID();
    rows.push({
      id,
      reportId: cipher.reportId,
      messageEventId: context.messageEventId ?? null,
      kind: contents.kind,
      sealed: cipher.sealEvidenceItem(id, contents),
      receivedAt: context.now,
      source,
      position: rows.length,
    });
  };
  for (const item of evidence.items) add(itemContents(item), "form");
  for (const post of evidence.posts ?? []) add(bulkPostContents(post), "bulk");
  // In slices: one statement per 100 items keeps every statement's parameters well under the limit.
  for (let start = 0; start < rows.length; start += 100) await tx.insert(reportEvidenceItems).values(rows.slice(start, start + 100));
  return rows.length;
}

export interface EvidenceItemView {
  id: string;
  kind: ReportEvidenceItem["kind"];
  source: EvidenceSource;
  receivedAt: Date;
  position: number;
  forPolice: boolean;
  markedAt: Date | null;
  markedByName: string | null;
  /** The reporter's message it came with, or null (it came with the report). */
  messageEventId: string | null;
  contents: EvidenceContents;
}

/** A report's items, opened, in the order Trygg received them. */
export async function evidenceItemsOf(db: Executor, cipher: ReportCipher): Promise<EvidenceItemView[]> {
  const rows = await db
    .select({ item: reportEvidenceItems, markedByName: users.name })
    .from(reportEvidenceItems)
    .leftJoin(users, eq(users.id, reportEvidenceItems.markedBy))
    .where(eq(reportEvidenceItems.reportId, cipher.reportId))
    .orderBy(asc(reportEvidenceItems.receivedAt), asc(reportEvidenceItems.position));
  return rows.map(({ item, markedByName }) => ({
    id: item.id,
    kind: item.kind,
    source: item.source,
    receivedAt: item.receivedAt,
    position: item.position,
    forPolice: item.forPolice,
    markedAt: item.markedAt,
    markedByName: markedByName ?? null,
    messageEventId: item.messageEventId,
    contents: cipher.openEvidenceItem<EvidenceContents>(item.id, item.sealed),
  }));
}


export type MarkRequest = { itemIds: string[]; forPolice: boolean } | { profile: string; forPolice: boolean };

/**
 * Sets the "for the police" mark on items of one report (by id, or every post of one profile),
 * with one audit entry naming how many. Items of another report are not touched.
 */
export async function markEvidenceForPolice(
  db: Executor,
  cipher: ReportCipher,
  request: MarkRequest,
  context: { userId: string; ip: string | null; now: Date },
): Promise<{ changed: number }> {
  return db.transaction(async (tx) => {
    let ids: string[];
    if ("itemIds" in request) ids = request.itemIds;
    else {
      // The profile is sealed: the items are opened to find those of the profile.
      const items = await evidenceItemsOf(tx, cipher);
      ids = items.filter((item) => (profileKeyOf(item.contents) ?? `${item.contents.kind === "online_post" ? (item.contents.platform ?? "") : ""}:`) === request.profile && item.source === "bulk").map((item) => item.id);
    }
    if (ids.length === 0) return { changed: 0 };
    const changed = await tx
      .update(reportEvidenceItems)
      .set({ forPolice: request.forPolice, markedBy: context.userId, markedAt: context.now })
      .where(and(eq(reportEvidenceItems.reportId, cipher.reportId), inArray(reportEvidenceItems.id, ids), sql`${reportEvidenceItems.forPolice} <> ${request.forPolice}`))
      .returning({ id: reportEvidenceItems.id });
    if (changed.length) {
      await recordAudit(tx, {
        actorUserId: context.userId,
        action: request.forPolice ? "evidence.marked-for-police" : "evidence.unmarked-for-police",
        subjectType: "report",
        subjectId: cipher.reportId,
        ip: context.ip,
        details: { count: changed.length },
      });
    }
    return { changed: changed.length };
  });
}

export interface EvidenceFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: Date;
  evidenceItemId: string | null;
  /** The SHA-256 of the file as uploaded (hex), from `report_attachments.sha256_sealed`; null only for files from before it was recorded. */
  sha256: string | null;
}

export interface EvidencePackageData {
  items: EvidenceItemView[];
  files: EvidenceFile[];
  /** The case's timeline: what happened when, without the texts of notes or messages. */
  timeline: Array<{ at: Date; type: ReportEventType; actorKind: string; details: Record<string, string | number | null> }>;
}

/**
 * What the evidence package holds, opened with the report's key: every item, every file (name,
 * type, size, SHA-256), and the timeline. For the reporter, internal events stay out.
 */
export async function evidencePackageData(db: Executor, cipher: ReportCipher, report: Report, audience: "staff" | "reporter"): Promise<EvidencePackageData> {
  const items = await evidenceItemsOf(db, cipher);
  const files = await db
    .select({ id: reportAttachments.id, nameSealed: reportAttachments.nameSealed, contentType: reportAttachments.contentType, size: reportAttachments.size, createdAt: reportAttachments.createdAt, evidenceItemId: reportAttachments.evidenceItemId, sha256Sealed: reportAttachments.sha256Sealed })
    .from(reportAttachments)
    .where(eq(reportAttachments.reportId, report.id))
    .orderBy(asc(reportAttachments.createdAt));
  const events = await db
    .select({ at: reportEvents.at, type: reportEvents.type, actorKind: reportEvents.actorKind, public: reportEvents.public, details: reportEvents.details })
    .from(reportEvents)
    .where(eq(reportEvents.reportId, report.id))
    .orderBy(asc(reportEvents.at));
  return {
    items,
    files: files.map(({ nameSealed, sha256Sealed, ...file }) => ({ ...file, name: cipher.openAttachmentName(file.id, nameSealed), sha256: sha256Sealed ? cipher.openAttachmentText(file.id, "sha256", sha256Sealed) : null })),
    timeline: events
      // Internal notes are the unit's own business; the reporter's package shows what their status page shows.
      .filter((event) => event.type !== "note" && (audience === "staff" || event.public))
      .filter((event): event is typeof event & { type: ReportEventType } => (reportEventTypes as readonly string[]).includes(event.type))
      .map((event) => ({ at: event.at, type: event.type, actorKind: event.actorKind, details: Object.fromEntries(Object.entries(event.details).filter(([key]) => key !== "formKey")) })),
  };
}

/** Audits that staff opened or saved a report's evidence package. */
export async function recordPackageAccess(db: Executor, reportId: string, context: { userId: string; ip: string | null; download: boolean; items: number }): Promise<void> {
  await recordAudit(db, {
    actorUserId: context.userId,
    action: context.download ? "evidence.package-downloaded" : "evidence.package-viewed",
    subjectType: "report",
    subjectId: reportId,
    ip: context.ip,
    details: { items: context.items },
  });
}
