import { and, asc, eq, lte } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportEvents, reports, units, type CountryCode } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import { escalationDelayMs, LAST_ESCALATION_STAGE } from "~/domain/reports/deadlines";
import { nationalRecipients, unitOfficersInRole, type Recipient } from "~/domain/reports/recipients.server";
import { enqueueMail } from "~/mail/outbox.server";
import type { Job } from "./job";

/**
 * Escalates reports nobody has acknowledged in time: stage 1 tells the unit's deputies, stage 2
 * opens the report to the parent unit and tells its officers, stage 3 opens it to the country's
 * national unit and tells its officers. Each report is claimed with FOR UPDATE SKIP LOCKED, so two app instances never
 * escalate (or mail) the same step twice; each step is a timeline event, an audit entry and mail.
 */
export async function escalateOverdueReports(db: Executor, now: Date, config: { escalationHours: readonly [number, number, number]; origin: string }) {
  let escalated = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const [report] = await tx
        .select()
        .from(reports)
        .where(and(eq(reports.status, "received"), lte(reports.nextEscalationAt, now)))
        .orderBy(asc(reports.nextEscalationAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!report) return false;
      const [unit] = await tx.select().from(units).where(eq(units.id, report.unitId));
      let stage = report.escalationStage + 1;
      let recipients: Recipient[] = [];
      let visible = report.visibleUnitIds;
      let target = "";
      // Skip stages that have nobody to tell (no deputies, no parent unit).
      while (stage <= LAST_ESCALATION_STAGE && recipients.length === 0) {
        if (stage === 1 && unit?.kind !== "national") {
          recipients = await unitOfficersInRole(tx, report.unitId, "deputy");
          target = "deputies";
        } else if (stage === 2 && unit?.parentId) {
          recipients = [...(await unitOfficersInRole(tx, unit.parentId, "primary")), ...(await unitOfficersInRole(tx, unit.parentId, "deputy"))];
          visible = [...new Set([...visible, unit.parentId])];
          target = "parent";
        } else if (stage === 3) {
          // The country's national unit: its report key was sealed to it at submission.
          const [national] = await tx.select().from(units).where(and(eq(units.country, report.country as CountryCode), eq(units.kind, "national")));
          if (national) {
            recipients = await nationalRecipients(tx, national.id);
            visible = [...new Set([...visible, national.id])];
          }
          target = "national";
        }
        if (recipients.length === 0 && stage < LAST_ESCALATION_STAGE) stage++;
        else break;
      }
      const last = stage >= LAST_ESCALATION_STAGE;
      await tx
        .update(reports)
        .set({
          escalationStage: Math.min(stage, LAST_ESCALATION_STAGE),
          visibleUnitIds: visible,
          nextEscalationAt: last ? null : new Date(now.getTime() + escalationDelayMs(report.threatLevel, config.escalationHours)),
          updatedAt: now,
        })
        .where(eq(reports.id, report.id));
      await tx.insert(reportEvents).values({ reportId: report.id, at: now, type: "escalated", actorKind: "system", details: { stage, target } });
      await recordAudit(tx, { actorLabel: "system", action: "report.escalated", subjectType: "report", subjectId: report.id, details: { stage, target, recipients: recipients.length } });
      for (const recipient of recipients) {
        await enqueueMail(tx, {
          now,
          to: recipient.email,
          locale: recipient.locale,
          idempotencyKey: `report-escalated:${report.id}:${stage}:${recipient.userId}`,
          reportId: report.id,
          message: { kind: "reportEscalated", reference: report.reference, level: String(report.threatLevel), link: `${config.origin}/${recipient.locale}/staff/reports/${report.id}` },
        });
      }
      escalated++;
      return true;
    });
    if (!done) return { escalated };
  }
}

export const escalationJob: Job = {
  name: "escalation",
  run: (db, now, context) => escalateOverdueReports(db, now, { escalationHours: context.config.ESCALATION_HOURS, origin: context.origin }),
};
