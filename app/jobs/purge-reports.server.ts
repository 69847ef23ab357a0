import { and, eq, inArray, lt } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { outbox, reports, reportStatistics, throttles } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import type { Job } from "./job";

/** The date before which closed reports are purged: `months` before now. */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/**
 * Deletes reports closed longer ago than the retention period, with their attachments, messages,
 * timeline and key wraps (cascade), their outbox rows and receipt-guessing counters. The anonymous statistics row stays, marked purged.
 */
export async function purgeClosedReports(db: Executor, now: Date, retentionMonths: number) {
  const cutoff = retentionCutoff(now, retentionMonths);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: reports.id, reference: reports.reference })
      .from(reports)
      .where(and(eq(reports.status, "closed"), lt(reports.closedAt, cutoff)))
      .limit(200)
      .for("update", { skipLocked: true });
    if (due.length === 0) return { purged: 0 };
    const ids = due.map((row) => row.id);
    await tx.update(reportStatistics).set({ purgedAt: now }).where(inArray(reportStatistics.reportId, ids));
    await tx.delete(reports).where(inArray(reports.id, ids));
    // The report's key wraps and timeline go with it (cascade); its mail rows and guessing counters too.
    await tx.delete(outbox).where(inArray(outbox.reportId, ids));
    await tx.delete(throttles).where(inArray(throttles.key, due.map((row) => `receipt:ref:${row.reference}`)));
    await recordAudit(tx, { actorLabel: "system", action: "report.purged", details: { count: ids.length } });
    return { purged: ids.length };
  });
}

export const reportRetentionJob: Job = {
  name: "retention",
  run: (db, now, context) => purgeClosedReports(db, now, context.config.RETENTION_MONTHS),
};
