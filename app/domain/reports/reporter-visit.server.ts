import { eq, lte, or } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reporterSessions, reports, type Report } from "@db/schema";
import { generateToken, hashToken } from "~/auth/tokens.server";
import { openWithVisit, reportCipher, wrapForVisit, type ReportCipher } from "~/domain/sealing/report-keys.server";

/**
 * A reporter's visit: after the receipt code opened the case once, a token in a browser-session
 * cookie keeps it open, so the code is not typed for every message. Only the token's SHA-256 is
 * stored, with the report key wrapped by a key derived from the token: a copy of the database
 * (and the environment) opens no report. Short on purpose: the device may be shared.
 */
export const REPORTER_VISIT_IDLE_MS = 15 * 60 * 1000;
export const REPORTER_VISIT_ABSOLUTE_MS = 2 * 60 * 60 * 1000;

export interface ReporterVisit {
  visitId: string;
  report: Report;
  cipher: ReportCipher;
}

/** A new visit for a report whose key the receipt code just opened; `previousToken`'s visit ends. */
export async function startReporterVisit(db: Executor, reportId: string, key: Uint8Array, now: Date, previousToken?: string): Promise<{ token: string }> {
  if (previousToken) await endReporterVisit(db, previousToken);
  const token = generateToken(20);
  const id = hashToken(token);
  await db.insert(reporterSessions).values({
    id,
    reportId,
    keyWrap: wrapForVisit(id, reportId, key, token),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + REPORTER_VISIT_ABSOLUTE_MS),
  });
  return { token };
}

/**
 * The case behind a visit token, its activity moved to `now`; null when the visit is unknown,
 * idle for 15 minutes, past its end, or its report gone (the row is then deleted).
 */
export async function openReporterVisit(db: Executor, token: string, now: Date): Promise<ReporterVisit | null> {
  const id = hashToken(token);
  const [row] = await db.select().from(reporterSessions).innerJoin(reports, eq(reports.id, reporterSessions.reportId)).where(eq(reporterSessions.id, id));
  if (!row) return null;
  const { reporter_sessions: visit, reports: report } = row;
  const key = now < visit.expiresAt && now.getTime() - visit.lastSeenAt.getTime() < REPORTER_VISIT_IDLE_MS ? openWithVisit(id, report.id, visit.keyWrap, token) : undefined;
  if (!key) {
    await db.delete(reporterSessions).where(eq(reporterSessions.id, id));
    return null;
  }
  await db.update(reporterSessions).set({ lastSeenAt: now }).where(eq(reporterSessions.id, id));
  return { visitId: id, report, cipher: reportCipher(report.id, key) };
}

/** "Hide this case": the visit's row goes, so the cookie opens nothing even if it stayed. */
export async function endReporterVisit(db: Executor, token: string): Promise<void> {
  await db.delete(reporterSessions).where(eq(reporterSessions.id, hashToken(token)));
}

/** Deletes every visit openReporterVisit would refuse; returns how many. */
export async function deleteExpiredReporterVisits(db: Executor, now: Date): Promise<number> {
  const deleted = await db
    .delete(reporterSessions)
    .where(or(lte(reporterSessions.expiresAt, now), lte(reporterSessions.lastSeenAt, new Date(now.getTime() - REPORTER_VISIT_IDLE_MS))))
    .returning({ id: reporterSessions.id });
  return deleted.length;
}
