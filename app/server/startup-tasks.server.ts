import type { Database } from "@db/client.server";
import type { Config } from "~/config.server";
import { ensureGuidanceSearchIndex, getGuidanceCatalog } from "~/domain/guidance/guidance.server";

/**
 * Work done once at start-up, after migrations; returns lines to print for the operator.
 * Content errors stop the start with a list of what to fix.
 */
export async function prepareAtStartup(db: Database, _config: Config): Promise<string[]> {
  const catalog = getGuidanceCatalog();
  await ensureGuidanceSearchIndex(db);
  const counts = Object.entries(catalog.articles).map(([locale, articles]) => `${locale} ${articles.size}`);
  return [`Guidance: ${counts.join(", ")} articles (content version ${catalog.version})`];
}
