import { sql } from "drizzle-orm";
import { type AnyPgColumn, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";

export const unitKinds = ["party", "party-district", "region", "municipality", "national"] as const;
export type UnitKind = (typeof unitKinds)[number];
export type CountryCode = "dk" | "se" | "no";

/**
 * Organizational units, a tree per country: parties with their districts, and regions (DK
 * regioner, SE regioner, NO fylker) with their municipalities. A party district covers one
 * region (`areaUnitId`).
 */
export const units = pgTable(
  "units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    country: text("country").$type<CountryCode>().notNull(),
    kind: text("kind").$type<UnitKind>().notNull(),
    name: text("name").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => units.id, { onDelete: "restrict" }),
    areaUnitId: uuid("area_unit_id").references((): AnyPgColumn => units.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("units_parent_idx").on(table.parentId),
    uniqueIndex("units_country_kind_name_idx").on(table.country, table.kind, table.name),
  ],
);

export const officerRoles = ["primary", "deputy"] as const;
export type OfficerRole = (typeof officerRoles)[number];

/** Who answers for a unit: one primary and any number of deputies, with contact details. */
export const unitOfficers = pgTable(
  "unit_officers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").$type<OfficerRole>().notNull(),
    /** Must take SMS. */
    phone: text("phone").notNull(),
    email: text("email").notNull(),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    phoneCallVerifiedAt: timestamp("phone_call_verified_at", { withTimezone: true }),
    phoneCallVerifiedBy: uuid("phone_call_verified_by").references(() => users.id, { onDelete: "set null" }),
    phoneSmsVerifiedAt: timestamp("phone_sms_verified_at", { withTimezone: true }),
    phoneSmsVerifiedBy: uuid("phone_sms_verified_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("unit_officers_unit_user_idx").on(table.unitId, table.userId),
    uniqueIndex("unit_officers_one_primary_idx").on(table.unitId).where(sql`${table.role} = 'primary'`),
    index("unit_officers_user_idx").on(table.userId),
  ],
);

export type Unit = typeof units.$inferSelect;
export type UnitOfficer = typeof unitOfficers.$inferSelect;
