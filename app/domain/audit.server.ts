import type { Executor } from "@db/client.server";
import { auditLog } from "@db/schema";

export interface AuditEvent {
  actorUserId?: string | null;
  actorLabel?: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log; call it inside the transaction of the change it records. */
export async function recordAudit(db: Executor, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: event.actorUserId ?? null,
    actorLabel: event.actorLabel ?? null,
    action: event.action,
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId ?? null,
    ip: event.ip ?? null,
    details: event.details ?? {},
  });
}
