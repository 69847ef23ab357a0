import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  /** Base64. */
  content: string;
}

/**
 * Mail to send, written in the same transaction as the change that causes it. The worker
 * claims rows with FOR UPDATE SKIP LOCKED and sends them; `idempotencyKey` makes a send unique.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    /**
     * Recipient, subject, bodies and attachments, sealed with the server key until the provider
     * accepted the mail; then null (only delivery bookkeeping stays).
     */
    sealed: text("sealed"),
    template: text("template").notNull(),
    locale: text("locale").notNull(),
    /** Only on mail queued before sealing: the plain contents, until the sealing job seals them. */
    legacyPlain: jsonb("legacy_plain").$type<OutboxContent>(),
    /** The report a mail is about, so its rows go when the report is purged. */
    reportId: uuid("report_id"),
    status: text("status").$type<"pending" | "sent" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** A claim: another worker leaves the row alone until then. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    providerId: text("provider_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (table) => [index("outbox_due_idx").on(table.status, table.nextAttemptAt), index("outbox_report_idx").on(table.reportId), index("outbox_sent_idx").on(table.sentAt)],
);

export type OutboxRow = typeof outbox.$inferSelect;

/** What `outbox.sealed` holds once opened. */
export interface OutboxContent {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: OutboxAttachment[];
}
