import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@db/client.server";
import { reportCaseMembers, reportEvents, reports, users, type User } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import type { ReportCipher } from "~/domain/sealing/report-keys.server";
import { servedUnitIds, visibleTo } from "./access.server";
import { normalizeReference } from "./receipt.server";

/** The link form's fields (the intent is the case page's). */
export const linkFields = {
  reference: z.string({ error: "errors.required" }).trim().min(4, "links.errors.reference").max(40, "links.errors.reference").regex(/^[A-Za-z0-9 -]+$/, "links.errors.reference"),
};
export const unlinkFields = { memberId: z.uuid("links.errors.notFound") };

export interface LinkContext {
  user: User;
  now: Date;
  ip: string | null;
}

export type LinkResult = { ok: true } | { ok: false; error: string; field?: string };

/** The ids of these reports the person may open right now (escalation and transfer change it). */
async function openableIds(db: Executor, user: User, reportIds: string[]): Promise<string[]> {
  if (reportIds.length === 0) return [];
  const unitIds = await servedUnitIds(db, user.id);
  const rows = await db
    .select({ id: reports.id })
    .from(reports)
    .where(and(inArray(reports.id, reportIds), visibleTo(user, unitIds)));
  return rows.map((row) => row.id);
}

/** The case a report is in, if any. */
export async function caseIdOf(db: Executor, reportId: string): Promise<string | null> {
  const [member] = await db.select({ caseId: reportCaseMembers.caseId }).from(reportCaseMembers).where(eq(reportCaseMembers.reportId, reportId));
  return member?.caseId ?? null;
}

/**
 * Links the report `reportId` with the report whose reference the officer typed, into one case.
 * Both must be reports this officer can open; an unknown reference and one of another unit get the
 * same answer. When both are in cases already, the two cases become one.
 */
export async function linkReports(db: Executor, reportId: string, reference: string, context: LinkContext): Promise<LinkResult> {
  const { user, now } = context;
  const wanted = normalizeReference(reference).slice(0, 40);
  return db.transaction(async (tx) => {
    const unitIds = await servedUnitIds(tx, user.id);
    const [other] = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.reference, wanted), visibleTo(user, unitIds)));
    const [self] = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.id, reportId), visibleTo(user, unitIds)));
    if (!self) return { ok: false as const, error: "case.errors.gone" };
    if (!other) return { ok: false as const, error: "links.errors.notFound", field: "reference" };
    if (other.id === self.id) return { ok: false as const, error: "links.errors.self", field: "reference" };
    // Both rows locked in one order, so two officers linking at once are served one after the other.
    await tx
      .select({ id: reports.id })
      .from(reports)
      .where(inArray(reports.id, [self.id, other.id]))
      .orderBy(asc(reports.id))
      .for("update");
    const selfCase = await caseIdOf(tx, self.id);
    const otherCase = await caseIdOf(tx, other.id);
    if (selfCase && selfCase === otherCase) return { ok: false as const, error: "links.errors.already", field: "reference" };
    const caseId = selfCase ?? otherCase ?? crypto.randomUUID();
    if (selfCase && otherCase) {
      // Two cases become one: the other case's reports move over (membership opens nothing).
      await tx.update(reportCaseMembers).set({ caseId }).where(eq(reportCaseMembers.caseId, otherCase));
    } else {
      const joining = selfCase ? other.id : otherCase ? self.id : null;
      const rows = (joining ? [joining] : [self.id, other.id]).map((id) => ({ reportId: id, caseId, linkedByUserId: user.id, linkedAt: now }));
      await tx.insert(reportCaseMembers).values(rows);
    }
    for (const [subject, partner] of [[self.id, other.id], [other.id, self.id]] as const) {
      await tx.insert(reportEvents).values({ reportId: subject, at: now, type: "linked", actorUserId: user.id, actorKind: "officer", public: false, details: { caseId } });
      await recordAudit(tx, { actorUserId: user.id, action: "report.linked", subjectType: "report", subjectId: subject, ip: context.ip, details: { caseId, otherReportId: partner } });
    }
    return { ok: true as const };
  });
}

/**
 * Takes one report out of the case of `reportId` (it may be that report itself). The officer must
 * be able to open both. A case left with one report is no case: its last membership goes too.
 */
export async function unlinkReport(db: Executor, reportId: string, memberId: string, context: LinkContext): Promise<LinkResult> {
  const { user, now } = context;
  return db.transaction(async (tx) => {
    const openable = await openableIds(tx, user, [reportId, memberId]);
    if (!openable.includes(reportId)) return { ok: false as const, error: "case.errors.gone" };
    if (!openable.includes(memberId)) return { ok: false as const, error: "links.errors.notFound" };
    await tx
      .select({ id: reports.id })
      .from(reports)
      .where(inArray(reports.id, [...new Set([reportId, memberId])]))
      .orderBy(asc(reports.id))
      .for("update");
    const caseId = await caseIdOf(tx, reportId);
    if (!caseId || (await caseIdOf(tx, memberId)) !== caseId) return { ok: false as const, error: "links.errors.notLinked" };
    await tx.delete(reportCaseMembers).where(eq(reportCaseMembers.reportId, memberId));
    const left = await tx.select({ reportId: reportCaseMembers.reportId }).from(reportCaseMembers).where(eq(reportCaseMembers.caseId, caseId));
    if (left.length === 1) await tx.delete(reportCaseMembers).where(eq(reportCaseMembers.caseId, caseId));
    await tx.insert(reportEvents).values({ reportId: memberId, at: now, type: "unlinked", actorUserId: user.id, actorKind: "officer", public: false, details: { caseId } });
    await recordAudit(tx, { actorUserId: user.id, action: "report.unlinked", subjectType: "report", subjectId: memberId, ip: context.ip, details: { caseId } });
    return { ok: true as const };
  });
}

export interface LinkedCaseEvent {
  id: string;
  at: Date;
  type: string;
  reportId: string;
  reference: string;
  actorKind: string;
  actorName: string | null;
  public: boolean;
  body: string | null;
}

export interface LinkedCaseView {
  caseId: string;
  /** The case's reports this viewer can open now, the page's own first. */
  members: { id: string; reference: string; status: string; createdAt: Date }[];
  /** One timeline of those reports only, each event with its report's reference. */
  events: LinkedCaseEvent[];
}

/**
 * The case the report is in, as this viewer may see it right now: only the linked reports they can
 * open (decided again at every view), and their events. Texts are opened with each report's own
 * key, through `cipherFor`; without a key, the event shows without its text.
 */
export async function linkedCaseView(db: Executor, user: User, reportId: string, cipherFor: (reportId: string) => Promise<ReportCipher | null>): Promise<LinkedCaseView | null> {
  const caseId = await caseIdOf(db, reportId);
  if (!caseId) return null;
  const memberIds = (await db.select({ reportId: reportCaseMembers.reportId }).from(reportCaseMembers).where(eq(reportCaseMembers.caseId, caseId))).map((row) => row.reportId);
  const openable = await openableIds(db, user, memberIds);
  if (!openable.includes(reportId)) return null;
  const members = await db
    .select({ id: reports.id, reference: reports.reference, status: reports.status, createdAt: reports.createdAt })
    .from(reports)
    .where(inArray(reports.id, openable))
    .orderBy(sql`case when ${reports.id} = ${reportId} then 0 else 1 end`, asc(reports.createdAt));
  const rows = await db
    .select({ id: reportEvents.id, at: reportEvents.at, type: reportEvents.type, reportId: reportEvents.reportId, actorKind: reportEvents.actorKind, actorName: users.name, public: reportEvents.public, bodySealed: reportEvents.bodySealed })
    .from(reportEvents)
    .leftJoin(users, eq(users.id, reportEvents.actorUserId))
    .where(and(inArray(reportEvents.reportId, openable), ne(reportEvents.type, "linked"), ne(reportEvents.type, "unlinked")))
    .orderBy(asc(reportEvents.at), asc(sql`${reportEvents.id}`));
  const ciphers = new Map<string, ReportCipher | null>();
  for (const id of openable) ciphers.set(id, await cipherFor(id));
  const references = new Map(members.map((member) => [member.id, member.reference]));
  return {
    caseId,
    members,
    events: rows.map(({ bodySealed, ...event }) => {
      const cipher = ciphers.get(event.reportId) ?? null;
      return { ...event, reference: references.get(event.reportId) ?? "", body: cipher && bodySealed ? cipher.openText("event", bodySealed) : null };
    }),
  };
}

const linkFormSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("link"), ...linkFields }), z.object({ intent: z.literal("unlink"), ...unlinkFields })]);

/**
 * The case page's "link" and "unlink" forms: parsed here, answered in the page's action shape
 * (a translated error on the field, 400 for bad input, 409 for a refused unlink).
 */
export async function linkFormAction(db: Executor, reportId: string, formData: FormData, context: LinkContext) {
  const intent = String(formData.get("intent") ?? "");
  const reference = String(formData.get("reference") ?? "").slice(0, 40);
  const parsed = linkFormSchema.safeParse(Object.fromEntries([...formData.entries()].filter(([name]) => name === "intent" || name === "reference" || name === "memberId")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: 400, body: { intent, error: issue?.message ?? "errors.required", field: String(issue?.path[0] ?? ""), done: null, typed: { text: reference, police: null } } };
  }
  const result = parsed.data.intent === "link" ? await linkReports(db, reportId, parsed.data.reference, context) : await unlinkReport(db, reportId, parsed.data.memberId, context);
  // A reference that cannot be linked is bad input on the field (400); anything else a refusal (409).
  if (!result.ok) return { status: result.field ? 400 : 409, body: { intent, error: result.error, field: result.field ?? "", done: null, typed: { text: reference, police: null } } };
  return { status: 200, body: { intent, error: null, field: "", done: `links.done.${parsed.data.intent}`, typed: null } };
}
