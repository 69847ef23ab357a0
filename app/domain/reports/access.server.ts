import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { queueViews, type QueueView } from "./queue-views";
import { reportAttachments, reports, unitOfficers, units, type ReportStatus, type User } from "@db/schema";

/** The units a staff member serves as officer. */
export async function servedUnitIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.select({ unitId: unitOfficers.unitId }).from(unitOfficers).where(eq(unitOfficers.userId, userId));
  return rows.map((row) => row.unitId);
}

/**
 * The condition every staff read of a report goes through: the report was routed or escalated to
 * a unit the person serves; administrators also see the national queue and reports escalated to
 * them. Written into the query itself, so a forgotten check cannot leak another unit's report.
 */
export function visibleTo(user: User, unitIds: string[]): SQL {
  const byUnit = byUnits(unitIds);
  if (!user.roles.includes("administrator")) return byUnit;
  return or(byUnit, eq(reports.routingReason, "national"), sql`${reports.escalationStage} >= 3`)!;
}

/** One report, if this person may see it; undefined otherwise (the caller answers 404). */
export async function findVisibleReport(db: Executor, user: User, reportId: string) {
  if (!/^[0-9a-f-]{36}$/.test(reportId)) return undefined;
  const unitIds = await servedUnitIds(db, user.id);
  const [report] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.id, reportId), visibleTo(user, unitIds)));
  return report;
}

export { queueViews, type QueueView } from "./queue-views";

function byUnits(unitIds: string[]): SQL {
  return unitIds.length ? sql`${reports.visibleUnitIds} && ARRAY[${sql.join(unitIds.map((id) => sql`${id}::uuid`), sql`, `)}]` : sql`false`;
}

export function queueViewCondition(view: QueueView, user: User, unitIds: string[], now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  switch (view) {
    case "mine":
      return sql`(${reports.ownerUserId} = ${user.id} and ${reports.status} <> 'closed')`;
    case "unacknowledged":
      return sql`(${reports.status} = 'received' and ${byUnits(unitIds)})`;
    case "overdue":
      return sql`((${reports.status} = 'received' and (${reports.escalationStage} > 0 or ${reports.nextEscalationAt} <= ${at})) or (${reports.status} in ('acknowledged', 'in_progress') and ${reports.followUpDueAt} <= ${at}))`;
    case "waiting":
      return sql`${reports.status} = 'waiting_for_reporter'`;
  }
}

/** How many reports each view holds, of those this person may see: one query, plain columns only. */
export async function queueViewCounts(db: Executor, user: User, unitIds: string[], now: Date): Promise<Record<QueueView, number>> {
  const [row] = await db
    .select(Object.fromEntries(queueViews.map((view) => [view, sql<number>`(count(*) filter (where ${queueViewCondition(view, user, unitIds, now)}))::int`])) as Record<QueueView, SQL<number>>)
    .from(reports)
    .where(visibleTo(user, unitIds));
  return Object.fromEntries(queueViews.map((view) => [view, Number(row?.[view] ?? 0)])) as Record<QueueView, number>;
}

export interface QueueFilter {
  view?: QueueView;
  status?: ReportStatus | "open";
  level?: number;
  unitId?: string;
  /** Only reports older than this many hours. */
  olderThanHours?: number;
}

/**
 * The officer's queue: open reports first by urgency (in danger, level), then by the nearest
 * deadline (escalation before acknowledgement, follow-up after).
 */
export async function listQueue(db: Executor, user: User, unitIds: string[], filter: QueueFilter, now: Date) {
  const conditions = [
    visibleTo(user, unitIds),
    filter.view ? queueViewCondition(filter.view, user, unitIds, now) : undefined,
    // A view decides which statuses it holds; a status chosen with it narrows it further.
    filter.view && !filter.status ? undefined : filter.status === "open" || !filter.status ? sql`${reports.status} <> 'closed'` : eq(reports.status, filter.status),
    filter.level ? eq(reports.threatLevel, filter.level) : undefined,
    filter.unitId ? eq(reports.unitId, filter.unitId) : undefined,
    filter.olderThanHours ? sql`${reports.createdAt} < ${new Date(now.getTime() - filter.olderThanHours * 3_600_000).toISOString()}::timestamptz` : undefined,
  ].filter(Boolean) as SQL[];
  return db
    .select({
      id: reports.id,
      reference: reports.reference,
      status: reports.status,
      threatLevel: reports.threatLevel,
      inDanger: reports.inDanger,
      createdAt: reports.createdAt,
      unitName: units.name,
      ownerUserId: reports.ownerUserId,
      deadline: sql<Date | null>`coalesce(${reports.followUpDueAt}, case when ${reports.status} = 'received' then ${reports.nextEscalationAt} end)`,
    })
    .from(reports)
    .innerJoin(units, eq(units.id, reports.unitId))
    .where(and(...conditions))
    .orderBy(
      sql`case when ${reports.status} = 'closed' then 1 else 0 end`,
      desc(reports.inDanger),
      desc(reports.threatLevel),
      asc(sql`coalesce(${reports.followUpDueAt}, case when ${reports.status} = 'received' then ${reports.nextEscalationAt} end)`),
      asc(reports.createdAt),
    )
    .limit(500);
}

/** Counts by status of what this person can see, for the queue's header. */
export async function queueCounts(db: Executor, user: User, unitIds: string[]) {
  const rows = await db
    .select({ status: reports.status, count: sql<number>`count(*)::int` })
    .from(reports)
    .where(visibleTo(user, unitIds))
    .groupBy(reports.status);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)])) as Partial<Record<ReportStatus, number>>;
}

export async function unitNames(db: Executor, unitIds: string[]) {
  if (unitIds.length === 0) return [];
  return db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds)).orderBy(units.name);
}

/** A unit's name (undefined when it is gone). */
export async function unitName(db: Executor, unitId: string): Promise<string | undefined> {
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, unitId));
  return unit?.name;
}

/** One of a report's attachments, or undefined (also for an id that is not uuid-shaped). */
export async function findReportAttachment(db: Executor, reportId: string, attachmentId: string | undefined) {
  if (!attachmentId || !/^[0-9a-f-]{36}$/.test(attachmentId)) return undefined;
  const [attachment] = await db
    .select()
    .from(reportAttachments)
    .where(and(eq(reportAttachments.id, attachmentId), eq(reportAttachments.reportId, reportId)));
  return attachment;
}
