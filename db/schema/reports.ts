import { sql } from "drizzle-orm";
import { boolean, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { units } from "./units";

/**
 * Bytes sent as hex text that the database decodes: PGlite's own bytea parameter encoding builds
 * the hex in JavaScript a byte at a time (about 20 s and gigabytes of garbage for a 48 MB
 * report), Buffer's hex encoder is native. On PostgreSQL the driver sends bytea as hex text anyway.
 * Read back, PGlite gives a Uint8Array and postgres a Buffer: both become a Buffer without a copy.
 */
export const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => sql`decode(${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}, 'hex')`,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

export const reportStatuses = ["received", "acknowledged", "in_progress", "waiting_for_reporter", "closed"] as const;
export type ReportStatus = (typeof reportStatuses)[number];
export const reportOutcomes = ["resolved", "referred_to_police", "no_further_action", "withdrawn"] as const;
export type ReportOutcome = (typeof reportOutcomes)[number];
export type RoutingReason = "party-district" | "party" | "municipality" | "region" | "national";

/**
 * An incident report. Everything the reporter wrote (and their party, place and contact) is in
 * `sealed`, encrypted with AES-256-GCM; only what routing, deadlines and statistics need is plain.
 */
export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Short and readable, shown to the reporter with the receipt code. */
    reference: text("reference").notNull().unique(),
    /** SHA-256 of the receipt code; the code itself is never stored. */
    receiptHash: text("receipt_hash").notNull(),
    /** SHA-256 of the form's one-time key: a double submit finds the first report. */
    idempotencyHash: text("idempotency_hash").notNull().unique(),
    /** Only on reports filed before sealing: the one-time key itself, until the sealing job replaces it. */
    legacyIdempotencyKey: text("legacy_idempotency_key"),
    /** 1: contents under the server key (before sealing); 2: under the report's own key. */
    keyScheme: integer("key_scheme").notNull().default(2),
    /** Salt for the key derived from the receipt code. */
    receiptSalt: text("receipt_salt"),
    /** The report's content key, wrapped by the key derived from the receipt code. */
    receiptWrap: text("receipt_wrap"),
    /** For 10 minutes: the receipt code, sealed by a key only the same form with the same content derives. */
    repeatSealed: text("repeat_sealed"),
    locale: text("locale").notNull(),
    country: text("country").notNull(),
    threatLevel: integer("threat_level").notNull(),
    inDanger: boolean("in_danger").notNull().default(false),
    status: text("status").$type<ReportStatus>().notNull().default("received"),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    routingReason: text("routing_reason").$type<RoutingReason>().notNull(),
    /** Units whose officers may open the report: the routed unit, then any it escalated to. */
    visibleUnitIds: uuid("visible_unit_ids").array().notNull().default(sql`'{}'::uuid[]`),
    ownerUserId: uuid("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    sealed: text("sealed").notNull(),
    /** The police case number, once an officer records it (encrypted). */
    policeCaseSealed: text("police_case_sealed"),
    closingNoteSealed: text("closing_note_sealed"),
    outcome: text("outcome").$type<ReportOutcome>(),
    hasContactEmail: boolean("has_contact_email").notNull().default(false),
    escalationStage: integer("escalation_stage").notNull().default(0),
    nextEscalationAt: timestamp("next_escalation_at", { withTimezone: true }),
    followUpDueAt: timestamp("follow_up_due_at", { withTimezone: true }),
    /** While the case waits for the reporter, the follow-up clock is stopped with this much left. */
    followUpRemainingMs: integer("follow_up_remaining_ms"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    index("reports_unit_idx").on(table.unitId),
    index("reports_escalation_idx").on(table.status, table.nextEscalationAt),
    index("reports_closed_idx").on(table.closedAt),
    index("reports_legacy_idx").on(table.keyScheme),
  ],
);

/** Files attached to a report, encrypted; the id is random, so it cannot be guessed. */
export const reportAttachments = pgTable(
  "report_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    nameSealed: text("name_sealed").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** The untouched original, sealed; null when the reporter sent only the copy without metadata. */
    data: bytea("data"),
    /** Issue #16: SHA-256 (hex) of the bytes as uploaded, sealed under the report's key (a bare hash would confirm a known picture). */
    sha256Sealed: text("sha256_sealed"),
    /** The copy without metadata (re-encoded image, PDF without Info/XMP), sealed; what officers download by default. */
    strippedData: bytea("stripped_data"),
    /** What the file's metadata said, sealed (values only when the original is kept). */
    metadataSealed: text("metadata_sealed"),
    /** Whether the original is kept for the police (the reporter's choice, or nothing to review). */
    keptOriginal: boolean("kept_original").notNull().default(true),
    addedBy: text("added_by").$type<"reporter" | "officer">().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** The evidence item (db/schema/evidence.ts) this file shows, if any (a screenshot of a post). */
    evidenceItemId: uuid("evidence_item_id"),
  },
  (table) => [index("report_attachments_report_idx").on(table.reportId)],
);

export const reportEventTypes = [
  "received",
  "acknowledged",
  "status_changed",
  "note",
  "message_to_reporter",
  "message_from_reporter",
  "attachment_added",
  "police_case_recorded",
  "transfer_offered",
  "transfer_accepted",
  "transfer_declined",
  "escalated",
  "closed",
  "reopened",
  "police_case_updated",
  "linked",
  "unlinked",
] as const;
export type ReportEventType = (typeof reportEventTypes)[number];

/** The timeline: every change, who made it and when. Message and note text is encrypted. */
export const reportEvents = pgTable(
  "report_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    type: text("type").$type<ReportEventType>().notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorKind: text("actor_kind").$type<"reporter" | "officer" | "system">().notNull(),
    /** Shown on the reporter's status page. */
    public: boolean("public").notNull().default(false),
    bodySealed: text("body_sealed"),
    details: jsonb("details").$type<Record<string, string | number | null>>().notNull().default({}),
  },
  (table) => [index("report_events_report_idx").on(table.reportId, table.at)],
);

/** An offer to hand a case to another officer: the owner stays owner until it is accepted. */
export const reportTransfers = pgTable("report_transfers", {
  id: uuid("id").primaryKey().defaultRandom(),
  reportId: uuid("report_id")
    .notNull()
    .references(() => reports.id, { onDelete: "cascade" }),
  fromUserId: uuid("from_user_id").references(() => users.id, { onDelete: "set null" }),
  toUserId: uuid("to_user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  status: text("status").$type<"pending" | "accepted" | "declined">().notNull().default("pending"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
});

/** Anonymous figures per report, kept after the report itself is purged. */
export const reportStatistics = pgTable("report_statistics", {
  reportId: uuid("report_id").primaryKey(),
  country: text("country").notNull(),
  unitId: uuid("unit_id"),
  threatLevel: integer("threat_level").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  minutesToAcknowledge: integer("minutes_to_acknowledge"),
  outcome: text("outcome"),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  purgedAt: timestamp("purged_at", { withTimezone: true }),
});

/**
 * A reporter's visit to their own case: opened once with the receipt code, then kept by a
 * short-lived cookie. Only the token's SHA-256 is stored; the report's key is wrapped by a key
 * derived from the token, so a copy of the database opens nothing.
 */
export const reporterSessions = pgTable(
  "reporter_sessions",
  {
    /** SHA-256 (hex) of the token in the cookie. */
    id: text("id").primaryKey(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    /** The report's content key, wrapped by a key derived from the token. */
    keyWrap: text("key_wrap").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("reporter_sessions_report_idx").on(table.reportId), index("reporter_sessions_expires_idx").on(table.expiresAt)],
);

/**
 * Files from a report form that failed to submit, kept for the retry for a short time. Keyed by
 * the SHA-256 of the form's one-time key and sealed by a key derived from it: only the browser
 * holding the form can get them back.
 */
export const reportFormStashes = pgTable(
  "report_form_stashes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** SHA-256 (hex) of the form's one-time key. */
    keyHash: text("key_hash").notNull(),
    position: integer("position").notNull(),
    /** Name, type and bytes together, sealed under the key derived from the one-time key. */
    sealed: bytea("sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("report_form_stashes_key_idx").on(table.keyHash), index("report_form_stashes_expires_idx").on(table.expiresAt)],
);

export type Report = typeof reports.$inferSelect;
export type ReportEvent = typeof reportEvents.$inferSelect;
