import { and, eq, inArray, isNotNull, lte, ne, or, isNull, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportPoliceCases, reports, users, type Report } from "@db/schema";
import type { ReportCipher } from "~/domain/sealing/report-keys.server";
import { isLocale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";
import { POLICE_QUIET_DAYS, undecidedPoliceStates, type PoliceCaseInput, type PoliceCaseState } from "./police-case";

const DAY_MS = 86_400_000;

/**
 * Records the police case as the officer sent it (the form shows what is recorded, so what comes
 * back is the whole case): the number sealed on the report, district and decision sealed here.
 * Answers what changed, for the timeline, or null when nothing did (no event, the quiet clock runs on).
 */
export async function savePoliceCase(tx: Executor, report: Report, cipher: ReportCipher, input: PoliceCaseInput, context: { userId: string; now: Date }) {
  const [current] = await tx.select().from(reportPoliceCases).where(eq(reportPoliceCases.reportId, report.id));
  const before = {
    caseNumber: report.policeCaseSealed ? cipher.openText("police", report.policeCaseSealed) : null,
    district: current?.districtSealed ? cipher.openText("police-district", current.districtSealed) : null,
    reportedOn: current?.reportedOn ?? null,
    state: current?.state ?? null,
    decision: current?.decisionSealed ? cipher.openText("police-decision", current.decisionSealed) : null,
    decidedOn: current?.decidedOn ?? null,
  };
  const state: PoliceCaseState = input.state ?? current?.state ?? "reported";
  const after = { caseNumber: input.caseNumber, district: input.district ?? null, reportedOn: input.reportedOn ?? null, state, decision: input.decision ?? null, decidedOn: input.decidedOn ?? null };
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => after[key] !== before[key]);
  if (changed.length === 0) return null;
  if (changed.includes("caseNumber")) {
    await tx.update(reports).set({ policeCaseSealed: cipher.sealText("police", after.caseNumber), updatedAt: context.now }).where(eq(reports.id, report.id));
  }
  const values = {
    state,
    districtSealed: after.district ? cipher.sealText("police-district", after.district) : null,
    reportedOn: after.reportedOn,
    decisionSealed: after.decision ? cipher.sealText("police-decision", after.decision) : null,
    decidedOn: after.decidedOn,
    updatedByUserId: context.userId,
    lastChangeAt: context.now,
  };
  await tx
    .insert(reportPoliceCases)
    .values({ reportId: report.id, ...values })
    .onConflictDoUpdate({ target: reportPoliceCases.reportId, set: values });
  // Which fields changed, never their values: the details are plain.
  return { state, changed: changed.join(","), previousState: before.state };
}

/** The police case as the officer sees it, opened with the report's key (null fields without one). */
export async function policeCaseForStaff(db: Executor, cipher: ReportCipher | null, report: Report) {
  const [row] = await db.select().from(reportPoliceCases).where(eq(reportPoliceCases.reportId, report.id));
  const caseNumber = cipher && report.policeCaseSealed ? cipher.openText("police", report.policeCaseSealed) : null;
  if (!row) return caseNumber ? { state: null, caseNumber, district: null, reportedOn: null, decision: null, decidedOn: null, lastChangeAt: null } : null;
  return {
    state: row.state,
    caseNumber,
    district: cipher && row.districtSealed ? cipher.openText("police-district", row.districtSealed) : null,
    reportedOn: row.reportedOn,
    decision: cipher && row.decisionSealed ? cipher.openText("police-decision", row.decisionSealed) : null,
    decidedOn: row.decidedOn,
    lastChangeAt: row.lastChangeAt,
  };
}

/** What the reporter sees of the police case on their status page: its state and dates. */
export async function policeCaseForReporter(db: Executor, reportId: string) {
  const [row] = await db
    .select({ state: reportPoliceCases.state, reportedOn: reportPoliceCases.reportedOn, decidedOn: reportPoliceCases.decidedOn })
    .from(reportPoliceCases)
    .where(eq(reportPoliceCases.reportId, reportId));
  return row ?? null;
}

/**
 * Mails the owner of each open report whose police case, still undecided, has had no change for
 * 30 days: once per quiet period (a change starts a new one). Claimed with FOR UPDATE SKIP LOCKED
 * and marked in the same transaction as the mail, whose key names the period, so any number of
 * app instances send one reminder.
 */
export async function remindQuietPoliceCases(db: Executor, now: Date, origin: string) {
  const quietSince = new Date(now.getTime() - POLICE_QUIET_DAYS * DAY_MS);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ reportId: reportPoliceCases.reportId, lastChangeAt: reportPoliceCases.lastChangeAt, reference: reports.reference, ownerUserId: reports.ownerUserId })
      .from(reportPoliceCases)
      .innerJoin(reports, eq(reports.id, reportPoliceCases.reportId))
      .where(
        and(
          inArray(reportPoliceCases.state, [...undecidedPoliceStates]),
          lte(reportPoliceCases.lastChangeAt, quietSince),
          or(isNull(reportPoliceCases.quietReminderSentAt), sql`${reportPoliceCases.quietReminderSentAt} < ${reportPoliceCases.lastChangeAt}`),
          ne(reports.status, "closed"),
          isNotNull(reports.ownerUserId),
        ),
      )
      .limit(200)
      .for("update", { of: reportPoliceCases, skipLocked: true });
    let reminded = 0;
    for (const row of due) {
      const [owner] = await tx.select({ email: users.email, locale: users.locale, status: users.status }).from(users).where(eq(users.id, row.ownerUserId!));
      if (owner?.status === "active") {
        const locale = isLocale(owner.locale) ? owner.locale : "da";
        await enqueueMail(tx, {
          now,
          to: owner.email,
          locale,
          idempotencyKey: `police-quiet:${row.reportId}:${row.lastChangeAt.getTime()}`,
          reportId: row.reportId,
          message: { kind: "police.quietCase", reference: row.reference, days: String(POLICE_QUIET_DAYS), link: `${origin}/${locale}/staff/reports/${row.reportId}` },
        });
        reminded++;
      }
      await tx.update(reportPoliceCases).set({ quietReminderSentAt: now }).where(eq(reportPoliceCases.reportId, row.reportId));
    }
    return { reminded };
  });
}
