import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox, reportEvents, reportPoliceCases, reports, units, type User } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { applyCaseAction, staffCipher, type CaseContext } from "~/domain/reports/case.server";
import { policeCaseProblem } from "~/domain/reports/police-case";
import { policeCaseForReporter, policeCaseForStaff, remindQuietPoliceCases } from "~/domain/reports/police-tracker.server";
import { openReportWithCode, publicTimeline } from "~/domain/reports/reporter.server";
import type { ReportInput } from "~/domain/reports/report-form";
import { submitReport } from "~/domain/reports/submit.server";
import { reporterTimelineLabel } from "~/domain/reports/timeline-label";
import { getT } from "~/i18n/i18next.server";
import { outboxContent } from "~/mail/outbox.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { assignTestOfficer, createStaffUser, testKeys } from "../../setup/staff";

const DAY = 86_400_000;

describe("the police case tracker", () => {
  let database: TestDatabase;
  let officer: User;
  let privateKey: Buffer;
  const t0 = new Date("2026-11-01T10:00:00Z");
  const day = (n: number) => new Date(t0.getTime() + n * DAY);
  const context = (now: Date): CaseContext => ({ keys: testKeys, user: officer, privateKey, now, origin: "http://trygg.test", ip: null, followUpHours: [24, 72, 168] });
  const codes = new Map<string, string>();

  /** An acknowledged report owned by `officer`. */
  const newCase = async () => {
    const [place] = await database.db.select().from(units).where(eq(units.name, "Københavns Kommune"));
    const form: ReportInput = {
      idempotencyKey: crypto.randomUUID(), role: "candidate", country: "dk", party: "none", place: place!.id, level: 3, when: "2026-10-30", time: undefined, where: undefined,
      description: "Phone calls at night.", perpetrator: undefined, policeTold: "yes", policeCaseNumber: undefined, inDanger: false, contactMethod: "anonymous", contactEmail: undefined, contactPhone: undefined, consent: true, website: undefined,
    };
    const submitted = await submitReport(database.db, testKeys, { form, locale: "da", partyName: null, placeName: "Københavns Kommune", attachments: [] }, { origin: "http://trygg.test", now: day(-1), escalationHours: [1, 8, 24] });
    if ("refused" in submitted) throw new Error("refused");
    const [report] = await database.db.select().from(reports).where(eq(reports.reference, submitted.reference));
    codes.set(report!.id, submitted.receiptCode);
    expect(await applyCaseAction(database.db, report!.id, { type: "acknowledge" }, context(day(-1)))).toEqual({ ok: true });
    return report!.id;
  };
  const reportOf = async (id: string) => (await database.db.select().from(reports).where(eq(reports.id, id)))[0]!;
  const reminders = async (id: string) => (await database.db.select().from(outbox).where(and(eq(outbox.reportId, id), eq(outbox.template, "police.quietCase"))));

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    const [unit] = await database.db.select().from(units).where(eq(units.name, "Københavns Kommune"));
    const made = await createStaffUser(database.db, { email: "police@t.test", roles: ["officer"] });
    officer = made.user;
    privateKey = made.privateKey;
    await assignTestOfficer(database.db, { unitId: unit!.id, user: officer, role: "primary" });
  });
  afterAll(async () => database?.close());

  it("records the case number, district, date, state and decision; each change is a public event and audited; sealed fields are sealed", async () => {
    const id = await newCase();
    expect(await applyCaseAction(database.db, id, { type: "police", caseNumber: "0100-80123-00456-26", district: "Københavns Politi, Station City", reportedOn: "2026-10-31" }, context(t0))).toEqual({ ok: true });
    expect(await applyCaseAction(database.db, id, { type: "police", caseNumber: "0100-80123-00456-26", district: "Københavns Politi, Station City", reportedOn: "2026-10-31", state: "under_investigation" }, context(day(2)))).toEqual({ ok: true });
    // The same values again change nothing: no event, the quiet clock is not reset.
    expect(await applyCaseAction(database.db, id, { type: "police", caseNumber: "0100-80123-00456-26", district: "Københavns Politi, Station City", reportedOn: "2026-10-31", state: "under_investigation" }, context(day(3)))).toEqual({ ok: true });
    expect(await applyCaseAction(database.db, id, { type: "police", caseNumber: "0100-80123-00456-26", district: "Københavns Politi, Station City", reportedOn: "2026-10-31", state: "charged", decision: "Sigtet for trusler, straffelovens § 266.", decidedOn: "2026-11-05" }, context(day(4)))).toEqual({ ok: true });

    const events = await database.db.select().from(reportEvents).where(and(eq(reportEvents.reportId, id), eq(reportEvents.type, "police_case_updated")));
    expect(events.map((event) => [event.public, event.details.state])).toEqual([[true, "reported"], [true, "under_investigation"], [true, "charged"]]);
    expect(events[2]!.details.changed).toBe("state,decision,decidedOn");
    expect(await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, id), eq(auditLog.action, "report.police_case_updated")))).toHaveLength(3);

    const [row] = await database.db.select().from(reportPoliceCases).where(eq(reportPoliceCases.reportId, id));
    expect(row).toMatchObject({ state: "charged", reportedOn: "2026-10-31", decidedOn: "2026-11-05", lastChangeAt: day(4) });
    expect(JSON.stringify(row)).not.toContain("Station City");
    expect(JSON.stringify(row)).not.toContain("266");
    expect(JSON.stringify(await reportOf(id))).not.toContain("0100-80123");

    const cipher = await staffCipher(database.db, testKeys, id, { user: officer, privateKey });
    expect(await policeCaseForStaff(database.db, cipher, await reportOf(id))).toMatchObject({ caseNumber: "0100-80123-00456-26", district: "Københavns Politi, Station City", decision: "Sigtet for trusler, straffelovens § 266.", state: "charged" });

    // The reporter sees the state and dates, and the timeline says what the state became; never district or decision.
    expect(await policeCaseForReporter(database.db, id)).toEqual({ state: "charged", reportedOn: "2026-10-31", decidedOn: "2026-11-05" });
    const opened = await openReportWithCode(database.db, { reference: (await reportOf(id)).reference, code: codes.get(id)!, ip: null }, day(5));
    if (!opened.ok) throw new Error("could not open");
    const timeline = await publicTimeline(database.db, opened.cipher, opened.report);
    const t = getT("da", "report");
    const labels = timeline.events.filter((event) => event.type === "police_case_updated").map((event) => reporterTimelineLabel(event, t));
    expect(labels).toEqual(["Politisagen: Anmeldt", "Politisagen: Under efterforskning", "Politisagen: Sigtelse eller tiltale"]);
    expect(JSON.stringify(timeline)).not.toContain("Station City");
  });

  it("refuses a decision dated before the report, and changes on a closed case", async () => {
    expect(policeCaseProblem({ caseNumber: "1", reportedOn: "2026-11-10", decidedOn: "2026-11-09" })).toEqual({ field: "decidedOn", error: "police.errors.decidedBeforeReported" });
    expect(policeCaseProblem({ caseNumber: "1", reportedOn: "2026-11-10", decidedOn: "2026-11-10" })).toBeNull();
    const id = await newCase();
    await applyCaseAction(database.db, id, { type: "status", status: "in_progress" }, context(t0));
    await applyCaseAction(database.db, id, { type: "close", outcome: "referred_to_police", note: "Passed on." }, context(t0));
    expect(await applyCaseAction(database.db, id, { type: "police", caseNumber: "1234" }, context(t0))).toEqual({ ok: false, error: "case.errors.closed" });
  });

  it("reminds the owner once after 30 quiet days, not before, again only after a change and another 30 days; not when decided or closed", async () => {
    const quiet = await newCase();
    const decided = await newCase();
    const closed = await newCase();
    await applyCaseAction(database.db, quiet, { type: "police", caseNumber: "A-1", state: "under_investigation" }, context(t0));
    await applyCaseAction(database.db, decided, { type: "police", caseNumber: "B-1", state: "dropped", decidedOn: "2026-11-01" }, context(t0));
    await applyCaseAction(database.db, closed, { type: "police", caseNumber: "C-1" }, context(t0));
    await applyCaseAction(database.db, closed, { type: "status", status: "in_progress" }, context(t0));
    await applyCaseAction(database.db, closed, { type: "close", outcome: "referred_to_police", note: "Police has it." }, context(t0));

    await remindQuietPoliceCases(database.db, new Date(day(30).getTime() - 1000), "http://trygg.test");
    expect(await reminders(quiet)).toHaveLength(0);

    // Two app instances at once, then again later: one reminder for the quiet period.
    await Promise.all([remindQuietPoliceCases(database.db, day(30), "http://trygg.test"), remindQuietPoliceCases(database.db, day(30), "http://trygg.test")]);
    await remindQuietPoliceCases(database.db, day(45), "http://trygg.test");
    const sent = await reminders(quiet);
    expect(sent).toHaveLength(1);
    const content = outboxContent(sent[0]!)!;
    expect(content.to).toBe("police@t.test");
    expect(content.subject).toContain((await reportOf(quiet)).reference);
    expect(content.text).toContain(`/da/staff/reports/${quiet}`);
    expect(content.text).not.toContain("A-1");
    expect(await reminders(decided)).toHaveLength(0);
    expect(await reminders(closed)).toHaveLength(0);

    // A change starts a new quiet period: nothing until 30 days after it, then one more reminder.
    await applyCaseAction(database.db, quiet, { type: "police", caseNumber: "A-1", state: "under_investigation", district: "Station Bellahøj" }, context(day(50)));
    await remindQuietPoliceCases(database.db, day(79), "http://trygg.test");
    expect(await reminders(quiet)).toHaveLength(1);
    await remindQuietPoliceCases(database.db, day(80), "http://trygg.test");
    await remindQuietPoliceCases(database.db, day(90), "http://trygg.test");
    expect(await reminders(quiet)).toHaveLength(2);
  });
});
