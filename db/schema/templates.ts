import { index, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { units } from "./units";

export const templateLocales = ["da", "sv", "nb"] as const;
export type TemplateLocale = (typeof templateLocales)[number];
export type TemplateTexts = Record<TemplateLocale, string>;

/**
 * A reply an officer can put into a message to a reporter: national (no unit; administrators
 * manage these) or one unit's (its officers manage them). Name and text in each language: the
 * name is what the officer picks from, the text goes to the reporter in the report's language.
 */
export const replyTemplates = pgTable(
  "reply_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Null: a national template, offered on every case. */
    unitId: uuid("unit_id").references(() => units.id, { onDelete: "cascade" }),
    name: jsonb("name").$type<TemplateTexts>().notNull(),
    body: jsonb("body").$type<TemplateTexts>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("reply_templates_unit_idx").on(table.unitId)],
);

export type ReplyTemplate = typeof replyTemplates.$inferSelect;
