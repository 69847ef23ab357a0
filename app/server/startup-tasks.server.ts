import type { Database } from "@db/client.server";
import type { Config } from "~/config.server";

/**
 * Work done once at start-up, after migrations: returns lines to print for the operator.
 * Later features (guidance search index, demo data) add their steps here.
 */
export async function prepareAtStartup(_db: Database, _config: Config): Promise<string[]> {
  return [];
}
