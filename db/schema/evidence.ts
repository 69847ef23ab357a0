import { boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { reportEvents, reports } from "./reports";

export type EvidenceItemKind = "online_post" | "message" | "in_person";

/**
 * Evidence items of a report (issue #16): an online post, a message received, an event in person.
 * Everything the reporter wrote about an item is in `sealed`, under the report's own key; in plain
 * only its kind, when Trygg received it (server clock) and the officer's "for the police" mark.
 */
export const reportEvidenceItems = pgTable(
  "report_evidence_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    /** The reporter's message it came with; null for items sent with the report itself. */
    messageEventId: uuid("message_event_id").references(() => reportEvents.id, { onDelete: "set null" }),
    kind: text("kind").$type<EvidenceItemKind>().notNull(),
    sealed: text("sealed").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    forPolice: boolean("for_police").notNull().default(false),
    markedBy: uuid("marked_by").references(() => users.id, { onDelete: "set null" }),
    markedAt: timestamp("marked_at", { withTimezone: true }),
    /** Typed one by one in the form, or from a pasted list of post addresses. */
    source: text("source").$type<"form" | "bulk">().notNull(),
    /** The order within one submission. */
    position: integer("position").notNull(),
  },
  (table) => [index("report_evidence_items_report_idx").on(table.reportId, table.receivedAt, table.position)],
);

export type ReportEvidenceItem = typeof reportEvidenceItems.$inferSelect;
