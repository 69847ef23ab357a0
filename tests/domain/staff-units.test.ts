import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authTokens, unitOfficers, units } from "@db/schema";
import { seedDemoParties, seedReferenceUnits } from "@db/seed/seed.server";
import { coverageReport, daysUntil, toCsv } from "~/domain/staff/coverage.server";
import { assignOfficer, createUnit, recordPhoneVerification, UnitRuleError } from "~/domain/staff/units.server";
import { openedOutbox } from "../setup/outbox";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { createStaffUser, testKeys } from "../setup/staff";

describe("units, officers and coverage", () => {
  let database: TestDatabase;
  let adminId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    await seedDemoParties(database.db);
    adminId = (await createStaffUser(database.db, { email: "admin@t.test", roles: ["administrator"] })).user.id;
  });
  afterAll(async () => database?.close());

  it("seeds the 5 Danish regions with 98 municipalities, 21 Swedish regions and 15 Norwegian counties", async () => {
    const all = await database.db.select().from(units);
    const count = (country: string, kind: string) => all.filter((unit) => unit.country === country && unit.kind === kind).length;
    expect(count("dk", "region")).toBe(5);
    expect(count("dk", "municipality")).toBe(98);
    expect(count("se", "region")).toBe(21);
    expect(count("no", "region")).toBe(15);
    const copenhagen = all.find((unit) => unit.name === "Københavns Kommune");
    expect(all.find((unit) => unit.id === copenhagen?.parentId)?.name).toBe("Region Hovedstaden");
    expect(count("dk", "national")).toBe(1);
    expect(await seedReferenceUnits(database.db)).toBe(0); // a second start adds nothing
  });

  it("refuses a district without its party, or a municipality under a party", async () => {
    const actor = { userId: adminId, ip: null };
    await expect(createUnit(database.db, { country: "dk", kind: "party-district", name: "X", parentId: null, areaUnitId: null }, actor)).rejects.toMatchObject({ field: "parentId" });
    const [party] = await database.db.select().from(units).where(eq(units.kind, "party"));
    await expect(createUnit(database.db, { country: party!.country, kind: "municipality", name: "Y", parentId: party!.id, areaUnitId: null }, actor)).rejects.toBeInstanceOf(UnitRuleError);
    expect((await database.db.select().from(units).where(eq(units.name, "Y"))).length).toBe(0);
  });

  it("allows one primary per unit, mails the officer a confirmation link, and tracks call and SMS", async () => {
    const officer = await createStaffUser(database.db, { email: "o1@t.test", roles: ["officer"] });
    const other = await createStaffUser(database.db, { email: "o2@t.test", roles: ["officer"] });
    const [region] = await database.db.select().from(units).where(eq(units.name, "Region Midtjylland"));
    const actor = { userId: adminId, ip: null };
    const assigned = await assignOfficer(database.db, testKeys, { unitId: region!.id, userId: officer.user.id, role: "primary", phone: "+45 11 22 33 44", email: "O1@t.test", origin: "http://x" }, actor, new Date());
    await expect(
      assignOfficer(database.db, testKeys, { unitId: region!.id, userId: other.user.id, role: "primary", phone: "+45 11 22 33 45", email: "o2@t.test", origin: "http://x" }, actor, new Date()),
    ).rejects.toMatchObject({ field: "role" });
    const mails = (await openedOutbox(database.db)).filter((mail) => mail.template === "officerEmail");
    expect(mails.map((mail) => mail.to)).toEqual(["o1@t.test"]);
    expect((await database.db.select().from(authTokens).where(eq(authTokens.subjectId, assigned.id))).length).toBe(1);

    let row = (await coverageReport(database.db, { country: "dk" })).find((entry) => entry.unitId === region!.id);
    expect(row).toMatchObject({ status: "unverified", missing: ["email", "call", "sms"] });
    await recordPhoneVerification(database.db, assigned.id, "call", actor, new Date());
    await recordPhoneVerification(database.db, assigned.id, "sms", actor, new Date());
    await database.db.update(unitOfficers).set({ emailVerifiedAt: new Date() }).where(eq(unitOfficers.id, assigned.id));
    row = (await coverageReport(database.db, { country: "dk" })).find((entry) => entry.unitId === region!.id);
    expect(row).toMatchObject({ status: "verified", missing: [] });
    expect((await coverageReport(database.db, { country: "dk", status: "no-primary" })).some((entry) => entry.unitId === region!.id)).toBe(false);
  });

  it("counts days to a deadline", () => {
    expect(daysUntil("2026-12-05", new Date("2026-11-25T12:00:00Z"))).toBe(10);
    expect(daysUntil("2026-11-25", new Date("2026-11-25T12:00:00Z"))).toBe(0);
    expect(daysUntil("2026-11-20", new Date("2026-11-25T12:00:00Z"))).toBeLessThan(0);
  });

  it("writes CSV with quoting and neutralized formula cells", () => {
    expect(toCsv([["a", 'b "c"', "d,e"], ["=SUM(A1)", "+1", "-2", "@x", "ok\nline"]])).toBe(
      'a,"b ""c""","d,e"\r\n\'=SUM(A1),\'+1,\'-2,\'@x,"ok\nline"\r\n',
    );
  });
});
