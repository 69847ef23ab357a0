import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";

export interface EventTranslation {
  title: string;
  description: string;
  agenda: string[];
}

export interface RegistrationCounts {
  registered: number;
  waitlisted: number;
  cancelled: number;
  attended: number;
}

/**
 * A webinar or information meeting. The join link, meeting id and passcode are for registered
 * attendees only: public pages never select them.
 */
export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    status: text("status").$type<"draft" | "published" | "cancelled">().notNull().default("draft"),
    translations: jsonb("translations").$type<Partial<Record<"da" | "sv" | "nb", EventTranslation>>>().notNull(),
    timeZone: text("time_zone").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    audience: text("audience").array().notNull(),
    capacity: integer("capacity").notNull(),
    registrationDeadline: timestamp("registration_deadline", { withTimezone: true }).notNull(),
    joinUrl: text("join_url").notNull(),
    meetingId: text("meeting_id"),
    passcode: text("passcode"),
    /** An optional question to registrants (accessibility needs, a question for the speakers…), per language. */
    question: jsonb("question").$type<Partial<Record<"da" | "sv" | "nb", string>>>(),
    /** After EVENT_RETENTION_DAYS past the end: the registrations reduced to counts, then deleted. */
    registrationCounts: jsonb("registration_counts").$type<RegistrationCounts>(),
    registrationsPurgedAt: timestamp("registrations_purged_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("events_starts_idx").on(table.status, table.startsAt)],
);

export const registrationStatuses = ["registered", "waitlisted", "cancelled"] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** One registration per e-mail per event; a waitlisted one is promoted when a seat frees up. */
export const eventRegistrations = pgTable(
  "event_registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    organization: text("organization"),
    accessibilityNeeds: text("accessibility_needs"),
    /** The registrant's answer to the event's question. */
    answer: text("answer"),
    locale: text("locale").notNull(),
    status: text("status").$type<RegistrationStatus>().notNull(),
    /** SHA-256 of the private manage link's token. */
    manageTokenHash: text("manage_token_hash").notNull().unique(),
    /** The link from the waitlist mail, kept valid after promotion (whose mail carries a new one). */
    earlierManageTokenHash: text("earlier_manage_token_hash").unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    promotedAt: timestamp("promoted_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    attendedAt: timestamp("attended_at", { withTimezone: true }),
    reminderSentAt: timestamp("reminder_sent_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("event_registrations_one_per_email").on(table.eventId, table.email), index("event_registrations_event_idx").on(table.eventId, table.status, table.createdAt)],
);

export type TryggEvent = typeof events.$inferSelect;
export type EventRegistration = typeof eventRegistrations.$inferSelect;
