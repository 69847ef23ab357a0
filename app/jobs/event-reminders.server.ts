import { and, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { eventRegistrations, events } from "@db/schema";
import { formatEventTime, joinDetails, localeOf, sameLocalDay, translationFor } from "~/domain/events/events.server";
import { enqueueMail } from "~/mail/outbox.server";
import type { Job } from "./job";

/**
 * Reminds registered attendees 24 hours before the start, once: each registration is claimed with
 * FOR UPDATE SKIP LOCKED and marked in the same transaction as its mail.
 */
export async function sendEventReminders(db: Executor, now: Date, origin: string) {
  const dayAhead = new Date(now.getTime() + 24 * 3_600_000);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ registration: eventRegistrations, event: events })
      .from(eventRegistrations)
      .innerJoin(events, eq(events.id, eventRegistrations.eventId))
      .where(and(eq(eventRegistrations.status, "registered"), isNull(eventRegistrations.reminderSentAt), eq(events.status, "published"), lte(events.startsAt, dayAhead), gt(events.startsAt, now)))
      .limit(200)
      .for("update", { of: eventRegistrations, skipLocked: true });
    for (const { registration, event } of due) {
      const locale = localeOf(registration);
      await enqueueMail(tx, {
        now,
        to: registration.email,
        locale,
        idempotencyKey: `event-reminder:${registration.id}`,
        message: { kind: "event", variant: "reminder", title: translationFor(event, locale).title, when: formatEventTime(event, locale), startsToday: sameLocalDay(now, event.startsAt, event.timeZone), link: `${origin}/${locale}/events/${event.id}`, join: joinDetails(event) },
      });
    }
    if (due.length) {
      await tx.update(eventRegistrations).set({ reminderSentAt: now }).where(inArray(eventRegistrations.id, due.map((row) => row.registration.id)));
    }
    return { reminded: due.length };
  });
}

export const eventRemindersJob: Job = {
  name: "event-reminders",
  run: (db, now, context) => sendEventReminders(db, now, context.origin),
};
