import { and, isNotNull, lt } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reports } from "@db/schema";
import { REPEAT_WINDOW_MS } from "~/domain/reports/submit.server";
import { sealLegacyReports } from "~/domain/sealing/legacy.server";
import type { SealingKeys } from "~/domain/sealing/unit-keys.server";
import { sealLegacyOutbox } from "~/mail/outbox.server";
import type { Job } from "./job";

/**
 * Keeps the sealing promise over time: reports and mail from before sealing are sealed (a no-op
 * once done), and a report's repeat receipt (for a double submit) is dropped after its 10 minutes.
 */
export async function runSealingMaintenance(db: Executor, keys: SealingKeys, now: Date) {
  const legacy = await sealLegacyReports(db, keys, now);
  const outbox = await sealLegacyOutbox(db, keys.ring);
  const expired = await db
    .update(reports)
    .set({ repeatSealed: null })
    .where(and(isNotNull(reports.repeatSealed), lt(reports.createdAt, new Date(now.getTime() - REPEAT_WINDOW_MS))))
    .returning({ id: reports.id });
  return { legacyReports: legacy.sealed, legacyOutbox: outbox, repeatsExpired: expired.length };
}

export const sealingJob: Job = {
  name: "sealing",
  run: (db, now, context) => runSealingMaintenance(db, context.sealingKeys, now),
};
