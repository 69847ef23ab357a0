import { customType, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

/** The search index of the guidance articles in content/, rebuilt when content changes. */
export const guidanceSearch = pgTable(
  "guidance_search",
  {
    locale: text("locale").notNull(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    topic: text("topic").notNull(),
    bodyText: text("body_text").notNull(),
    /** Stemmed words, weighted: title A, summary B, body C. */
    document: tsvector("document").notNull(),
    /** The same words with their stems folded (see app/domain/guidance/stem-folding.ts). */
    folded: tsvector("folded").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.locale, table.slug] }),
    index("guidance_search_document_idx").using("gin", table.document),
    index("guidance_search_folded_idx").using("gin", table.folded),
  ],
);

export type GuidanceSearchRow = typeof guidanceSearch.$inferSelect;
