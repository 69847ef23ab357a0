import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, reportAttachments, reportEvents, reports, reportStatistics, units, type User } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { findVisibleReport, listQueue, servedUnitIds } from "~/domain/reports/access.server";
import { applyCaseAction, type CaseContext } from "~/domain/reports/case.server";
import { addReporterMessage, openReportWithCode } from "~/domain/reports/reporter.server";
import type { ReportContents, ReportInput } from "~/domain/reports/report-form";
import { submitReport } from "~/domain/reports/submit.server";
import { escalateOverdueReports } from "~/jobs/escalate-reports.server";
import { purgeClosedReports } from "~/jobs/purge-reports.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { hashOneTimeKey } from "~/domain/sealing/report-keys.server";
import { outboxContent } from "~/mail/outbox.server";
import { assignTestOfficer, createStaffUser, testKeys } from "../../setup/staff";

const hours: [number, number, number] = [1, 8, 24];
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

describe("incident reports in the database", () => {
  let database: TestDatabase;
  let unitId: Record<string, string>;
  let officerA: User; // primary of Københavns Kommune
  let deputyA: User; // deputy of Københavns Kommune
  let officerRegion: User; // primary of Region Hovedstaden (the parent)
  let officerB: User; // primary of Aarhus Kommune: another unit
  let admin: User;
  const t0 = new Date("2026-11-25T10:00:00Z");

  const form = (overrides: Partial<ReportInput> = {}): ReportInput => ({
    idempotencyKey: crypto.randomUUID(),
    role: "candidate",
    country: "dk",
    party: "none",
    place: unitId["Københavns Kommune"],
    level: 3,
    when: "2026-11-24",
    time: undefined,
    where: undefined,
    description: "He followed me from the station to my door.",
    perpetrator: undefined,
    policeTold: "no",
    policeCaseNumber: undefined,
    inDanger: false,
    contactMethod: "anonymous",
    contactEmail: undefined,
    contactPhone: undefined,
    consent: true,
    website: undefined,
    ...overrides,
  });
  const submit = async (input: ReportInput, attachments: Array<{ name: string; type: "image/png"; bytes: Uint8Array }> = [], now = t0) => {
    const result = await submitReport(database.db, testKeys, { form: input, locale: "da", partyName: null, placeName: "Københavns Kommune", attachments }, { origin: "http://trygg.test", now, escalationHours: hours });
    if ("refused" in result) throw new Error("refused");
    return result;
  };
  const privateKeys = new Map<string, Buffer>();
  const cipherOf = async (result: { reference: string; receiptCode: string }) => {
    const opened = await openReportWithCode(database.db, { reference: result.reference, code: result.receiptCode, ip: "9.9.9.9" }, t0);
    if (!opened.ok) throw new Error("does not open");
    return opened.cipher;
  };
  const mailTo = (mail: typeof outbox.$inferSelect) => outboxContent(mail)!.to;
  const reportByReference = async (reference: string) => (await database.db.select().from(reports).where(eq(reports.reference, reference)))[0]!;
  const reopening = { followUpHours: [24, 72, 168] as const, origin: "http://trygg.test" };
  const context = (user: User, now = t0): CaseContext => ({ keys: testKeys, user, privateKey: privateKeys.get(user.id) ?? null, now, origin: "http://trygg.test", ip: null, followUpHours: [24, 72, 168] });

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    unitId = Object.fromEntries((await database.db.select().from(units)).map((unit) => [unit.name, unit.id]));
    const officer = async (email: string, unit: string, role: "primary" | "deputy", roles: Array<"officer" | "administrator"> = ["officer"]) => {
      const { user, privateKey } = await createStaffUser(database.db, { email, roles, name: email.split("@")[0] });
      privateKeys.set(user.id, privateKey);
      await assignTestOfficer(database.db, { unitId: unitId[unit]!, user, role, email });
      return user;
    };
    officerA = await officer("a@t.test", "Københavns Kommune", "primary");
    deputyA = await officer("deputy@t.test", "Københavns Kommune", "deputy");
    officerRegion = await officer("region@t.test", "Region Hovedstaden", "primary");
    officerB = await officer("b@t.test", "Aarhus Kommune", "primary");
    const made = await createStaffUser(database.db, { email: "admin@t.test", roles: ["administrator"] });
    admin = made.user;
    privateKeys.set(admin.id, made.privateKey);
  });
  afterAll(async () => database?.close());

  it("routes to the municipality, mails its primary (reference and level only), and keeps the canary out of every table", async () => {
    const canary = `CANARY-${crypto.randomUUID()}`;
    const result = await submit(
      form({ description: `He wrote: ${canary}`, perpetrator: `Name ${canary}`, where: `Street ${canary}`, contactMethod: "email", contactEmail: `x-${canary.toLowerCase()}@example.test` }),
      [{ name: `${canary}.png`, type: "image/png", bytes: png }],
    );
    const report = await reportByReference(result.reference);
    expect(report).toMatchObject({ unitId: unitId["Københavns Kommune"], routingReason: "municipality", status: "received" });
    const mails = await database.db.select().from(outbox).where(eq(outbox.template, "reportReceived"));
    expect(mails.map(mailTo)).toEqual(["a@t.test"]);
    expect(outboxContent(mails[0]!)!.text).toContain(result.reference);
    // Nothing the reporter typed is stored in the clear: not in any row of any table.
    const dump = JSON.stringify(
      await Promise.all(
        ["reports", "report_events", "report_attachments", "report_statistics", "outbox", "audit_log"].map((table) =>
          database.db.execute(`select * from ${table}` as never),
        ),
      ),
    );
    expect(dump).not.toContain(canary);
    expect(dump).not.toContain(canary.toLowerCase());
    expect(dump).toContain(result.reference);
  });

  it("keeps no contact detail for a method not chosen, and no police case number when the police were not told", async () => {
    // Without JavaScript these fields are all on the page; what was typed into the unused ones must not be kept.
    const result = await submit(form({ contactMethod: "phone", contactPhone: "+45 11 22 33 44", contactEmail: "left.behind@example.test", policeTold: "no", policeCaseNumber: "4400-LEFT-BEHIND" }));
    const report = await reportByReference(result.reference);
    expect(report.policeCaseSealed).toBeNull();
    expect(report.hasContactEmail).toBe(false);
    const contents = (await cipherOf(result)).openContents<ReportContents>(report.sealed);
    expect(contents).toMatchObject({ contactMethod: "phone", contactPhone: "+45 11 22 33 44", contactEmail: null, policeTold: false, policeCaseNumber: null });
  });

  it("answers an officer of another unit as if the report did not exist, also for its files", async () => {
    const result = await submit(form(), [{ name: "x.png", type: "image/png", bytes: png }]);
    const report = await reportByReference(result.reference);
    expect(await findVisibleReport(database.db, officerA, report.id)).toBeDefined();
    expect(await findVisibleReport(database.db, deputyA, report.id)).toBeDefined();
    expect(await findVisibleReport(database.db, officerB, report.id)).toBeUndefined();
    expect(await findVisibleReport(database.db, admin, report.id)).toBeUndefined();
    expect(await findVisibleReport(database.db, officerB, crypto.randomUUID())).toBeUndefined();
    expect((await listQueue(database.db, officerB, await servedUnitIds(database.db, officerB.id), {}, t0)).map((row) => row.id)).not.toContain(report.id);
    expect(await applyCaseAction(database.db, report.id, { type: "acknowledge" }, context(officerA))).toEqual({ ok: true });
  });

  it("makes one report of a double submit, with the same receipt code, even at the same moment", async () => {
    const input = form();
    const [first, second] = await Promise.all([submit(input), submit(input)]);
    const third = await submit(input);
    expect(new Set([first.reference, second.reference, third.reference]).size).toBe(1);
    expect(new Set([first.receiptCode, second.receiptCode, third.receiptCode]).size).toBe(1);
    expect([first.duplicate, second.duplicate, third.duplicate].filter((duplicate) => !duplicate)).toHaveLength(1);
    expect(await database.db.select().from(reports).where(eq(reports.idempotencyHash, hashOneTimeKey(input.idempotencyKey)))).toHaveLength(1);
  });

  it("opens a report only with the right code; a wrong code and an unknown reference look the same", async () => {
    const result = await submit(form());
    expect((await openReportWithCode(database.db, { reference: result.reference.toLowerCase(), code: result.receiptCode.replace(/-/g, " "), ip: "1.1.1.1" }, t0)).ok).toBe(true);
    const wrong = await openReportWithCode(database.db, { reference: result.reference, code: "AAAA-BBBB-CCCC-DDDD-EEEE", ip: "1.1.1.2" }, t0);
    const unknown = await openReportWithCode(database.db, { reference: "TRG-AAAA-AAAA", code: result.receiptCode, ip: "1.1.1.3" }, t0);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
    // Wrong guesses from many addresses never lock the reporter out of their own report.
    for (let attempt = 0; attempt < 8; attempt++) await openReportWithCode(database.db, { reference: result.reference, code: "WRONG-CODE-0000", ip: `2.2.2.${attempt}` }, t0);
    expect((await openReportWithCode(database.db, { reference: result.reference, code: result.receiptCode, ip: "3.3.3.3" }, t0)).ok).toBe(true);
    // One client guessing is throttled (an IPv6 client by its /64), whichever reference it tries.
    for (let attempt = 0; attempt < 6; attempt++) await openReportWithCode(database.db, { reference: attempt % 2 ? result.reference : "TRG-AAAA-AAAA", code: "WRONG-CODE-0000", ip: `2001:db8:1:2::${attempt + 1}` }, t0);
    expect(await openReportWithCode(database.db, { reference: result.reference, code: "WRONG-CODE-0000", ip: "2001:db8:1:2:ffff::9" }, t0)).toMatchObject({ ok: false, reason: "throttled" });
    expect((await openReportWithCode(database.db, { reference: result.reference, code: result.receiptCode, ip: "2001:db8:1:3::1" }, t0)).ok).toBe(true);
  });

  it("keeps the owner until a transfer is accepted; a decline leaves it unchanged", async () => {
    const result = await submit(form());
    let report = await reportByReference(result.reference);
    expect(await applyCaseAction(database.db, report.id, { type: "offer", toUserId: deputyA.id }, context(officerA))).toEqual({ ok: false, error: "case.errors.notOwner" });
    expect(await applyCaseAction(database.db, report.id, { type: "acknowledge" }, context(officerA))).toEqual({ ok: true });
    report = await reportByReference(result.reference);
    expect(report.ownerUserId).toBe(officerA.id);
    expect(await applyCaseAction(database.db, report.id, { type: "acknowledge" }, context(deputyA))).toEqual({ ok: false, error: "case.errors.alreadyAcknowledged" });
    expect(await applyCaseAction(database.db, report.id, { type: "offer", toUserId: officerB.id }, context(officerA))).toEqual({ ok: false, error: "case.errors.offerNotAllowed" });
    expect(await applyCaseAction(database.db, report.id, { type: "offer", toUserId: deputyA.id }, context(officerA))).toEqual({ ok: true });
    report = await reportByReference(result.reference);
    expect(report.ownerUserId).toBe(officerA.id); // still the first owner
    expect(await applyCaseAction(database.db, report.id, { type: "message", text: "x" }, context(deputyA))).toEqual({ ok: false, error: "case.errors.notOwner" });
    expect(await applyCaseAction(database.db, report.id, { type: "decline" }, context(deputyA))).toEqual({ ok: true });
    expect((await reportByReference(result.reference)).ownerUserId).toBe(officerA.id);
    expect(await applyCaseAction(database.db, report.id, { type: "offer", toUserId: deputyA.id }, context(officerA))).toEqual({ ok: true });
    expect(await applyCaseAction(database.db, report.id, { type: "accept" }, context(deputyA))).toEqual({ ok: true });
    report = await reportByReference(result.reference);
    expect(report.ownerUserId).toBe(deputyA.id);
    expect(await applyCaseAction(database.db, report.id, { type: "message", text: "now mine" }, context(deputyA))).toEqual({ ok: true });
    const types = (await database.db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id))).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["transfer_offered", "transfer_declined", "transfer_accepted"]));
  });

  it("escalates an unacknowledged report: deputy, then parent unit, then administrators, on time for its level", async () => {
    const result = await submit(form({ level: 5 }));
    const report = await reportByReference(result.reference);
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const recipientsOf = async (stage: number) =>
      (await database.db.select().from(outbox)).filter((mail) => mail.idempotencyKey.startsWith(`report-escalated:${report.id}:${stage}:`)).map(mailTo);

    await escalateOverdueReports(database.db, at(59), { escalationHours: hours, origin: "http://x" });
    expect((await reportByReference(result.reference)).escalationStage).toBe(0);
    await escalateOverdueReports(database.db, at(61), { escalationHours: hours, origin: "http://x" });
    expect((await reportByReference(result.reference)).escalationStage).toBe(1);
    expect(await recipientsOf(1)).toEqual(["deputy@t.test"]);
    expect(await findVisibleReport(database.db, officerRegion, report.id)).toBeUndefined();

    await escalateOverdueReports(database.db, at(122), { escalationHours: hours, origin: "http://x" });
    expect((await reportByReference(result.reference)).escalationStage).toBe(2);
    expect(await recipientsOf(2)).toEqual(["region@t.test"]);
    expect(await findVisibleReport(database.db, officerRegion, report.id)).toBeDefined();
    expect(await findVisibleReport(database.db, admin, report.id)).toBeUndefined();

    // Two workers at once: the third stage happens once.
    await Promise.all([
      escalateOverdueReports(database.db, at(183), { escalationHours: hours, origin: "http://x" }),
      escalateOverdueReports(database.db, at(183), { escalationHours: hours, origin: "http://x" }),
    ]);
    expect((await reportByReference(result.reference)).escalationStage).toBe(3);
    expect(await recipientsOf(3)).toEqual(["admin@t.test"]);
    expect(await findVisibleReport(database.db, admin, report.id)).toBeDefined();
    const escalations = (await database.db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id))).filter((event) => event.type === "escalated");
    expect(escalations).toHaveLength(3);
    // Nothing further after the last stage.
    await escalateOverdueReports(database.db, at(10_000), { escalationHours: hours, origin: "http://x" });
    expect((await database.db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id))).filter((event) => event.type === "escalated")).toHaveLength(3);
  });

  it("does not escalate an acknowledged report; its follow-up clock pauses while waiting for the reporter", async () => {
    const result = await submit(form({ level: 1 }));
    let report = await reportByReference(result.reference);
    await applyCaseAction(database.db, report.id, { type: "acknowledge" }, context(officerA, new Date(t0.getTime() + 60_000)));
    await escalateOverdueReports(database.db, new Date(t0.getTime() + 48 * 3_600_000), { escalationHours: hours, origin: "http://x" });
    report = await reportByReference(result.reference);
    expect(report.escalationStage).toBe(0);
    const due = report.followUpDueAt!.getTime();
    expect(due).toBe(t0.getTime() + 60_000 + 168 * 3_600_000);

    const pausedAt = new Date(t0.getTime() + 2 * 3_600_000);
    await applyCaseAction(database.db, report.id, { type: "status", status: "waiting_for_reporter" }, context(officerA, pausedAt));
    report = await reportByReference(result.reference);
    expect(report.followUpDueAt).toBeNull();
    // Three days later the reporter answers: the clock runs again with the time it had left.
    const answeredAt = new Date(pausedAt.getTime() + 72 * 3_600_000);
    expect(await addReporterMessage(database.db, await cipherOf(result), { text: "Here is more.", attachments: [] }, answeredAt, reopening)).toEqual({ ok: true, reopened: false });
    report = await reportByReference(result.reference);
    expect(report.status).toBe("in_progress");
    expect(report.followUpDueAt!.getTime()).toBe(answeredAt.getTime() + (due - pausedAt.getTime()));

    await applyCaseAction(database.db, report.id, { type: "close", outcome: "resolved", note: "Done." }, context(officerA, answeredAt));
    report = await reportByReference(result.reference);
    expect(report).toMatchObject({ status: "closed", followUpDueAt: null, outcome: "resolved" });
    expect(await applyCaseAction(database.db, report.id, { type: "reopen" }, context(officerA, answeredAt))).toEqual({ ok: true });
    expect((await reportByReference(result.reference)).status).toBe("in_progress");
  });

  it("reopens a closed case when the reporter writes: in progress, a fresh follow-up deadline, no outcome, a public event, and the owner is mailed", async () => {
    const result = await submit(form({ level: 3 }));
    const { id } = await reportByReference(result.reference);
    const acknowledgedAt = new Date(t0.getTime() + 60_000);
    await applyCaseAction(database.db, id, { type: "acknowledge" }, context(officerA, acknowledgedAt));
    const closedAt = new Date(t0.getTime() + 3_600_000);
    expect(await applyCaseAction(database.db, id, { type: "close", outcome: "resolved", note: "Done." }, context(officerA, closedAt))).toEqual({ ok: true });
    const writtenAt = new Date(closedAt.getTime() + 30 * 86_400_000);
    expect(await addReporterMessage(database.db, await cipherOf(result), { text: "It started again.", attachments: [] }, writtenAt, reopening)).toEqual({ ok: true, reopened: true });
    const report = await reportByReference(result.reference);
    // Level 3: the middle follow-up figure (72 h), counted from the reporter's message, as when an officer reopens.
    expect(report).toMatchObject({ status: "in_progress", outcome: null, closedAt: null, followUpRemainingMs: null, ownerUserId: officerA.id });
    expect(report.followUpDueAt!.getTime()).toBe(writtenAt.getTime() + 72 * 3_600_000);
    const [statistics] = await database.db.select().from(reportStatistics).where(eq(reportStatistics.reportId, id));
    expect(statistics).toMatchObject({ outcome: null, closedAt: null });
    const events = await database.db.select().from(reportEvents).where(eq(reportEvents.reportId, id));
    const reopened = events.filter((event) => event.type === "reopened");
    expect(reopened).toHaveLength(1);
    expect(reopened[0]).toMatchObject({ actorKind: "reporter", public: true, at: writtenAt });
    expect(events.filter((event) => event.type === "message_from_reporter")).toHaveLength(1);
    const mails = (await database.db.select().from(outbox).where(eq(outbox.reportId, id))).filter((mail) => mail.template === "reportReopened");
    expect(mails.map(mailTo)).toEqual(["a@t.test"]);
    expect(outboxContent(mails[0]!)!.text).not.toContain("It started again.");
    // Retention no longer sees a closed case: a purge long after the old closing date keeps it.
    await purgeClosedReports(database.db, new Date(closedAt.getTime() + 400 * 86_400_000), 12);
    expect(await reportByReference(result.reference)).toBeDefined();
    // A second message on the now open case is a plain message: no second reopening, no mail.
    expect(await addReporterMessage(database.db, await cipherOf(result), { text: "More.", attachments: [] }, writtenAt, reopening)).toEqual({ ok: true, reopened: false });
    expect((await database.db.select().from(reportEvents).where(eq(reportEvents.reportId, id))).filter((event) => event.type === "reopened")).toHaveLength(1);
  });

  it("purges reports closed more than 12 months ago, files and all, and keeps an anonymous statistics row", async () => {
    const old = await submit(form(), [{ name: "old.png", type: "image/png", bytes: png }]);
    const recent = await submit(form());
    for (const [reference, closedAt] of [
      [old.reference, new Date("2025-10-01T00:00:00Z")],
      [recent.reference, new Date("2026-06-01T00:00:00Z")],
    ] as const) {
      const report = await reportByReference(reference);
      await applyCaseAction(database.db, report.id, { type: "acknowledge" }, context(officerA, closedAt));
      await applyCaseAction(database.db, (await reportByReference(reference)).id, { type: "close", outcome: "no_further_action", note: "x" }, context(officerA, closedAt));
    }
    const oldId = (await reportByReference(old.reference)).id;
    expect(await purgeClosedReports(database.db, t0, 12)).toEqual({ purged: 1 });
    expect(await database.db.select().from(reports).where(eq(reports.id, oldId))).toHaveLength(0);
    expect(await database.db.select().from(reportAttachments).where(eq(reportAttachments.reportId, oldId))).toHaveLength(0);
    expect(await database.db.select().from(reportEvents).where(eq(reportEvents.reportId, oldId))).toHaveLength(0);
    const [stats] = await database.db.select().from(reportStatistics).where(eq(reportStatistics.reportId, oldId));
    expect(stats).toMatchObject({ country: "dk", threatLevel: 3, outcome: "no_further_action" });
    expect(stats?.purgedAt).toBeInstanceOf(Date);
    expect(await reportByReference(recent.reference)).toBeDefined();
    expect(await purgeClosedReports(database.db, t0, 12)).toEqual({ purged: 0 });
  });
});
