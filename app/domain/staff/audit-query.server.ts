import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@db/client.server";
import { auditLog, users } from "@db/schema";

export interface AuditFilter {
  action?: string;
  actorEmail?: string;
  from?: string;
  to?: string;
  page: number;
}

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export holds; narrow the filters for more. */
export const AUDIT_EXPORT_MAX = 10_000;

const filterSchema = z.object({
  action: z.string().max(80).regex(/^[a-z0-9._-]*$/).optional().catch(undefined),
  actor: z.string().max(254).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type AuditQuery = z.infer<typeof filterSchema>;

/** The page's filters from its query string; a bad value is dropped, never an error. */
export function auditFilterFrom(url: URL): AuditQuery {
  return filterSchema.parse(Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")));
}

function conditionsFor(filter: Omit<AuditFilter, "page">) {
  const conditions = [
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.actorEmail ? sql`(${users.email} = ${filter.actorEmail.toLowerCase()} or ${auditLog.actorLabel} = ${filter.actorEmail.toLowerCase()})` : undefined,
    filter.from ? gte(auditLog.at, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(auditLog.at, new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000)) : undefined,
  ].filter(Boolean);
  return conditions.length ? and(...conditions) : undefined;
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  action: auditLog.action,
  subjectType: auditLog.subjectType,
  subjectId: auditLog.subjectId,
  ip: auditLog.ip,
  details: auditLog.details,
  actorUserId: auditLog.actorUserId,
  actorLabel: auditLog.actorLabel,
  actorName: users.name,
  actorEmail: users.email,
};

/** A page of the audit log, newest first, with the actor's name and e-mail. */
export async function queryAudit(db: Executor, filter: AuditFilter) {
  const rows = await db
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(conditionsFor(filter))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((filter.page - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE };
}

/** Every row the filters match, newest first, up to `max`; `truncated` when there were more. */
export async function exportAudit(db: Executor, filter: Omit<AuditFilter, "page">, max = AUDIT_EXPORT_MAX) {
  const rows = await db.select(columns).from(auditLog).leftJoin(users, eq(users.id, auditLog.actorUserId)).where(conditionsFor(filter)).orderBy(desc(auditLog.id)).limit(max + 1);
  return { rows: rows.slice(0, max), truncated: rows.length > max };
}

export async function auditActions(db: Executor): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((row) => row.action);
}
