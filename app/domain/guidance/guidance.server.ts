import type { Executor } from "@db/client.server";
import type { Locale } from "~/i18n/locales";
import { getConfig } from "~/config.server";
import { loadGuidanceCatalog, type GuidanceCatalog } from "./catalog.server";
import { ResultCache, searchCacheKey } from "./result-cache";
import { searchGuidance, syncGuidanceSearchIndex, type GuidanceSearchResult } from "./search.server";

let catalog: GuidanceCatalog | undefined;
let indexed: Promise<unknown> | undefined;
// About 1 kB per entry (up to 20 results of title, summary and snippet; most queries have fewer).
const searchResults = new ResultCache<GuidanceSearchResult[]>(5_000);

/** The guidance of this process: read and rendered once, at start-up or first use. */
export function getGuidanceCatalog(): GuidanceCatalog {
  const config = getConfig();
  catalog ??= loadGuidanceCatalog(config.CONTENT_DIR, { escalationHours: config.ESCALATION_HOURS });
  return catalog;
}

/** Makes sure the search index matches the content; the work is done once per process. */
export function ensureGuidanceSearchIndex(db: Executor): Promise<unknown> {
  indexed ??= syncGuidanceSearchIndex(db, getGuidanceCatalog()).catch((error: unknown) => {
    indexed = undefined;
    throw error;
  });
  return indexed;
}

/**
 * A search of the guidance, answered from this process's result cache when the same query was
 * asked before (same content version, same locale), else by the database (searchGuidance).
 */
export async function searchGuidanceCached(db: Executor, locale: Locale, query: string): Promise<GuidanceSearchResult[]> {
  await ensureGuidanceSearchIndex(db);
  const { version } = getGuidanceCatalog();
  return searchResults.get(searchCacheKey(version, locale, query), () => searchGuidance(db, locale, query));
}
