import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { units, users } from "@db/schema";
import { seedDemoParties, seedReferenceUnits } from "@db/seed/seed.server";
import { broadcastReadStatus, markBroadcastRead, sendBroadcast, unreadBroadcasts } from "~/domain/staff/broadcasts.server";
import { openedOutbox } from "../setup/outbox";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { assignTestOfficer, createStaffUser } from "../setup/staff";

describe("broadcasts with an audience and a text per language", () => {
  let database: TestDatabase;
  let adminId: string;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    await seedDemoParties(database.db);
    adminId = (await createStaffUser(database.db, { email: "admin@t.test", roles: ["administrator"] })).user.id;
    const unit = async (country: string, name: string) => (await database.db.select().from(units).where(and(eq(units.country, country as never), eq(units.name, name))))[0]!.id;
    const officer = async (key: string, locale: string, unitName?: [string, string]) => {
      const { user } = await createStaffUser(database.db, { email: `${key}@t.test`, roles: ["officer"], name: key });
      await database.db.update(users).set({ locale }).where(eq(users.id, user.id));
      if (unitName) await assignTestOfficer(database.db, { unitId: await unit(...unitName), user, role: "primary" });
      people[key] = user.id;
    };
    await officer("copenhagen", "da", ["dk", "Københavns Kommune"]);
    await officer("zealand", "da", ["dk", "Region Sjælland"]);
    await officer("stockholm", "sv", ["se", "Region Stockholm"]);
    await officer("oslo", "nb", ["no", "Oslo"]);
    await officer("unplaced-sv", "sv");
  });
  afterAll(async () => database?.close());

  it("reaches only its countries (officers on no unit by their language), each in their language or the first written", async () => {
    const sent = await sendBroadcast(
      database.db,
      { texts: { da: { title: "Systemet er nede", body: "Brug papir." }, sv: { title: "Systemet ligger nere", body: "Använd papper." } }, audience: { countries: ["se", "no"], unitIds: [] }, origin: "https://trygg.test" },
      { userId: adminId, ip: null },
      new Date(),
    );
    expect(sent.recipients).toBe(3);
    const mails = await openedOutbox(database.db);
    const broadcastMails = mails.filter((mail) => mail.idempotencyKey.startsWith(`broadcast:${sent.broadcast.id}`));
    expect(broadcastMails.map((mail) => mail.to).sort()).toEqual(["oslo@t.test", "stockholm@t.test", "unplaced-sv@t.test"]);
    expect(broadcastMails.find((mail) => mail.to === "stockholm@t.test")!.text).toContain("Använd papper.");
    // No Norwegian text: the Norwegian officer gets the first written (Danish), with a link in their own language.
    const oslo = broadcastMails.find((mail) => mail.to === "oslo@t.test")!;
    expect(oslo.text).toContain("Brug papir.");
    expect(oslo.text).toContain("https://trygg.test/nb/staff");
    // The banner shows only to those it went to.
    expect(await unreadBroadcasts(database.db, people.copenhagen!, "da")).toEqual([]);
    expect((await unreadBroadcasts(database.db, people.stockholm!, "sv")).map((banner) => [banner.title, banner.textLocale])).toEqual([["Systemet ligger nere", "sv"]]);
  });

  it("narrowed to a region, reaches its municipalities' officers too, and lists the unread first with a number to ring", async () => {
    const capital = (await database.db.select().from(units).where(eq(units.name, "Region Hovedstaden")))[0]!.id;
    const sent = await sendBroadcast(database.db, { texts: { da: { title: "Hovedstaden", body: "Kun for hovedstaden." } }, audience: { countries: ["dk"], unitIds: [capital] }, origin: "https://trygg.test" }, { userId: adminId, ip: null }, new Date());
    expect(sent.recipients).toBe(1);
    expect((await unreadBroadcasts(database.db, people.copenhagen!, "da")).map((banner) => banner.title)).toEqual(["Hovedstaden"]);
    expect(await unreadBroadcasts(database.db, people.zealand!, "da")).toEqual([]);

    const first = (await broadcastReadStatus(database.db, "da")).find((broadcast) => broadcast.title === "Systemet er nede")!;
    await markBroadcastRead(database.db, first.id, people.oslo!, new Date());
    const status = (await broadcastReadStatus(database.db, "sv")).find((broadcast) => broadcast.id === first.id)!;
    expect(status.title).toBe("Systemet ligger nere");
    expect(status.readers.map((reader) => [reader.name, Boolean(reader.readAt)])).toEqual([["stockholm", false], ["unplaced-sv", false], ["oslo", true]]);
    expect(status.readers[0]!.phone).toBe("+45 1234 5678");
    expect(status.readers[1]!.phone).toBeNull();
  });
});
