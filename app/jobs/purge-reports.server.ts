import { and, eq, inArray, lt } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reports, reportStatistics } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";

/** The date before which closed reports are purged: `months` before now. */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/**
 * Deletes reports closed longer ago than the retention period, with their attachments, messages
 * and timeline (cascade). The anonymous statistics row stays, marked purged.
 */
export async function purgeClosedReports(db: Executor, now: Date, retentionMonths: number) {
  const cutoff = retentionCutoff(now, retentionMonths);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.status, "closed"), lt(reports.closedAt, cutoff)))
      .limit(200)
      .for("update", { skipLocked: true });
    if (due.length === 0) return { purged: 0 };
    const ids = due.map((row) => row.id);
    await tx.update(reportStatistics).set({ purgedAt: now }).where(inArray(reportStatistics.reportId, ids));
    await tx.delete(reports).where(inArray(reports.id, ids));
    await recordAudit(tx, { actorLabel: "system", action: "report.purged", details: { count: ids.length } });
    return { purged: ids.length };
  });
}
