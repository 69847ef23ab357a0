import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { units } from "@db/schema";
import { seedDemoParties, seedReferenceUnits } from "@db/seed/seed.server";
import { chosenUnitName, FORM_OPTIONS_TTL_MS, reportFormOptions } from "~/domain/reports/form-options.server";
import { createUnit, updateUnit } from "~/domain/staff/units.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { createStaffUser } from "../../setup/staff";

describe("the report form's lists in memory", () => {
  let database: TestDatabase;
  let actor: { userId: string; ip: null };
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    await seedDemoParties(database.db);
    actor = { userId: (await createStaffUser(database.db, { email: "admin@t.test", roles: ["administrator"] })).user.id, ip: null };
  });
  afterAll(async () => database?.close());

  const partyNames = async (now: number) => (await reportFormOptions(database.db, now)).parties.map((party) => party.name);

  it("keeps the lists for the TTL, then reads them again", async () => {
    const start = Date.now();
    const before = await partyNames(start);
    expect(before.length).toBeGreaterThan(0);
    // A change behind the app's back (another instance) shows only after the TTL.
    await database.db.insert(units).values({ country: "dk", kind: "party", name: "Elsewhere Party" });
    expect(await partyNames(start + 1000)).toEqual(before);
    expect(await partyNames(start + FORM_OPTIONS_TTL_MS + 1)).toContain("Elsewhere Party");
  });

  it("drops them at once when an administrator creates or renames a unit here", async () => {
    const now = Date.now() + 10 * FORM_OPTIONS_TTL_MS;
    await partyNames(now);
    const unit = await createUnit(database.db, { country: "se", kind: "party", name: "Nya partiet", parentId: null, areaUnitId: null }, actor);
    expect(await partyNames(now + 1)).toContain("Nya partiet");
    await updateUnit(database.db, unit.id, { name: "Nyare partiet", areaUnitId: null }, actor);
    const names = await partyNames(now + 2);
    expect(names).toContain("Nyare partiet");
    expect(names).not.toContain("Nya partiet");
  });

  it("names a chosen party or place only when the form offers it for that country", async () => {
    const options = await reportFormOptions(database.db);
    const party = options.parties.find((entry) => entry.country === "dk")!;
    const region = options.places.find((group) => group.country === "dk")!;
    const municipality = region.options[1]!;
    expect(await chosenUnitName(database.db, party.id, "dk", "party")).toBe(party.name);
    expect(await chosenUnitName(database.db, party.id, "se", "party")).toBeUndefined();
    expect(await chosenUnitName(database.db, party.id, "dk", "place")).toBeUndefined();
    expect(await chosenUnitName(database.db, municipality.value, "dk", "place")).toBe(municipality.label);
    expect(await chosenUnitName(database.db, region.options[0]!.value, "dk", "place")).toBe(region.label);
    expect(await chosenUnitName(database.db, municipality.value, "no", "place")).toBeUndefined();
    expect(await chosenUnitName(database.db, crypto.randomUUID(), "dk", "party")).toBeUndefined();
  });
});
