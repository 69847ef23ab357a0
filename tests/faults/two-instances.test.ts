import { createHash, randomBytes } from "node:crypto";
import { and, eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eventRegistrations, events, outbox, reportEvents, reports, unitOfficers, users } from "@db/schema";
import { createDataStore, startServer, type DataStore, type RunningServer } from "../e2e/support/server";
import { startResendStub } from "../stubs/resend-stub";
import { cleanUpAfterAll, faultServerEnv, openStore, realisticReport, reportFormOptions, submitReport, waitFor } from "./support/reports";

const REPORTS = 20;
const ATTENDEES = 20;

/**
 * Issue #7: two app instances on one PostgreSQL database, both running the background jobs. No
 * mail, escalation or reminder may happen twice. (PGlite is one process's database, so this runs
 * in the PostgreSQL pass of CI.)
 */
describe.skipIf(!process.env.DATABASE_URL)("two app instances on one database", () => {
  const cleanups = cleanUpAfterAll();

  it("send every mail, escalation step and reminder once", async () => {
    const stub = await startResendStub();
    cleanups.push(stub.close);
    const store: DataStore = await createDataStore();
    cleanups.push(store.remove);
    // Every stage of escalation comes due within seconds.
    const env = faultServerEnv(stub.url, { ESCALATION_HOURS: "0.0005,0.0005,0.0005" });
    // Both start at once: migrations and seeding race too.
    const instances: RunningServer[] = await Promise.all([startServer(env, store), startServer(env, store)]);
    for (const instance of instances) cleanups.push(instance.stop);
    const [first, second] = instances as [RunningServer, RunningServer];

    const database = await openStore(store);
    cleanups.push(database.close);
    const { db } = database;

    // An event two hours from now with 20 registered attendees: all are due a reminder.
    const startsAt = new Date(Date.now() + 2 * 3_600_000);
    const [event] = await db
      .insert(events)
      .values({
        status: "published",
        translations: { da: { title: "Sikkerhed på valgaftenen", description: "Et kort møde om valgaftenen.", agenda: [] } },
        timeZone: "Europe/Copenhagen",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        audience: ["candidates"],
        capacity: 100,
        registrationDeadline: startsAt,
        joinUrl: "https://meet.example.org/trygg",
      })
      .returning({ id: events.id });
    await db.insert(eventRegistrations).values(
      Array.from({ length: ATTENDEES }, (_, index) => ({
        eventId: event!.id,
        email: `attendee${index}@trygg.test`,
        name: `Attendee ${index}`,
        role: "candidate",
        locale: "da",
        status: "registered" as const,
        manageTokenHash: createHash("sha256").update(randomBytes(16)).digest("hex"),
        createdAt: new Date(),
      })),
    );

    // Reports go to the demo party's unit. Give it a deputy, so each report escalates twice:
    // to the deputy, then (the party has no parent unit) to the administrators.
    const options = await reportFormOptions(first.url);
    const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, "admin@trygg.test"));
    await db.insert(unitOfficers).values({ unitId: options.party, userId: admin!.id, role: "deputy", phone: "+45 12 34 56 78", email: "deputy@trygg.test" });

    // Reports through both instances; nobody acknowledges them, so each escalates to the end.
    const outcomes = await Promise.all(
      Array.from({ length: REPORTS }, (_, index) => submitReport((index % 2 ? second : first).url, realisticReport(options, index))),
    );
    expect(outcomes.filter((outcome) => outcome.kind !== "receipt")).toEqual([]);

    const count = async (query: Promise<Array<{ n: number }>>) => Number((await query)[0]!.n);
    const settled = async () => {
      const unfinished = await count(db.select({ n: sql<number>`count(*)::int` }).from(reports).where(sql`${reports.nextEscalationAt} is not null`));
      const unreminded = await count(db.select({ n: sql<number>`count(*)::int` }).from(eventRegistrations).where(sql`${eventRegistrations.reminderSentAt} is null`));
      const pending = await count(db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, "pending")));
      return unfinished === 0 && unreminded === 0 && pending === 0;
    };
    await waitFor(settled, "every report escalated to the end, every attendee reminded, the outbox empty", 90_000, 250);

    // Each escalation stage happened once per report.
    const doubled = await db
      .select({ reportId: reportEvents.reportId, stage: sql<string>`${reportEvents.details}->>'stage'`, n: sql<number>`count(*)::int` })
      .from(reportEvents)
      .where(eq(reportEvents.type, "escalated"))
      .groupBy(reportEvents.reportId, sql`${reportEvents.details}->>'stage'`)
      .having(sql`count(*) > 1`);
    expect(doubled).toEqual([]);
    const escalations = await count(db.select({ n: sql<number>`count(*)::int` }).from(reportEvents).where(eq(reportEvents.type, "escalated")));
    expect(escalations).toBe(2 * REPORTS);

    // Each attendee got one reminder, each report its mails, and the provider saw no key twice.
    const reminders = await db.select({ key: outbox.idempotencyKey, status: outbox.status }).from(outbox).where(like(outbox.idempotencyKey, "event-reminder:%"));
    expect(reminders).toHaveLength(ATTENDEES);
    const keys = stub.received.map((mail) => mail.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...stub.repeats.keys()]).toEqual([]);
    const allMail = await db.select({ key: outbox.idempotencyKey }).from(outbox).where(and(eq(outbox.status, "sent")));
    for (const mail of allMail) expect(keys.filter((key) => key === mail.key), mail.key).toHaveLength(1);
    const escalationMails = keys.filter((key) => key?.startsWith("report-escalated:"));
    const toDeputy = stub.received.filter((mail) => mail.idempotencyKey?.startsWith("report-escalated:") && mail.body.to[0] === "deputy@trygg.test");
    expect(toDeputy).toHaveLength(REPORTS);
    expect(escalationMails.length).toBeGreaterThan(REPORTS);
    console.info(JSON.stringify({ mails: keys.length, escalations, escalationMails: escalationMails.length, reminders: reminders.length }));
  });
});
