import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { reports } from "./reports";
import { units } from "./units";

/**
 * A unit's key pairs. The newest one without `retiredAt` seals new reports; older ones stay for
 * the reports sealed to them. The private key is stored only sealed: to each holder
 * (`unit_key_grants`) and to the offline escrow key.
 */
export const unitKeys = pgTable(
  "unit_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    publicKey: text("public_key").notNull(),
    /** The private key sealed to ESCROW_PUBLIC_KEY, whose private half is never on the server. */
    escrowSealed: text("escrow_sealed"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (table) => [index("unit_keys_unit_idx").on(table.unitId)],
);

/** A unit's private key sealed to one person's account key: that person holds the unit key. */
export const unitKeyGrants = pgTable(
  "unit_key_grants",
  {
    unitKeyId: uuid("unit_key_id")
      .notNull()
      .references(() => unitKeys.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /**
     * "account": sealed to the person's public key. "server": sealed with the server key for an
     * account made before sealing, until its next login gives it a key pair (legacy data only).
     */
    kind: text("kind").$type<"account" | "server">().notNull().default("account"),
    sealed: text("sealed").notNull(),
    grantedBy: uuid("granted_by").references(() => users.id, { onDelete: "set null" }),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.unitKeyId, table.userId] }), index("unit_key_grants_user_idx").on(table.userId)],
);

/** A report's content key sealed to one unit key. */
export const reportKeys = pgTable(
  "report_keys",
  {
    reportId: uuid("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    unitKeyId: uuid("unit_key_id")
      .notNull()
      .references(() => unitKeys.id, { onDelete: "cascade" }),
    sealed: text("sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.reportId, table.unitKeyId] }), index("report_keys_unit_key_idx").on(table.unitKeyId)],
);

export type UnitKey = typeof unitKeys.$inferSelect;
export type UnitKeyGrant = typeof unitKeyGrants.$inferSelect;
