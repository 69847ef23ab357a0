import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { broadcastReads, broadcasts, unitOfficers, units, users, type Broadcast, type BroadcastAudience, type BroadcastText } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import { isLocale, localeInfo, locales, type Locale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";

export type BroadcastTexts = Partial<Record<Locale, BroadcastText>>;

interface Recipient {
  id: string;
  name: string;
  email: string;
  locale: Locale;
  /** A number to ring when the notice has not been read. */
  phone: string | null;
}

/**
 * The officers a broadcast with this audience goes to: active officers who serve a unit in one of
 * the countries and, when units are given, one of those units or a municipality under a given region.
 */
export async function broadcastRecipients(db: Executor, audience: BroadcastAudience): Promise<Recipient[]> {
  if (audience.countries.length === 0) return [];
  const inUnits = audience.unitIds.length ? or(inArray(units.id, audience.unitIds), inArray(units.parentId, audience.unitIds)) : undefined;
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, phone: unitOfficers.phone })
    .from(unitOfficers)
    .innerJoin(users, eq(users.id, unitOfficers.userId))
    .innerJoin(units, eq(units.id, unitOfficers.unitId))
    .where(and(eq(users.status, "active"), sql`'officer' = any(${users.roles})`, inArray(units.country, audience.countries), inUnits))
    .orderBy(users.name);
  const byId = new Map<string, Recipient>();
  for (const row of rows) if (!byId.has(row.id)) byId.set(row.id, { ...row, locale: isLocale(row.locale) ? row.locale : "da" });
  // An officer not yet on any unit belongs to no area: a whole-country notice reaches them by the
  // country of their language (a narrowed one does not).
  if (audience.unitIds.length === 0) {
    const unplaced = await db
      .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
      .from(users)
      .where(and(eq(users.status, "active"), sql`'officer' = any(${users.roles})`, sql`not exists (select 1 from ${unitOfficers} where ${unitOfficers.userId} = ${users.id})`));
    for (const user of unplaced) {
      const locale: Locale = isLocale(user.locale) ? user.locale : "da";
      if (audience.countries.includes(localeInfo[locale].country)) byId.set(user.id, { ...user, locale, phone: null });
    }
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The text for a reader in `locale`: theirs, or the first language written. */
export function broadcastTextFor(broadcast: Pick<Broadcast, "title" | "body" | "translations">, locale: Locale): BroadcastText & { locale: Locale | null } {
  const texts = broadcast.translations ?? {};
  if (texts[locale]) return { ...texts[locale]!, locale };
  const first = locales.find((candidate) => texts[candidate]);
  return first ? { ...texts[first]!, locale: first } : { title: broadcast.title, body: broadcast.body, locale: null };
}

/**
 * Sends a notice to its audience: a dashboard banner until read, and a mail in each recipient's
 * language (their text if written, else the first), in one transaction. Who it went to is kept,
 * so the read list shows exactly them.
 */
export async function sendBroadcast(
  db: Executor,
  input: { texts: BroadcastTexts; audience: BroadcastAudience; origin: string },
  actor: { userId: string; ip: string | null },
  now: Date,
) {
  const first = locales.find((locale) => input.texts[locale]);
  if (!first) throw new Error("A broadcast needs a text in at least one language");
  return db.transaction(async (tx) => {
    const recipients = await broadcastRecipients(tx, input.audience);
    const fallback = input.texts[first]!;
    const [broadcast] = await tx
      .insert(broadcasts)
      .values({ title: fallback.title, body: fallback.body, translations: input.texts, audience: input.audience, recipientIds: recipients.map((recipient) => recipient.id), createdBy: actor.userId })
      .returning();
    for (const recipient of recipients) {
      const text = broadcastTextFor(broadcast!, recipient.locale);
      await enqueueMail(tx, {
        now,
        to: recipient.email,
        locale: recipient.locale,
        idempotencyKey: `broadcast:${broadcast!.id}:${recipient.id}`,
        message: { kind: "broadcast", title: text.title, body: text.body, link: `${input.origin}/${recipient.locale}/staff` },
      });
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "broadcast.sent",
      subjectType: "broadcast",
      subjectId: broadcast!.id,
      ip: actor.ip,
      details: { recipients: recipients.length, countries: input.audience.countries.join(","), units: input.audience.unitIds.length, languages: Object.keys(input.texts).join(",") },
    });
    return { broadcast: broadcast!, recipients: recipients.length };
  });
}

/** The notices meant for this officer that they have not marked read, in their language. */
export async function unreadBroadcasts(db: Executor, userId: string, locale: Locale) {
  const rows = await db
    .select({ broadcast: broadcasts })
    .from(broadcasts)
    .leftJoin(broadcastReads, and(eq(broadcastReads.broadcastId, broadcasts.id), eq(broadcastReads.userId, userId)))
    .where(and(isNull(broadcastReads.userId), or(isNull(broadcasts.recipientIds), sql`${userId}::uuid = any(${broadcasts.recipientIds})`)))
    .orderBy(desc(broadcasts.createdAt));
  return rows.map(({ broadcast }) => {
    const text = broadcastTextFor(broadcast, locale);
    return { id: broadcast.id, title: text.title, body: text.body, textLocale: text.locale, createdAt: broadcast.createdAt };
  });
}

export async function markBroadcastRead(db: Executor, broadcastId: string, userId: string, now: Date) {
  await db.insert(broadcastReads).values({ broadcastId, userId, readAt: now }).onConflictDoNothing();
}

/** Each broadcast with the people it went to, who read it and when, the unread first with a number to ring. */
export async function broadcastReadStatus(db: Executor, locale: Locale) {
  const all = await db.select().from(broadcasts).orderBy(desc(broadcasts.createdAt)).limit(50);
  const everyone = await broadcastRecipients(db, { countries: ["dk", "se", "no"], unitIds: [] });
  const reads = all.length ? await db.select().from(broadcastReads).where(inArray(broadcastReads.broadcastId, all.map((broadcast) => broadcast.id))) : [];
  const named = new Map(everyone.map((person) => [person.id, person]));
  const missing = [...new Set(all.flatMap((broadcast) => broadcast.recipientIds ?? []))].filter((id) => !named.has(id));
  if (missing.length) {
    for (const user of await db.select({ id: users.id, name: users.name, email: users.email, locale: users.locale }).from(users).where(inArray(users.id, missing))) {
      named.set(user.id, { ...user, locale: isLocale(user.locale) ? user.locale : "da", phone: null });
    }
  }
  return all.map((broadcast) => {
    const ids = broadcast.recipientIds ?? everyone.map((person) => person.id);
    const readers = ids
      .map((id) => named.get(id))
      .filter((person): person is Recipient => Boolean(person))
      .map((person) => ({ userId: person.id, name: person.name, phone: person.phone, readAt: reads.find((read) => read.broadcastId === broadcast.id && read.userId === person.id)?.readAt ?? null }))
      .sort((a, b) => Number(Boolean(a.readAt)) - Number(Boolean(b.readAt)) || a.name.localeCompare(b.name));
    const text = broadcastTextFor(broadcast, locale);
    return { id: broadcast.id, title: text.title, body: text.body, languages: Object.keys(broadcast.translations ?? {}) as Locale[], audience: broadcast.audience, createdAt: broadcast.createdAt, readers };
  });
}

/** The units a broadcast can be narrowed to: regions, municipalities and parties, by country. */
export async function broadcastUnitChoices(db: Executor) {
  return db
    .select({ id: units.id, name: units.name, country: units.country, kind: units.kind })
    .from(units)
    .where(inArray(units.kind, ["region", "municipality", "party"]))
    .orderBy(asc(units.country), asc(units.kind), asc(units.name));
}

/** The chosen units that exist, with their country: what a broadcast's narrowing is checked against. */
export async function unitCountries(db: Executor, unitIds: string[]) {
  return db.select({ id: units.id, country: units.country }).from(units).where(inArray(units.id, unitIds));
}
