import type { Executor } from "@db/client.server";
import { getConfig } from "~/config.server";
import { loadGuidanceCatalog, type GuidanceCatalog } from "./catalog.server";
import { syncGuidanceSearchIndex } from "./search.server";

let catalog: GuidanceCatalog | undefined;
let indexed: Promise<unknown> | undefined;

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
