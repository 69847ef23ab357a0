import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { eventRegistrations, events, type RegistrationCounts } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import type { Job } from "./job";

const DAY = 86_400_000;

/**
 * A registration to a candidates' safety webinar says who stands for election and who fears for
 * their safety. `retentionDays` after an event has ended, its registrations become counts on the
 * event and the rows are deleted, in one transaction per event (the event row locked, so two
 * instances running the job do it once).
 */
export async function purgeEventRegistrations(db: Executor, now: Date, retentionDays: number) {
  const before = new Date(now.getTime() - retentionDays * DAY);
  const due = await db
    .select({ id: events.id })
    .from(events)
    .where(and(lt(events.endsAt, before), isNull(events.registrationsPurgedAt)))
    .limit(100);
  let purged = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [event] = await tx.select().from(events).where(and(eq(events.id, id), isNull(events.registrationsPurgedAt))).for("update");
      if (!event) return false;
      const rows = await tx
        .select({ status: eventRegistrations.status, count: sql<number>`count(*)::int`, attended: sql<number>`count(${eventRegistrations.attendedAt})::int` })
        .from(eventRegistrations)
        .where(eq(eventRegistrations.eventId, id))
        .groupBy(eventRegistrations.status);
      const counts: RegistrationCounts = { registered: 0, waitlisted: 0, cancelled: 0, attended: 0 };
      for (const row of rows) {
        counts[row.status] += Number(row.count);
        counts.attended += Number(row.attended);
      }
      await tx.delete(eventRegistrations).where(eq(eventRegistrations.eventId, id));
      await tx.update(events).set({ registrationCounts: counts, registrationsPurgedAt: now }).where(eq(events.id, id));
      await recordAudit(tx, { actorUserId: null, actorLabel: "system", action: "event.registrations-purged", subjectType: "event", subjectId: id, ip: null, details: { ...counts } });
      return true;
    });
    if (done) purged++;
  }
  return { purged };
}

export const registrationRetentionJob: Job = {
  name: "event-registrations",
  run: (db, now, context) => purgeEventRegistrations(db, now, context.config.EVENT_RETENTION_DAYS),
};
