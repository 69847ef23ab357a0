import { and, asc, desc, eq, gt, ne, or, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { eventRegistrations, events, type EventRegistration, type EventTranslation, type TryggEvent } from "@db/schema";
import { generateToken, hashToken } from "~/auth/tokens.server";
import { recordAudit } from "~/domain/audit.server";
import { getT } from "~/i18n/i18next.server";
import { isLocale, localeInfo, type Locale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";
import { calendarFile } from "./ics.server";

export interface EventInput {
  translations: Partial<Record<Locale, EventTranslation>>;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  audience: string[];
  capacity: number;
  registrationDeadline: Date;
  joinUrl: string;
  meetingId: string | null;
  passcode: string | null;
  question?: Partial<Record<Locale, string>> | null;
}

type Actor = { userId: string; ip: string | null };

/** The event's text in a locale, or the first translation it has. */
export function translationFor(event: Pick<TryggEvent, "translations">, locale: Locale): EventTranslation {
  return event.translations[textLocale(event, locale)] ?? { title: "", description: "", agenda: [] };
}

/** The language an event's text is shown in on a page in `locale`: that one if it has text, else the first it has. */
export function textLocale(event: Pick<TryggEvent, "translations">, locale: Locale): Locale {
  if (event.translations[locale]) return locale;
  return (["da", "sv", "nb"] as const).find((candidate) => event.translations[candidate]) ?? locale;
}

/** "tirsdag 6. oktober 2026 08.00–09.00 (Europe/Copenhagen)": in the event's own zone, in the locale's words. */
export function formatEventTime(event: Pick<TryggEvent, "startsAt" | "endsAt" | "timeZone">, locale: Locale): string {
  const tag = localeInfo[locale].intlTag;
  const day = new Intl.DateTimeFormat(tag, { timeZone: event.timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(event.startsAt);
  const time = new Intl.DateTimeFormat(tag, { timeZone: event.timeZone, hour: "2-digit", minute: "2-digit" });
  const zone = new Intl.DateTimeFormat(tag, { timeZone: event.timeZone, timeZoneName: "short" }).formatToParts(event.startsAt).find((part) => part.type === "timeZoneName")?.value ?? event.timeZone;
  return `${day} ${time.format(event.startsAt)}–${time.format(event.endsAt)} (${zone})`;
}

export async function createEvent(db: Executor, input: EventInput, actor: Actor): Promise<TryggEvent> {
  return db.transaction(async (tx) => {
    const [event] = await tx.insert(events).values({ ...input, createdBy: actor.userId }).returning();
    await recordAudit(tx, { actorUserId: actor.userId, action: "event.created", subjectType: "event", subjectId: event!.id, ip: actor.ip });
    return event!;
  });
}

export async function updateEvent(db: Executor, eventId: string, input: EventInput, actor: Actor) {
  return db.transaction(async (tx) => {
    const [event] = await tx.update(events).set({ ...input, updatedAt: new Date() }).where(and(eq(events.id, eventId), ne(events.status, "cancelled"))).returning();
    if (event) await recordAudit(tx, { actorUserId: actor.userId, action: "event.updated", subjectType: "event", subjectId: eventId, ip: actor.ip });
    return event;
  });
}

export async function publishEvent(db: Executor, eventId: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const [event] = await tx.update(events).set({ status: "published", updatedAt: new Date() }).where(and(eq(events.id, eventId), eq(events.status, "draft"))).returning();
    if (event) await recordAudit(tx, { actorUserId: actor.userId, action: "event.published", subjectType: "event", subjectId: eventId, ip: actor.ip });
    return event;
  });
}

/** The language a registration's mails are written in. */
export const localeOf = (registration: EventRegistration): Locale => (isLocale(registration.locale) ? registration.locale : "da");
const manageLink = (origin: string, locale: Locale, token: string) => `${origin}/${locale}/events/manage/${token}`;

/** How to join an online event: only ever sent to people with a seat. */
export function joinDetails(event: TryggEvent) {
  return { url: event.joinUrl, meetingId: event.meetingId, passcode: event.passcode };
}

/**
 * The calendar file a registered attendee gets: the join link as the entry's location (calendar
 * apps show it as the place to go or a join button), and the link, meeting id and passcode in the
 * description in the attendee's language. `link` is the attendee's manage page.
 */
export function attendeeCalendarFile(event: TryggEvent, locale: Locale, link?: string) {
  const text = translationFor(event, locale);
  const t = getT(locale, "mail");
  const join = [
    t("event.join", { url: event.joinUrl }),
    ...(event.meetingId ? [t("event.meetingId", { meetingId: event.meetingId })] : []),
    ...(event.passcode ? [t("event.passcode", { passcode: event.passcode })] : []),
  ];
  return calendarFile({ uid: `${event.id}@trygg`, title: text.title, description: [text.description, ...join].join("\n\n"), startsAt: event.startsAt, endsAt: event.endsAt, url: link, location: event.joinUrl });
}

/** Cancelling an event tells everyone who had a place or was waiting. */
export async function cancelEvent(db: Executor, eventId: string, actor: Actor, origin: string, now: Date) {
  return db.transaction(async (tx) => {
    const [event] = await tx.update(events).set({ status: "cancelled", updatedAt: now }).where(and(eq(events.id, eventId), ne(events.status, "cancelled"))).returning();
    if (!event) return undefined;
    const people = await tx.select().from(eventRegistrations).where(and(eq(eventRegistrations.eventId, eventId), ne(eventRegistrations.status, "cancelled")));
    for (const person of people) {
      const locale = localeOf(person);
      await enqueueMail(tx, {
        now,
        to: person.email,
        locale,
        idempotencyKey: `event-cancelled:${eventId}:${person.id}`,
        message: { kind: "event", variant: "cancelled", title: translationFor(event, locale).title, when: formatEventTime(event, locale), link: `${origin}/${locale}/events` },
      });
    }
    await recordAudit(tx, { actorUserId: actor.userId, action: "event.cancelled", subjectType: "event", subjectId: eventId, ip: actor.ip, details: { notified: people.length } });
    return event;
  });
}

export type RegistrationResult =
  | { ok: true; status: "registered" | "waitlisted"; token: string }
  | { ok: false; reason: "closed" | "already-registered" };

/**
 * Registers a person. The event row is locked for the length of the transaction, so concurrent
 * registrations are counted one after another: never more registered than there are seats.
 */
export async function registerForEvent(
  db: Executor,
  input: { eventId: string; name: string; email: string; role: string; organization: string | null; accessibilityNeeds: string | null; answer?: string | null; locale: Locale; origin: string },
  now: Date,
): Promise<RegistrationResult> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [event] = await tx.select().from(events).where(eq(events.id, input.eventId)).for("update");
    if (!event || event.status !== "published" || event.registrationDeadline <= now || event.startsAt <= now) return { ok: false as const, reason: "closed" as const };
    const [existing] = await tx.select().from(eventRegistrations).where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.email, email)));
    if (existing && existing.status !== "cancelled") return { ok: false as const, reason: "already-registered" as const };
    const [{ taken }] = (await tx
      .select({ taken: sql<number>`count(*)::int` })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.status, "registered")))) as [{ taken: number }];
    const status = Number(taken) < event.capacity ? ("registered" as const) : ("waitlisted" as const);
    const token = generateToken(20);
    const values = {
      name: input.name,
      role: input.role,
      organization: input.organization,
      accessibilityNeeds: input.accessibilityNeeds,
      // An answer only where there is a question.
      answer: event.question && input.answer ? input.answer : null,
      locale: input.locale,
      status,
      manageTokenHash: hashToken(token),
      earlierManageTokenHash: null,
      createdAt: now,
      cancelledAt: null,
      promotedAt: null,
      attendedAt: null,
      reminderSentAt: null,
    };
    const [registration] = existing
      ? await tx.update(eventRegistrations).set(values).where(eq(eventRegistrations.id, existing.id)).returning()
      : await tx.insert(eventRegistrations).values({ ...values, eventId: event.id, email }).returning();
    const link = manageLink(input.origin, input.locale, token);
    const text = translationFor(event, input.locale);
    await enqueueMail(tx, {
      now,
      to: email,
      locale: input.locale,
      idempotencyKey: `event-${status}:${registration!.id}:${now.getTime()}`,
      message: {
        kind: "event",
        variant: status,
        title: text.title,
        when: formatEventTime(event, input.locale),
        link,
        ...(status === "registered" ? { join: joinDetails(event), ics: attendeeCalendarFile(event, input.locale, link) } : {}),
      },
    });
    return { ok: true as const, status, token };
  });
}

export async function findRegistrationByToken(db: Executor, token: string) {
  if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
  const [row] = await db
    .select({ registration: eventRegistrations, event: events })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    // The current link, or the one from the waitlist mail: both work for the registration's whole life.
    .where(or(eq(eventRegistrations.manageTokenHash, hashToken(token)), eq(eventRegistrations.earlierManageTokenHash, hashToken(token))));
  return row;
}

/**
 * Cancels a registration from its manage link. A freed seat goes to the first on the waitlist,
 * who is told by mail (with the calendar file), in the same transaction.
 */
export async function cancelRegistration(db: Executor, token: string, origin: string, now: Date) {
  return db.transaction(async (tx) => {
    const found = await findRegistrationByToken(tx, token);
    if (!found || found.registration.status === "cancelled") return undefined;
    const [event] = await tx.select().from(events).where(eq(events.id, found.event.id)).for("update");
    const [cancelled] = await tx
      .update(eventRegistrations)
      .set({ status: "cancelled", cancelledAt: now })
      .where(and(eq(eventRegistrations.id, found.registration.id), ne(eventRegistrations.status, "cancelled")))
      .returning();
    if (!cancelled) return undefined;
    let promoted: EventRegistration | undefined;
    if (found.registration.status === "registered" && event!.status === "published") {
      const [next] = await tx
        .select()
        .from(eventRegistrations)
        .where(and(eq(eventRegistrations.eventId, event!.id), eq(eventRegistrations.status, "waitlisted")))
        .orderBy(asc(eventRegistrations.createdAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (next) {
        // A new manage token for the promoted person: their mail carries it. The waitlist mail's
        // link keeps working (only hashes are stored, so the old token cannot be mailed again).
        const token = generateToken(20);
        [promoted] = await tx
          .update(eventRegistrations)
          .set({ status: "registered", promotedAt: now, manageTokenHash: hashToken(token), earlierManageTokenHash: next.earlierManageTokenHash ?? next.manageTokenHash })
          .where(eq(eventRegistrations.id, next.id))
          .returning();
        const locale = localeOf(promoted!);
        const link = manageLink(origin, locale, token);
        await enqueueMail(tx, {
          now,
          to: promoted!.email,
          locale,
          idempotencyKey: `event-promoted:${promoted!.id}:${now.getTime()}`,
          message: { kind: "event", variant: "promoted", title: translationFor(event!, locale).title, when: formatEventTime(event!, locale), link, join: joinDetails(event!), ics: attendeeCalendarFile(event!, locale, link) },
        });
      }
    }
    return { cancelled, promoted };
  });
}

export async function eventAttendees(db: Executor, eventId: string) {
  return db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId)).orderBy(asc(eventRegistrations.createdAt));
}

export async function checkIn(db: Executor, eventId: string, registrationId: string, attended: boolean, actor: Actor, now: Date) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(eventRegistrations)
      .set({ attendedAt: attended ? now : null })
      .where(and(eq(eventRegistrations.id, registrationId), eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, "registered")))
      .returning();
    if (row) await recordAudit(tx, { actorUserId: actor.userId, action: attended ? "event.checked-in" : "event.check-in-undone", subjectType: "event", subjectId: eventId, ip: actor.ip, details: { registrationId } });
    return row;
  });
}

/** A mail from the organizer to everyone registered (not the waitlist). */
export async function mailAttendees(db: Executor, eventId: string, body: string, actor: Actor, origin: string, now: Date) {
  return db.transaction(async (tx) => {
    const [event] = await tx.select().from(events).where(eq(events.id, eventId));
    if (!event) return 0;
    const people = await tx.select().from(eventRegistrations).where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, "registered")));
    for (const person of people) {
      const locale = localeOf(person);
      await enqueueMail(tx, {
        now,
        to: person.email,
        locale,
        idempotencyKey: `event-message:${eventId}:${person.id}:${now.getTime()}`,
        message: { kind: "event", variant: "message", title: translationFor(event, locale).title, when: formatEventTime(event, locale), link: `${origin}/${locale}/events/${eventId}`, body },
      });
    }
    await recordAudit(tx, { actorUserId: actor.userId, action: "event.mailed", subjectType: "event", subjectId: eventId, ip: actor.ip, details: { recipients: people.length } });
    return people.length;
  });
}

/** Whether two instants fall on the same calendar day in `timeZone` (a reminder says "today" or "tomorrow"). */
export function sameLocalDay(a: Date, b: Date, timeZone: string) {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return day.format(a) === day.format(b);
}

/** Published events that have not started, newest first; never the join details. */
export async function upcomingEvents(db: Executor, now: Date) {
  return db
    .select({ id: events.id, translations: events.translations, timeZone: events.timeZone, startsAt: events.startsAt, endsAt: events.endsAt, audience: events.audience, capacity: events.capacity, registrationDeadline: events.registrationDeadline })
    .from(events)
    .where(and(eq(events.status, "published"), gt(events.endsAt, now)))
    .orderBy(asc(events.startsAt));
}

/** One event for public pages, without join link, meeting id or passcode. */
export async function publicEvent(db: Executor, eventId: string) {
  if (!/^[0-9a-f-]{36}$/.test(eventId)) return undefined;
  const [row] = await db
    .select({ id: events.id, status: events.status, translations: events.translations, timeZone: events.timeZone, startsAt: events.startsAt, endsAt: events.endsAt, audience: events.audience, capacity: events.capacity, registrationDeadline: events.registrationDeadline, question: events.question })
    .from(events)
    .where(and(eq(events.id, eventId), ne(events.status, "draft")));
  if (!row) return undefined;
  const [{ taken }] = (await db
    .select({ taken: sql<number>`count(*)::int` })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, "registered")))) as [{ taken: number }];
  return { ...row, seatsLeft: Math.max(0, row.capacity - Number(taken)) };
}

/**
 * The attendee deletes their own registration from its manage link: a seat they held goes to the
 * next on the waitlist (as on cancelling), then the row itself is gone. Answers false when the link
 * finds nothing.
 */
export async function deleteOwnRegistration(db: Executor, token: string, origin: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const found = await findRegistrationByToken(tx, token);
    if (!found) return false;
    if (found.registration.status !== "cancelled") await cancelRegistration(tx, token, origin, now);
    await tx.delete(eventRegistrations).where(eq(eventRegistrations.id, found.registration.id));
    // What happened, without who: the row that said who is the thing deleted.
    await recordAudit(tx, { actorLabel: "attendee", action: "event.registration-deleted", subjectType: "event", subjectId: found.event.id, ip: null });
    return true;
  });
}

/** One event, or undefined (also for an id that is not uuid-shaped). */
export async function findEvent(db: Executor, eventId: string | undefined): Promise<TryggEvent | undefined> {
  if (!eventId || !/^[0-9a-f-]{36}$/.test(eventId)) return undefined;
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  return event;
}

/** The organizers' list: the latest 200 events by start. */
export async function listEventsForOrganizers(db: Executor): Promise<TryggEvent[]> {
  return db.select().from(events).orderBy(desc(events.startsAt)).limit(200);
}
