import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
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

/** A page of the audit log, newest first, with the actor's name and e-mail. */
export async function queryAudit(db: Executor, filter: AuditFilter) {
  const conditions = [
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.actorEmail ? sql`(${users.email} = ${filter.actorEmail.toLowerCase()} or ${auditLog.actorLabel} = ${filter.actorEmail.toLowerCase()})` : undefined,
    filter.from ? gte(auditLog.at, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(auditLog.at, new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000)) : undefined,
  ].filter(Boolean);
  const rows = await db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, subjectType: auditLog.subjectType, subjectId: auditLog.subjectId, ip: auditLog.ip, details: auditLog.details, actorLabel: auditLog.actorLabel, actorName: users.name, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((filter.page - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE };
}

export async function auditActions(db: Executor): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((row) => row.action);
}
