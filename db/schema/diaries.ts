import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./reports";

/**
 * A reporter's private diary: incidents noted over days or weeks, readable with its code only.
 * Its key exists only wrapped by a key derived from that code: no unit, job or statistic can open
 * it. What a copy of the database shows is that a diary exists, its reference, its size, and
 * when it last changed (retention counts from then). Language, entries and their times are sealed.
 */
export const reporterDiaries = pgTable("reporter_diaries", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Like a report's, with its own prefix: TRD-XXXX-XXXX. */
  reference: text("reference").notNull().unique(),
  /** SHA-256 of the code; the code itself is never stored. */
  codeHash: text("code_hash").notNull(),
  codeSalt: text("code_salt").notNull(),
  /** The diary's key, wrapped by a key derived from the code. */
  codeWrap: text("code_wrap").notNull(),
  /** Language and entries, sealed under the diary's key. */
  sealed: text("sealed").notNull(),
  /** The last change: a diary never sent is deleted RETENTION_MONTHS after it. */
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
}, (table) => [index("reporter_diaries_updated_idx").on(table.updatedAt)]);

/** A file kept in a diary: name, type and bytes sealed together under the diary's key. */
export const reporterDiaryFiles = pgTable(
  "reporter_diary_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    diaryId: uuid("diary_id")
      .notNull()
      .references(() => reporterDiaries.id, { onDelete: "cascade" }),
    sealed: bytea("sealed").notNull(),
  },
  (table) => [index("reporter_diary_files_diary_idx").on(table.diaryId)],
);

/** A visit to a diary, like a reporter's visit to a case: only the token's hash, the key wrapped by the token. */
export const diaryVisits = pgTable(
  "diary_visits",
  {
    id: text("id").primaryKey(),
    diaryId: uuid("diary_id")
      .notNull()
      .references(() => reporterDiaries.id, { onDelete: "cascade" }),
    keyWrap: text("key_wrap").notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("diary_visits_diary_idx").on(table.diaryId), index("diary_visits_expires_idx").on(table.expiresAt)],
);

export type ReporterDiary = typeof reporterDiaries.$inferSelect;
