import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reporterSessions, reports, units } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { hashToken } from "~/auth/tokens.server";
import { reportContents } from "~/domain/reports/case.server";
import { openReportWithCode } from "~/domain/reports/reporter.server";
import { deleteExpiredReporterVisits, endReporterVisit, openReporterVisit, REPORTER_VISIT_ABSOLUTE_MS, REPORTER_VISIT_IDLE_MS, startReporterVisit } from "~/domain/reports/reporter-visit.server";
import type { ReportInput } from "~/domain/reports/report-form";
import { submitReport } from "~/domain/reports/submit.server";
import { aeadOpen, deriveKey, SealError } from "~/domain/sealing/aead.server";
import { openWithVisit } from "~/domain/sealing/report-keys.server";
import { purgeExpiredSessions } from "~/jobs/purge-sessions.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { testKeys } from "../../setup/staff";

describe("a reporter's visit (the case kept open by a cookie)", () => {
  let database: TestDatabase;
  let place: string;
  const t0 = new Date("2026-11-25T10:00:00Z");
  const minutes = (count: number, from = t0) => new Date(from.getTime() + count * 60_000);
  const description = `He waited by my car. VISIT-CANARY-${Date.now()}`;

  /** A report, opened once with its code: the visit's token (what the cookie holds) and the report's id. */
  const openedCase = async () => {
    const form: ReportInput = {
      idempotencyKey: crypto.randomUUID(), role: "candidate", country: "dk", party: "none", place, level: 3, when: "2026-11-24",
      time: undefined, where: undefined, description, perpetrator: undefined, policeTold: "no", policeCaseNumber: undefined,
      inDanger: false, contactMethod: "anonymous", contactEmail: undefined, contactPhone: undefined, consent: true, website: undefined,
    };
    const submitted = await submitReport(database.db, testKeys, { form, locale: "da", partyName: null, placeName: "Københavns Kommune", attachments: [] }, { origin: "http://trygg.test", now: t0, escalationHours: [1, 8, 24] });
    if ("refused" in submitted) throw new Error("refused");
    const opened = await openReportWithCode(database.db, { reference: submitted.reference, code: submitted.receiptCode, ip: "10.0.0.1" }, t0);
    if (!opened.ok) throw new Error("does not open");
    const { token } = await startReporterVisit(database.db, opened.report.id, opened.cipher.key, t0);
    return { token, reportId: opened.report.id, code: submitted.receiptCode };
  };
  const rowOf = async (token: string) => (await database.db.select().from(reporterSessions).where(eq(reporterSessions.id, hashToken(token))))[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    place = (await database.db.select().from(units).where(eq(units.name, "Københavns Kommune")))[0]!.id;
  });
  afterAll(async () => database?.close());

  it("is stored as the token's hash with the key wrapped, and the token opens the case", async () => {
    const { token, reportId, code } = await openedCase();
    expect(token).toMatch(/^[a-z2-7]{32}$/); // 160 bits
    const row = (await rowOf(token))!;
    expect(row).toMatchObject({ reportId, createdAt: t0, lastSeenAt: t0, expiresAt: new Date(t0.getTime() + REPORTER_VISIT_ABSOLUTE_MS) });
    // Neither the token nor the code is in the row.
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(code);
    const visit = await openReporterVisit(database.db, token, minutes(1));
    expect(visit?.report.id).toBe(reportId);
    expect(reportContents(visit!.cipher, visit!.report).description).toBe(description);
    expect((await rowOf(token))!.lastSeenAt).toEqual(minutes(1));
    // Any other token opens nothing.
    expect(await openReporterVisit(database.db, token.replace(/.$/, (last) => (last === "a" ? "b" : "a")), minutes(1))).toBeNull();
  });

  it("does not unwrap with what the database (and the server's keys) hold: id, wrap and report id only", async () => {
    const { token } = await openedCase();
    const row = (await rowOf(token))!;
    // Everything a copy of the table offers, tried as the key material: the id (the token's hash), the report id.
    for (const guess of [row.id, row.reportId, hashToken(row.id), ""]) expect(openWithVisit(row.id, row.reportId, row.keyWrap, guess)).toBeUndefined();
    expect(() => aeadOpen(deriveKey(row.id, row.id, "trygg reporter visit"), Buffer.from(row.keyWrap, "base64url"), `reporter-visit:${row.id}:${row.reportId}`)).toThrow(SealError);
    // The wrap is bound to its visit and report: moved to another row it does not open, even with the token.
    const other = await openedCase();
    expect(openWithVisit(hashToken(other.token), row.reportId, row.keyWrap, token)).toBeUndefined();
    expect(openWithVisit(row.id, other.reportId, row.keyWrap, token)).toBeUndefined();
    expect(openWithVisit(row.id, row.reportId, row.keyWrap, token)).toBeInstanceOf(Buffer);
  });

  it("ends after 15 minutes without activity, and activity moves that end", async () => {
    const { token } = await openedCase();
    // Active at 10 and 20 minutes: at 34 it is 14 idle minutes since the last request, still open.
    expect(await openReporterVisit(database.db, token, minutes(10))).not.toBeNull();
    expect(await openReporterVisit(database.db, token, minutes(20))).not.toBeNull();
    expect(await openReporterVisit(database.db, token, minutes(34))).not.toBeNull();
    expect(await openReporterVisit(database.db, token, new Date(minutes(34).getTime() + REPORTER_VISIT_IDLE_MS))).toBeNull();
    // Refused once, the row is gone: it does not come back with an earlier clock.
    expect(await rowOf(token)).toBeUndefined();
    expect(await openReporterVisit(database.db, token, minutes(35))).toBeNull();
  });

  it("ends at the absolute cap of 2 hours however active the reporter is", async () => {
    const { token } = await openedCase();
    for (let minute = 10; minute < 120; minute += 10) expect(await openReporterVisit(database.db, token, minutes(minute))).not.toBeNull();
    expect(await openReporterVisit(database.db, token, minutes(119))).not.toBeNull();
    expect(await openReporterVisit(database.db, token, minutes(120))).toBeNull();
  });

  it("ends on 'hide this case', and a new opening replaces the previous visit", async () => {
    const first = await openedCase();
    await endReporterVisit(database.db, first.token);
    expect(await openReporterVisit(database.db, first.token, minutes(1))).toBeNull();

    const second = await openedCase();
    const key = (await openReporterVisit(database.db, second.token, minutes(1)))!.cipher.key;
    const replaced = await startReporterVisit(database.db, second.reportId, key, minutes(2), second.token);
    expect(await openReporterVisit(database.db, second.token, minutes(3))).toBeNull();
    expect(await rowOf(second.token)).toBeUndefined();
    expect((await openReporterVisit(database.db, replaced.token, minutes(3)))?.report.id).toBe(second.reportId);
  });

  it("goes with its report when the report is purged", async () => {
    const { token, reportId } = await openedCase();
    await database.db.delete(reports).where(eq(reports.id, reportId));
    expect(await rowOf(token)).toBeUndefined();
    expect(await openReporterVisit(database.db, token, minutes(1))).toBeNull();
  });

  it("is purged by the session clean-up job once idle or past its end, and kept while live", async () => {
    await database.db.delete(reporterSessions);
    const idle = await openedCase();
    const capped = await openedCase();
    const live = await openedCase();
    const later = minutes(16);
    // `capped` stays active to the end: it is purged for its cap, not for idleness.
    await database.db.update(reporterSessions).set({ lastSeenAt: minutes(15), expiresAt: later }).where(eq(reporterSessions.id, hashToken(capped.token)));
    await database.db.update(reporterSessions).set({ lastSeenAt: minutes(10) }).where(eq(reporterSessions.id, hashToken(live.token)));
    expect(await purgeExpiredSessions(database.db, later)).toEqual({ deleted: 0, reporterVisits: 2, diaryVisits: 0 });
    expect(await rowOf(idle.token)).toBeUndefined();
    expect(await rowOf(capped.token)).toBeUndefined();
    expect(await openReporterVisit(database.db, live.token, later)).not.toBeNull();
    expect(await deleteExpiredReporterVisits(database.db, later)).toBe(0);
  });
});
