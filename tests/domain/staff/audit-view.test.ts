import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, events, reports, units, users } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import { exportAudit, queryAudit } from "~/domain/staff/audit-query.server";
import { actionName, describeAuditRows } from "~/domain/staff/audit-view.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { createStaffUser } from "../../setup/staff";

/** The audit log told in words: subjects resolved in one query per kind, gone ones said so. */
describe("audit log entries as sentences", () => {
  let database: TestDatabase;
  let adminId: string;
  let officerId: string;
  let reportId: string;
  let eventId: string;
  let unitId: string;
  const purgedReportId = "0b7e4c1e-8f4c-4f55-9b40-3a1d8b7c2d10";

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    adminId = (await createStaffUser(db, { email: "admin@audit.test", roles: ["administrator"], name: "Alma Admin" })).user.id;
    officerId = (await createStaffUser(db, { email: "olaf@audit.test", roles: ["officer"], name: "Olaf Officer" })).user.id;
    const [unit] = await db.insert(units).values({ country: "dk", kind: "municipality", name: "Testrup Kommune" }).returning();
    unitId = unit!.id;
    const now = new Date();
    const [report] = await db
      .insert(reports)
      .values({ reference: "TRG-AUD1-TEST", receiptHash: "x", idempotencyHash: "audit-1", locale: "da", country: "dk", threatLevel: 2, unitId, routingReason: "municipality", sealed: "SEALED-CONTENT", createdAt: now, updatedAt: now })
      .returning();
    reportId = report!.id;
    const [event] = await db
      .insert(events)
      .values({
        translations: { da: { title: "Tryg valgkamp", description: "", agenda: [] }, sv: { title: "Trygg valrörelse", description: "", agenda: [] } },
        timeZone: "Europe/Copenhagen",
        startsAt: now,
        endsAt: new Date(now.getTime() + 3_600_000),
        audience: ["candidates"],
        capacity: 10,
        registrationDeadline: now,
        joinUrl: "https://meet.example/x",
        meetingId: "1",
        passcode: "p",
        createdBy: adminId,
      })
      .returning();
    eventId = event!.id;
    await recordAudit(db, { actorUserId: officerId, action: "report.viewed", subjectType: "report", subjectId: reportId, ip: "10.0.0.1" });
    await recordAudit(db, { actorUserId: officerId, action: "report.transfer_offered", subjectType: "report", subjectId: reportId, details: { toUserId: adminId } });
    await recordAudit(db, { actorUserId: officerId, action: "report.status_changed", subjectType: "report", subjectId: reportId, details: { from: "acknowledged", to: "waiting_for_reporter" } });
    await recordAudit(db, { actorUserId: officerId, action: "report.viewed", subjectType: "report", subjectId: purgedReportId });
    await recordAudit(db, { actorUserId: adminId, action: "event.published", subjectType: "event", subjectId: eventId });
    await recordAudit(db, { actorUserId: adminId, action: "unit.officer-assigned", subjectType: "unit", subjectId: unitId, details: { officerUserId: officerId, role: "primary" } });
    await recordAudit(db, { actorUserId: adminId, action: "user.roles-changed", subjectType: "user", subjectId: officerId, details: { before: ["officer"], after: ["officer", "organizer"] } });
    await recordAudit(db, { actorLabel: "system", action: "report.purged", details: { count: 3 } });
    await recordAudit(db, { actorUserId: adminId, action: "something.new-and-unknown", subjectType: "gadget", subjectId: "42" });
  });
  afterAll(async () => database?.close());

  const describeAll = async (locale: "da" | "sv" | "nb") => {
    const { rows } = await queryAudit(database.db, { page: 1 });
    return describeAuditRows(database.db, rows, locale);
  };

  it("resolves reports to their reference, events to their title, units and users to names, with links", async () => {
    const entries = await describeAll("da");
    const [viewed] = entries.filter((entry) => entry.action === "report.viewed" && entry.subjectHref);
    expect(viewed).toMatchObject({ sentenceKey: "auditLog.sentences.report.viewed", subjectHref: `/da/staff/reports/${reportId}`, values: { actor: "Olaf Officer", subject: "TRG-AUD1-TEST" }, ip: "10.0.0.1" });
    expect(JSON.stringify(entries)).not.toContain("SEALED-CONTENT");
    expect(entries.find((entry) => entry.action === "report.transfer_offered")?.values.person).toBe("Alma Admin (admin@audit.test)");
    expect(entries.find((entry) => entry.action === "report.status_changed")?.values).toMatchObject({ from: "Kvitteret", to: "Afventer indberetterens svar" });
    expect(entries.find((entry) => entry.action === "event.published")).toMatchObject({ subjectHref: `/da/staff/events/${eventId}`, values: { subject: "Tryg valgkamp" } });
    expect(entries.find((entry) => entry.action === "unit.officer-assigned")).toMatchObject({ subjectHref: `/da/staff/admin/units/${unitId}`, values: { subject: "Testrup Kommune", person: "Olaf Officer (olaf@audit.test)", role: "Primær" } });
    expect(entries.find((entry) => entry.action === "user.roles-changed")?.values).toMatchObject({ subject: "Olaf Officer (olaf@audit.test)", before: "Sikkerhedsansvarlig", after: "Sikkerhedsansvarlig, Arrangør" });
    expect(entries.find((entry) => entry.action === "report.purged")?.values).toMatchObject({ actor: "Systemet", count: "3" });
    // In Swedish, the event's Swedish title.
    expect((await describeAll("sv")).find((entry) => entry.action === "event.published")?.values.subject).toBe("Trygg valrörelse");
  });

  it("says a purged report is gone instead of failing, and links nowhere", async () => {
    const entries = await describeAll("nb");
    const purged = entries.find((entry) => entry.action === "report.viewed" && !entry.subjectHref);
    expect(purged).toMatchObject({ sentenceKey: "auditLog.sentences.report.viewed", values: { subject: "en slettet rapport" }, subjectHref: null });
  });

  it("tells an unknown code with the generic sentence that shows the code", async () => {
    const entries = await describeAll("sv");
    expect(entries.find((entry) => entry.action === "something.new-and-unknown")).toMatchObject({ sentenceKey: "auditLog.sentences.unknown", values: { code: "something.new-and-unknown", actor: "Alma Admin" }, subjectHref: null });
    expect(actionName("something.new-and-unknown", "sv")).toBe("something.new-and-unknown");
    expect(actionName("report.viewed", "sv")).toBe("Anmälan öppnad");
  });

  it("looks subjects up in one query per kind, not one per row", async () => {
    const { rows } = await queryAudit(database.db, { page: 1 });
    const many = Array.from({ length: 40 }, (_, index) => ({ ...rows[index % rows.length]!, id: 10_000 + index }));
    let queries = 0;
    const counting = new Proxy(database.db, {
      get(target, property, receiver) {
        if (property === "select") queries++;
        return Reflect.get(target, property, receiver);
      },
    });
    await describeAuditRows(counting, many, "da");
    expect(queries).toBeLessThanOrEqual(6);
    expect(queries).toBeGreaterThan(0);
  });

  it("exports every matching raw row, capped", async () => {
    const all = await exportAudit(database.db, {});
    expect(all.rows.length).toBe((await database.db.select().from(auditLog)).length);
    expect(all.truncated).toBe(false);
    const capped = await exportAudit(database.db, {}, 2);
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.rows.length).toBe(2);
    expect((await exportAudit(database.db, { action: "report.status_changed" })).rows.map((row) => row.details)).toEqual([{ from: "acknowledged", to: "waiting_for_reporter" }]);
    expect((await database.db.select().from(users)).length).toBe(2);
  });
});
