import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventRegistrations } from "@db/schema";
import { attendeeCalendarFile, cancelRegistration, createEvent, findRegistrationByToken, publishEvent, registerForEvent, type EventInput } from "~/domain/events/events.server";
import { sendEventReminders } from "~/jobs/event-reminders.server";
import { calendarFile } from "~/domain/events/ics.server";
import { utcToZonedParts, zonedTimeToUtc } from "~/domain/events/time";
import { mailsTo, openedOutbox } from "../../setup/outbox";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { createStaffUser } from "../../setup/staff";

/** DTSTART/DTEND of an iCalendar text, read back as instants. */
function readIcs(text: string) {
  const unfolded = text.replace(/\r\n[ \t]/g, "");
  const instant = (name: string) => {
    const match = new RegExp(`^${name}:(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z$`, "m").exec(unfolded);
    if (!match) throw new Error(`${name} missing`);
    const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
    return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  };
  return { begin: unfolded.startsWith("BEGIN:VCALENDAR"), start: instant("DTSTART"), end: instant("DTEND"), uid: /^UID:(.+)$/m.exec(unfolded)?.[1]?.trim() };
}

describe("event times", () => {
  it("turns wall-clock times into the right instants on both sides of a daylight-saving change", () => {
    // Europe ends summer time on 25 October 2026 at 03:00 local time.
    expect(zonedTimeToUtc("2026-10-24", "09:00", "Europe/Copenhagen").toISOString()).toBe("2026-10-24T07:00:00.000Z");
    expect(zonedTimeToUtc("2026-10-26", "09:00", "Europe/Copenhagen").toISOString()).toBe("2026-10-26T08:00:00.000Z");
    expect(zonedTimeToUtc("2026-03-29", "12:00", "Europe/Oslo").toISOString()).toBe("2026-03-29T10:00:00.000Z");
    expect(zonedTimeToUtc("2026-03-28", "12:00", "Europe/Stockholm").toISOString()).toBe("2026-03-28T11:00:00.000Z");
    expect(utcToZonedParts(new Date("2026-10-26T08:00:00Z"), "Europe/Copenhagen")).toEqual({ date: "2026-10-26", time: "09:00" });
  });

  it("writes an .ics that parses back to the same UTC instants across the change", () => {
    // An overnight event across the change: 13 hours on the wall clock, 14 in real time.
    const startsAt = zonedTimeToUtc("2026-10-24", "20:00", "Europe/Copenhagen");
    const endsAt = zonedTimeToUtc("2026-10-25", "09:00", "Europe/Copenhagen");
    expect(startsAt.toISOString()).toBe("2026-10-24T18:00:00.000Z");
    const parsed = readIcs(calendarFile({ uid: "x@trygg", title: "Tryg valgkamp", description: "Webinar", startsAt, endsAt }));
    expect(parsed.begin).toBe(true);
    expect(parsed.start).toEqual(startsAt);
    expect(parsed.end).toEqual(endsAt);
    expect(parsed.end.getTime() - parsed.start.getTime()).toBe(14 * 3_600_000); // the extra hour is counted
    expect(parsed.uid).toBe("x@trygg");
  });
});

describe("registrations", () => {
  let database: TestDatabase;
  let organizerId: string;
  // Whole minutes, as the organizer's form gives them (calendar files carry minutes).
  const now = new Date(Math.ceil((Date.now() + 1000) / 60_000) * 60_000);
  const input = (capacity: number, startsInHours = 72): EventInput => ({
    translations: { da: { title: "Tryg valgkamp", description: "Et webinar.", agenda: ["Velkommen", "Råd"] } },
    timeZone: "Europe/Copenhagen",
    startsAt: new Date(now.getTime() + startsInHours * 3_600_000),
    endsAt: new Date(now.getTime() + (startsInHours + 1) * 3_600_000),
    audience: ["candidates"],
    capacity,
    registrationDeadline: new Date(now.getTime() + (startsInHours - 1) * 3_600_000),
    joinUrl: "https://meet.example/secret-room",
    meetingId: "329 237 233 818",
    passcode: "rbvrnw",
  });
  const register = (eventId: string, email: string) =>
    registerForEvent(database.db, { eventId, email, name: email, role: "candidate", organization: null, accessibilityNeeds: null, locale: "da", origin: "http://trygg.test" }, now);

  beforeAll(async () => {
    database = await createTestDatabase();
    organizerId = (await createStaffUser(database.db, { email: "org@t.test", roles: ["organizer"] })).user.id;
  });
  afterAll(async () => database?.close());

  it("50 registrations at once for 10 seats: 10 registered, 40 waitlisted", async () => {
    const event = await createEvent(database.db, input(10), { userId: organizerId, ip: null });
    expect((await register(event.id, "early@t.test")).ok).toBe(false); // not published yet
    await publishEvent(database.db, event.id, { userId: organizerId, ip: null });
    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => register(event.id, `p${index}@t.test`)));
    expect(results.filter((result) => result.ok && result.status === "registered")).toHaveLength(10);
    expect(results.filter((result) => result.ok && result.status === "waitlisted")).toHaveLength(40);
    const rows = await database.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, event.id));
    expect(rows.filter((row) => row.status === "registered")).toHaveLength(10);
    expect(await register(event.id, "P0@t.test")).toEqual({ ok: false, reason: "already-registered" });
  });

  it("a cancellation promotes the first on the waitlist, who gets a mail with a valid .ics", async () => {
    const event = await createEvent(database.db, input(1), { userId: organizerId, ip: null });
    await publishEvent(database.db, event.id, { userId: organizerId, ip: null });
    const first = await register(event.id, "first@t.test");
    const second = await register(event.id, "second@t.test");
    const third = await register(event.id, "third@t.test");
    expect([first, second, third].map((result) => result.ok && result.status)).toEqual(["registered", "waitlisted", "waitlisted"]);
    const confirmation = (await mailsTo(database.db, "first@t.test"))[0]!;
    expect(confirmation.attachments).toHaveLength(1);
    expect(confirmation.text).toContain("https://meet.example/secret-room");
    const waitlistMail = (await mailsTo(database.db, "second@t.test"))[0]!;
    expect(waitlistMail.text).not.toContain("secret-room");

    const result = await cancelRegistration(database.db, (first as { token: string }).token, "http://trygg.test", now);
    expect(result?.promoted?.email).toBe("second@t.test");
    const promotedMail = (await mailsTo(database.db, "second@t.test")).find((mail) => mail.subject.startsWith("Der er plads"));
    expect(promotedMail).toBeDefined();
    const icsText = Buffer.from(promotedMail!.attachments[0]!.content, "base64").toString("utf8").replace(/\r\n[ \t]/g, "");
    // The join link is the entry's place, and the meeting id and passcode are in its description.
    expect(icsText).toMatch(/^LOCATION:https:\/\/meet\.example\/secret-room\r?$/m);
    expect(icsText).toContain("329 237 233 818");
    expect(icsText).toContain("rbvrnw");
    const ics = readIcs(icsText);
    expect(ics.start).toEqual(event.startsAt);
    expect(ics.end).toEqual(event.endsAt);
    const statuses = (await database.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, event.id))).map((row) => [row.email, row.status]);
    expect(Object.fromEntries(statuses)).toEqual({ "first@t.test": "cancelled", "second@t.test": "registered", "third@t.test": "waitlisted" });
    // The old link cannot cancel again.
    expect(await cancelRegistration(database.db, (first as { token: string }).token, "http://trygg.test", now)).toBeUndefined();
    // The link from the waitlist mail still opens the (now registered) registration, and can cancel it.
    const waitlistToken = (second as { token: string }).token;
    expect((await findRegistrationByToken(database.db, waitlistToken))?.registration.status).toBe("registered");
    const promotedLink = /\/events\/manage\/([a-z2-7]{32})/.exec(promotedMail!.text)![1]!;
    expect(promotedLink).not.toBe(waitlistToken);
    expect((await findRegistrationByToken(database.db, promotedLink))?.registration.email).toBe("second@t.test");
    const again = await cancelRegistration(database.db, waitlistToken, "http://trygg.test", now);
    expect(again?.cancelled.email).toBe("second@t.test");
    expect(again?.promoted?.email).toBe("third@t.test");
  });

  it("sends the reminder once, 24 hours before, even with two workers at once", async () => {
    const event = await createEvent(database.db, input(5, 20), { userId: organizerId, ip: null });
    await publishEvent(database.db, event.id, { userId: organizerId, ip: null });
    await register(event.id, "remind-me@t.test");
    const far = await createEvent(database.db, input(5, 48), { userId: organizerId, ip: null });
    await publishEvent(database.db, far.id, { userId: organizerId, ip: null });
    await register(far.id, "not-yet@t.test");
    const [a, b] = await Promise.all([sendEventReminders(database.db, now, "http://x"), sendEventReminders(database.db, now, "http://x")]);
    await sendEventReminders(database.db, now, "http://x");
    expect(a.reminded + b.reminded).toBe(1);
    const reminders = (await openedOutbox(database.db)).filter((mail) => mail.idempotencyKey.startsWith("event-reminder:"));
    expect(reminders.map((mail) => mail.to)).toEqual(["remind-me@t.test"]);
  });

  it("a reminder names the event, its day and time with the zone, in the attendee's language, and says today or tomorrow truly", async () => {
    // Fixed instants: 09:00 Oslo time on a Monday, an event at 18:00 the same day and one at 08:00 the next.
    const at = new Date("2026-11-30T08:00:00Z");
    const sameDay = { ...input(5), translations: { nb: { title: "Informasjonsmøte for valgstyrer", description: "Møte.", agenda: [] }, sv: { title: "Informationsmöte", description: "Möte.", agenda: [] } }, timeZone: "Europe/Oslo", startsAt: new Date("2026-11-30T17:00:00Z"), endsAt: new Date("2026-11-30T18:00:00Z"), registrationDeadline: new Date("2026-11-30T16:00:00Z") };
    const nextDay = { ...sameDay, startsAt: new Date("2026-12-01T07:00:00Z"), endsAt: new Date("2026-12-01T08:00:00Z"), registrationDeadline: new Date("2026-12-01T06:00:00Z") };
    const mails: Record<string, { subject: string; text: string }> = {};
    for (const [name, shape] of [["today", sameDay], ["tomorrow", nextDay]] as const) {
      const event = await createEvent(database.db, shape, { userId: organizerId, ip: null });
      await publishEvent(database.db, event.id, { userId: organizerId, ip: null });
      for (const locale of ["nb", "sv"] as const) {
        const email = `${name}-${locale}@t.test`;
        await registerForEvent(database.db, { eventId: event.id, email, name: email, role: "candidate", organization: null, accessibilityNeeds: null, locale, origin: "http://trygg.test" }, new Date("2026-11-29T08:00:00Z"));
      }
    }
    await sendEventReminders(database.db, at, "http://x");
    for (const name of ["today", "tomorrow"]) for (const locale of ["nb", "sv"]) {
      const mail = (await mailsTo(database.db, `${name}-${locale}@t.test`)).find((m) => m.idempotencyKey.startsWith("event-reminder:"));
      expect(mail, `${name} ${locale}`).toBeDefined();
      mails[`${name}-${locale}`] = mail!;
    }
    expect(mails["today-nb"]!.subject).toBe("I dag: Informasjonsmøte for valgstyrer");
    expect(mails["tomorrow-nb"]!.subject).toBe("I morgen: Informasjonsmøte for valgstyrer");
    expect(mails["today-sv"]!.subject).toBe("I dag: Informationsmöte");
    expect(mails["tomorrow-sv"]!.subject).toBe("I morgon: Informationsmöte");
    // Day, wall-clock times in the event's zone and the zone's name, in the attendee's language.
    expect(mails["today-nb"]!.text).toContain("mandag 30. november 2026");
    expect(mails["today-nb"]!.text).toMatch(/18[:.]00–19[:.]00 \(CET\)/);
    expect(mails["tomorrow-sv"]!.text).toContain("tisdag 1 december 2026");
    expect(mails["tomorrow-sv"]!.text).toMatch(/08[:.]00–09[:.]00 \(CET\)/);
    expect(mails["today-nb"]!.text).toContain("https://meet.example/secret-room");
  });

  it("the attendee's calendar file from the manage page is the mail's: join link as location, details in the attendee's language", () => {
    const event = { id: "00000000-0000-4000-8000-000000000001", translations: { sv: { title: "Informationsmöte", description: "Möte.", agenda: [] } }, timeZone: "Europe/Stockholm", startsAt: new Date("2026-12-01T07:00:00Z"), endsAt: new Date("2026-12-01T08:00:00Z"), joinUrl: "https://meet.example/room", meetingId: "12 34", passcode: "pw1" } as unknown as Parameters<typeof attendeeCalendarFile>[0];
    const text = attendeeCalendarFile(event, "sv").replace(/\r\n[ \t]/g, "");
    expect(text).toMatch(/^LOCATION:https:\/\/meet\.example\/room\r?$/m);
    expect(text).toMatch(/^SUMMARY:Informationsmöte\r?$/m);
    expect(text).toContain("12 34");
    expect(text).toContain("pw1");
    expect(readIcs(text).start).toEqual(new Date("2026-12-01T07:00:00Z"));
  });
});
