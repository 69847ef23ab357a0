import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, eventRegistrations, events } from "@db/schema";
import { purgeEventRegistrations } from "~/jobs/purge-registrations.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";

const DAY = 86_400_000;

describe("the event-registrations retention job", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  const now = new Date("2026-12-03T12:00:00Z");
  async function eventEnded(daysAgo: number) {
    const endsAt = new Date(now.getTime() - daysAgo * DAY);
    const [event] = await database.db
      .insert(events)
      .values({ status: "published", translations: { da: { title: "Webinar", description: "", agenda: [] } }, timeZone: "Europe/Copenhagen", startsAt: new Date(endsAt.getTime() - 3_600_000), endsAt, audience: ["candidates"], capacity: 10, registrationDeadline: new Date(endsAt.getTime() - DAY), joinUrl: "https://meet.example.org/x" })
      .returning();
    const people: Array<["registered" | "waitlisted" | "cancelled", boolean]> = [["registered", true], ["registered", true], ["registered", false], ["waitlisted", false], ["cancelled", false]];
    for (const [index, [status, attended]] of people.entries()) {
      await database.db.insert(eventRegistrations).values({ eventId: event!.id, email: `p${index}-${event!.id}@t.test`, name: `Person ${index}`, role: "candidate", locale: "da", status, manageTokenHash: `hash-${index}-${event!.id}`, createdAt: event!.startsAt, attendedAt: attended ? event!.startsAt : null });
    }
    return event!.id;
  }

  it("turns the registrations of events ended more than the retention ago into counts, once, and leaves newer events alone", async () => {
    const old = await eventEnded(91);
    const recent = await eventEnded(89);
    expect(await purgeEventRegistrations(database.db, now, 90)).toEqual({ purged: 1 });
    const [purged] = await database.db.select().from(events).where(eq(events.id, old));
    expect(purged!.registrationCounts).toEqual({ registered: 3, waitlisted: 1, cancelled: 1, attended: 2 });
    expect(purged!.registrationsPurgedAt).toEqual(now);
    expect(await database.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, old))).toHaveLength(0);
    expect(await database.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, recent))).toHaveLength(5);
    // Nobody's name or address is left in the audit entry either.
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, "event.registrations-purged"));
    expect(JSON.stringify(entry)).not.toMatch(/@t\.test|Person/);
    // Twice at once, and again later: nothing more.
    expect((await Promise.all([purgeEventRegistrations(database.db, now, 90), purgeEventRegistrations(database.db, now, 90)])).map((result) => result.purged)).toEqual([0, 0]);
    // Two days later the other event's turn comes.
    expect(await purgeEventRegistrations(database.db, new Date(now.getTime() + 2 * DAY), 90)).toEqual({ purged: 1 });
  });
});
