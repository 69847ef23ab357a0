import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";

export interface BroadcastText {
  title: string;
  body: string;
}

export interface BroadcastAudience {
  /** Officers serving a unit in these countries… */
  countries: Array<"dk" | "se" | "no">;
  /** …and, when any are given, only these units (a region includes its municipalities). */
  unitIds: string[];
}

/** A notice from the administrators to the officers it is meant for, by mail and as a dashboard banner. */
export const broadcasts = pgTable("broadcasts", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** The first language's text: what a reader gets when there is none in theirs. */
  title: text("title").notNull(),
  body: text("body").notNull(),
  /** The text per language; each recipient gets theirs. Null on broadcasts from before languages. */
  translations: jsonb("translations").$type<Partial<Record<"da" | "sv" | "nb", BroadcastText>>>(),
  audience: jsonb("audience").$type<BroadcastAudience>(),
  /** Who it went to, as it was sent (null: every officer, on broadcasts from before audiences). */
  recipientIds: uuid("recipient_ids").array(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const broadcastReads = pgTable(
  "broadcast_reads",
  {
    broadcastId: uuid("broadcast_id")
      .notNull()
      .references(() => broadcasts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readAt: timestamp("read_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.broadcastId, table.userId] }), index("broadcast_reads_user_idx").on(table.userId)],
);

export type Broadcast = typeof broadcasts.$inferSelect;
