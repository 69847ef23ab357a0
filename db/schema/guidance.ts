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
    document: tsvector("document").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.locale, table.slug] }),
    index("guidance_search_document_idx").using("gin", table.document),
  ],
);

export type GuidanceSearchRow = typeof guidanceSearch.$inferSelect;
