import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Small facts the app keeps about itself, such as the version of the guidance index. */
export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type AppMeta = typeof appMeta.$inferSelect;
