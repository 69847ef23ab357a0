import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Executor } from "@db/client.server";
import { appMeta, guidanceSearch } from "@db/schema";
import { localeInfo, locales, type Locale } from "~/i18n/locales";
import type { GuidanceCatalog } from "./catalog.server";
import { foldStem } from "./stem-folding";

const INDEX_VERSION_KEY = "guidance_index_version";
const HIT_START = "\u27e6";
const HIT_END = "\u27e7";

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface GuidanceSearchResult {
  slug: string;
  title: string;
  summary: string;
  topic: string;
  rank: number;
  snippet: SnippetPart[];
}

interface Stem {
  lexeme: string;
  positions: number[];
}

/** The stems PostgreSQL's configuration for the locale makes of a text, with their positions. */
async function stemsOf(db: Executor, locale: Locale, text: string): Promise<Stem[]> {
  const config = localeInfo[locale].textSearchConfig;
  return queryRows<Stem>(
    db,
    sql`select lexeme, coalesce(positions, '{}'::smallint[]) as positions from unnest(to_tsvector(${config}::regconfig, ${text}))`,
  );
}

function foldAll(stems: Stem[], locale: Locale): string[] {
  return [...new Set(stems.map((stem) => foldStem(stem.lexeme, locale)))];
}

/** A tsvector literal of the folded stems, keeping positions so that weights and ranking work. */
export function foldedVectorLiteral(stems: Stem[], locale: Locale): string {
  const positions = new Map<string, number[]>();
  for (const stem of stems) {
    const folded = foldStem(stem.lexeme, locale);
    positions.set(folded, [...(positions.get(folded) ?? []), ...stem.positions.map(Number)]);
  }
  return [...positions]
    .map(([lexeme, at]) => {
      const quoted = `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
      const unique = [...new Set(at)].sort((a, b) => a - b).slice(0, 256);
      return unique.length ? `${quoted}:${unique.join(",")}` : quoted;
    })
    .join(" ");
}

/**
 * Rebuilds the search index from the catalog when the content has changed since the last build
 * (its version is kept in app_meta). Safe with several app instances: one rebuilds, under an
 * advisory lock, and the others find the index current.
 */
export async function syncGuidanceSearchIndex(db: Executor, catalog: GuidanceCatalog): Promise<"rebuilt" | "current"> {
  const isCurrent = async (executor: Executor) => {
    const [row] = await executor.select().from(appMeta).where(eq(appMeta.key, INDEX_VERSION_KEY));
    return row?.value === catalog.version;
  };
  if (await isCurrent(db)) return "current";
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7216002)`);
    if (await isCurrent(tx)) return "current";
    await tx.delete(guidanceSearch);
    for (const locale of locales) {
      const config = localeInfo[locale].textSearchConfig;
      for (const article of catalog.articles[locale].values()) {
        const titleFolded = foldedVectorLiteral(await stemsOf(tx, locale, article.title), locale);
        const restFolded = foldedVectorLiteral(await stemsOf(tx, locale, `${article.summary} ${article.text}`), locale);
        await tx.insert(guidanceSearch).values({
          locale,
          slug: article.slug,
          title: article.title,
          summary: article.summary,
          topic: article.topic,
          bodyText: article.text,
          document: sql`setweight(to_tsvector(${config}::regconfig, ${article.title}), 'A')
            || setweight(to_tsvector(${config}::regconfig, ${article.summary}), 'B')
            || setweight(to_tsvector(${config}::regconfig, ${article.text}), 'C')`,
          folded: sql`setweight(${titleFolded}::tsvector, 'A') || setweight(${restFolded}::tsvector, 'C')`,
        });
      }
    }
    await tx
      .insert(appMeta)
      .values({ key: INDEX_VERSION_KEY, value: catalog.version })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: catalog.version, updatedAt: new Date() } });
    return "rebuilt";
  });
}

/** Splits ts_headline's output at our hit markers. */
export function parseSnippet(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of headline.split(HIT_START)) {
    const end = piece.indexOf(HIT_END);
    if (end === -1) {
      if (piece) parts.push({ text: piece, hit: false });
      continue;
    }
    parts.push({ text: piece.slice(0, end), hit: true });
    if (piece.slice(end + 1)) parts.push({ text: piece.slice(end + 1), hit: false });
  }
  return parts;
}

/**
 * Full-text search in one locale's guidance, in that language's configuration. An exact stem
 * match ranks twice as high as a folded one (trusler ↔ trussel, hotet ↔ hot).
 */
export async function searchGuidance(
  db: Executor,
  locale: Locale,
  query: string,
  limit = 20,
): Promise<GuidanceSearchResult[]> {
  const config = localeInfo[locale].textSearchConfig;
  const folded = foldAll(await stemsOf(db, locale, query), locale).filter((lexeme) => /^[\p{L}\p{N}]+$/u.test(lexeme));
  if (folded.length === 0) return [];
  const exact = sql`websearch_to_tsquery(${config}::regconfig, ${query})`;
  const loose = sql`plainto_tsquery('simple', ${folded.join(" ")})`;
  // For highlighting: each longer folded stem as a prefix, so its inflected forms light up too.
  const prefixes = folded.map((lexeme) => (lexeme.length >= 5 ? `${lexeme.slice(0, -1)}:*` : lexeme)).join(" | ");
  const highlight = sql`(${exact} || to_tsquery('simple', ${prefixes}))`;
  const rows = await queryRows<{ slug: string; title: string; summary: string; topic: string; rank: number; headline: string }>(
    db,
    sql`select slug, title, summary, topic,
          (2 * ts_rank_cd(${guidanceSearch.document}, ${exact}) + ts_rank_cd(${guidanceSearch.folded}, ${loose}))::float8 as rank,
          ts_headline(${config}::regconfig, ${guidanceSearch.bodyText}, ${highlight},
            ${`StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`}) as headline
        from ${guidanceSearch}
        where ${and(eq(guidanceSearch.locale, locale), sql`(${guidanceSearch.document} @@ ${exact} or ${guidanceSearch.folded} @@ ${loose})`)}
        order by rank desc, title
        limit ${limit}`,
  );
  return rows.map((row) => ({
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    topic: row.topic,
    rank: Number(row.rank),
    snippet: parseSnippet(row.headline),
  }));
}
