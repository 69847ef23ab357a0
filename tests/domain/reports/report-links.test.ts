import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, reportCaseMembers, reports, units, type User } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { findVisibleReport } from "~/domain/reports/access.server";
import { applyCaseAction, staffCipher, type CaseContext } from "~/domain/reports/case.server";
import { linkedCaseView, linkFormAction, linkReports, unlinkReport } from "~/domain/reports/report-links.server";
import { openReportWithCode, publicTimeline } from "~/domain/reports/reporter.server";
import type { ReportInput } from "~/domain/reports/report-form";
import { submitReport } from "~/domain/reports/submit.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { assignTestOfficer, createStaffUser, testKeys } from "../../setup/staff";

describe("linked reports", () => {
  let database: TestDatabase;
  let copenhagen: User; // serves Københavns Kommune only
  let aarhus: User; // serves Aarhus Kommune only
  let both: User; // serves both
  let copenhagenUnit: string;
  let aarhusUnit: string;
  const privateKeys = new Map<string, Buffer>();
  const now = new Date("2026-11-25T10:00:00Z");
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const linkContext = (user: User, when = now) => ({ user, now: when, ip: null });
  const caseContext = (user: User, when = now): CaseContext => ({ keys: testKeys, user, privateKey: privateKeys.get(user.id) ?? null, now: when, origin: "http://trygg.test", ip: null, followUpHours: [24, 72, 168] });
  const cipherFor = (user: User) => (id: string) => staffCipher(database.db, testKeys, id, { user, privateKey: privateKeys.get(user.id) ?? null });
  const codes = new Map<string, string>();

  /** A Danish report filed in the given unit's municipality; answers id and reference. */
  const file = async (placeName: string, description: string, minutesBefore: number) => {
    const [place] = await database.db.select().from(units).where(eq(units.name, placeName));
    const form: ReportInput = {
      idempotencyKey: crypto.randomUUID(), role: "candidate", country: "dk", party: "none", place: place!.id, level: 2, when: "2026-11-24", time: undefined, where: undefined,
      description, perpetrator: undefined, policeTold: "no", policeCaseNumber: undefined, inDanger: false, contactMethod: "anonymous", contactEmail: undefined, contactPhone: undefined, consent: true, website: undefined,
    };
    const submitted = await submitReport(database.db, testKeys, { form, locale: "da", partyName: null, placeName, attachments: [] }, { origin: "http://trygg.test", now: at(-minutesBefore), escalationHours: [1, 8, 24] });
    if ("refused" in submitted) throw new Error("refused");
    const [report] = await database.db.select().from(reports).where(eq(reports.reference, submitted.reference));
    codes.set(report!.id, submitted.receiptCode);
    return { id: report!.id, reference: report!.reference };
  };
  const caseOf = async (reportId: string) => (await database.db.select().from(reportCaseMembers).where(eq(reportCaseMembers.reportId, reportId)))[0]?.caseId ?? null;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    copenhagenUnit = (await database.db.select().from(units).where(eq(units.name, "Københavns Kommune")))[0]!.id;
    aarhusUnit = (await database.db.select().from(units).where(eq(units.name, "Aarhus Kommune")))[0]!.id;
    const make = async (email: string, unitIds: string[]) => {
      const { user, privateKey } = await createStaffUser(database.db, { email, roles: ["officer"] });
      privateKeys.set(user.id, privateKey);
      for (const unitId of unitIds) await assignTestOfficer(database.db, { unitId, user, role: unitIds.length > 1 ? "deputy" : "primary", email });
      return user;
    };
    copenhagen = await make("kbh@t.test", [copenhagenUnit]);
    aarhus = await make("aarhus@t.test", [aarhusUnit]);
    both = await make("both@t.test", [copenhagenUnit, aarhusUnit]);
  });
  afterAll(async () => database?.close());

  it("links two reports, then a third through the second (A–B, B–C): one case, one timeline labelled by reference", async () => {
    const a = await file("Københavns Kommune", "Mails from the same sender, first time.", 60);
    const b = await file("Københavns Kommune", "The same sender again.", 50);
    const c = await file("Københavns Kommune", "A colleague got the same mail.", 40);
    expect(await applyCaseAction(database.db, b.id, { type: "note", text: "Same sender as the first one." }, caseContext(copenhagen))).toEqual({ ok: true });
    expect(await linkReports(database.db, a.id, b.reference, linkContext(copenhagen))).toEqual({ ok: true });
    expect(await linkReports(database.db, b.id, c.reference.toLowerCase().replaceAll("-", " "), linkContext(copenhagen, at(1)))).toEqual({ ok: true });
    const caseId = await caseOf(a.id);
    expect(caseId).not.toBeNull();
    expect([await caseOf(b.id), await caseOf(c.id)]).toEqual([caseId, caseId]);

    const view = (await linkedCaseView(database.db, copenhagen, a.id, cipherFor(copenhagen)))!;
    expect(view.members.map((member) => member.reference)).toEqual([a.reference, b.reference, c.reference]);
    expect(view.events.filter((event) => event.type === "received").map((event) => event.reference).sort()).toEqual([a.reference, b.reference, c.reference].sort());
    const note = view.events.find((event) => event.type === "note")!;
    expect(note).toMatchObject({ reference: b.reference, body: "Same sender as the first one." });
    // Each event in time order.
    expect(view.events.map((event) => event.at.getTime())).toEqual([...view.events].map((event) => event.at.getTime()).sort((x, y) => x - y));

    // Linking is audited on both reports.
    const audited = await database.db.select().from(auditLog).where(and(eq(auditLog.action, "report.linked"), inArray(auditLog.subjectId, [a.id, b.id, c.id])));
    expect(audited).toHaveLength(4);
    // Linking them again, or a report with itself, is refused on the field.
    expect(await linkReports(database.db, c.id, a.reference, linkContext(copenhagen))).toEqual({ ok: false, error: "links.errors.already", field: "reference" });
    expect(await linkReports(database.db, a.id, a.reference, linkContext(copenhagen))).toEqual({ ok: false, error: "links.errors.self", field: "reference" });
  });

  it("never widens access: a report the officer cannot open cannot be linked, and one linked by someone else stays hidden with its events", async () => {
    const mine = await file("Københavns Kommune", "Threatening letter at home.", 30);
    const theirs = await file("Aarhus Kommune", "The same letter in Aarhus.", 20);
    // The Copenhagen officer cannot link the Aarhus report: the same answer as an unknown reference.
    expect(await linkReports(database.db, mine.id, theirs.reference, linkContext(copenhagen))).toEqual({ ok: false, error: "links.errors.notFound", field: "reference" });
    expect(await linkReports(database.db, mine.id, "TRG-ZZZZ-ZZZZ", linkContext(copenhagen))).toEqual({ ok: false, error: "links.errors.notFound", field: "reference" });
    // The officer of both units links them.
    expect(await linkReports(database.db, mine.id, theirs.reference, linkContext(both))).toEqual({ ok: true });
    expect(await applyCaseAction(database.db, theirs.id, { type: "note", text: "Aarhus-only note." }, caseContext(both, at(2)))).toEqual({ ok: true });

    expect((await linkedCaseView(database.db, both, mine.id, cipherFor(both)))!.members.map((member) => member.id).sort()).toEqual([mine.id, theirs.id].sort());
    // The Copenhagen officer sees their report, none of the Aarhus one: not as a member, not in the timeline.
    const copenhagenView = (await linkedCaseView(database.db, copenhagen, mine.id, cipherFor(copenhagen)))!;
    expect(copenhagenView.members.map((member) => member.id)).toEqual([mine.id]);
    expect(copenhagenView.events.every((event) => event.reportId === mine.id)).toBe(true);
    expect(JSON.stringify(copenhagenView)).not.toContain("Aarhus-only note.");
    expect(JSON.stringify(copenhagenView)).not.toContain(theirs.reference);
    // Nor can they open it directly, link or no link; the Aarhus officer cannot open the Copenhagen one.
    expect(await findVisibleReport(database.db, copenhagen, theirs.id)).toBeUndefined();
    expect(await findVisibleReport(database.db, aarhus, mine.id)).toBeUndefined();
    expect(await linkedCaseView(database.db, aarhus, mine.id, cipherFor(aarhus))).toBeNull();
    expect((await linkedCaseView(database.db, aarhus, theirs.id, cipherFor(aarhus)))!.members.map((member) => member.id)).toEqual([theirs.id]);
    // Nor take it out of the case.
    expect(await unlinkReport(database.db, mine.id, theirs.id, linkContext(copenhagen))).toEqual({ ok: false, error: "links.errors.notFound" });

    // Access is decided at every view: once the Aarhus report is escalated to Copenhagen, its events show; once not, they go.
    await database.db.update(reports).set({ visibleUnitIds: [aarhusUnit, copenhagenUnit] }).where(eq(reports.id, theirs.id));
    const widened = (await linkedCaseView(database.db, copenhagen, mine.id, cipherFor(copenhagen)))!;
    expect(widened.members.map((member) => member.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(widened.events.some((event) => event.reportId === theirs.id && event.type === "note")).toBe(true);
    await database.db.update(reports).set({ visibleUnitIds: [aarhusUnit] }).where(eq(reports.id, theirs.id));
    const narrowed = (await linkedCaseView(database.db, copenhagen, mine.id, cipherFor(copenhagen)))!;
    expect(narrowed.events.some((event) => event.reportId === theirs.id)).toBe(false);
  });

  it("never shows one reporter another's report: the status page's timeline is the report's own", async () => {
    const first = await file("Københavns Kommune", "First reporter.", 15);
    const second = await file("Københavns Kommune", "Second reporter.", 10);
    expect(await linkReports(database.db, first.id, second.reference, linkContext(copenhagen))).toEqual({ ok: true });
    await applyCaseAction(database.db, second.id, { type: "acknowledge" }, caseContext(copenhagen));
    await applyCaseAction(database.db, second.id, { type: "message", text: "Message for the second reporter only." }, caseContext(copenhagen, at(1)));
    const opened = await openReportWithCode(database.db, { reference: first.reference, code: codes.get(first.id)!, ip: null }, at(2));
    if (!opened.ok) throw new Error("could not open");
    const timeline = await publicTimeline(database.db, opened.cipher, opened.report);
    expect(timeline.events.map((event) => event.type)).toEqual(["received"]);
    expect(JSON.stringify(timeline)).not.toContain("second reporter only");
    expect(JSON.stringify(timeline)).not.toContain(second.reference);
  });

  it("unlinks one report; a case left with one report is no case", async () => {
    const a = await file("Københavns Kommune", "One.", 9);
    const b = await file("Københavns Kommune", "Two.", 8);
    const c = await file("Københavns Kommune", "Three.", 7);
    await linkReports(database.db, a.id, b.reference, linkContext(copenhagen));
    await linkReports(database.db, c.id, b.reference, linkContext(copenhagen));
    expect(await unlinkReport(database.db, a.id, c.id, linkContext(copenhagen, at(3)))).toEqual({ ok: true });
    expect(await caseOf(c.id)).toBeNull();
    expect((await linkedCaseView(database.db, copenhagen, a.id, cipherFor(copenhagen)))!.members.map((member) => member.id)).toEqual([a.id, b.id]);
    expect(await linkedCaseView(database.db, copenhagen, c.id, cipherFor(copenhagen))).toBeNull();
    expect(await unlinkReport(database.db, a.id, c.id, linkContext(copenhagen))).toEqual({ ok: false, error: "links.errors.notLinked" });
    expect(await unlinkReport(database.db, a.id, a.id, linkContext(copenhagen, at(4)))).toEqual({ ok: true });
    expect([await caseOf(a.id), await caseOf(b.id)]).toEqual([null, null]);
    const audited = await database.db.select().from(auditLog).where(and(eq(auditLog.action, "report.unlinked"), inArray(auditLog.subjectId, [a.id, c.id])));
    expect(audited).toHaveLength(2);
  });

  it("two cases linked become one", async () => {
    const [a, b, c, d] = [await file("Københavns Kommune", "W.", 6), await file("Københavns Kommune", "X.", 5), await file("Københavns Kommune", "Y.", 4), await file("Københavns Kommune", "Z.", 3)];
    await linkReports(database.db, a.id, b.reference, linkContext(copenhagen));
    await linkReports(database.db, c.id, d.reference, linkContext(copenhagen));
    expect(await caseOf(a.id)).not.toBe(await caseOf(c.id));
    expect(await linkReports(database.db, b.id, c.reference, linkContext(copenhagen))).toEqual({ ok: true });
    const caseId = await caseOf(a.id);
    expect(await Promise.all([b, c, d].map((report) => caseOf(report.id)))).toEqual([caseId, caseId, caseId]);
  });

  it("answers the case page's forms with translated field errors for bad input", async () => {
    const a = await file("Københavns Kommune", "Form test.", 2);
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(fields)) data.append(name, value);
      return data;
    };
    expect(await linkFormAction(database.db, a.id, form({ intent: "link", reference: "<script>" }), linkContext(copenhagen))).toMatchObject({ status: 400, body: { error: "links.errors.reference", field: "reference" } });
    expect(await linkFormAction(database.db, a.id, form({ intent: "link" }), linkContext(copenhagen))).toMatchObject({ status: 400, body: { field: "reference" } });
    expect(await linkFormAction(database.db, a.id, form({ intent: "unlink", memberId: "nope" }), linkContext(copenhagen))).toMatchObject({ status: 400, body: { error: "links.errors.notFound" } });
    expect(await linkFormAction(database.db, a.id, form({ intent: "link", reference: "TRG-AAAA-BBBB" }), linkContext(copenhagen))).toMatchObject({ status: 400, body: { error: "links.errors.notFound", field: "reference" } });
  });
});
