import type { Executor } from "@db/client.server";
import { deleteExpiredStashes } from "~/domain/reports/form-stash.server";
import type { Job } from "./job";

/**
 * Removes the files kept for a report form's retry once their 30 minutes are over, so the table
 * holds nobody's abandoned files. A plain DELETE: two instances running it at once only find
 * nothing left to delete.
 */
export async function purgeExpiredFormStashes(db: Executor, now: Date) {
  return { deleted: await deleteExpiredStashes(db, now) };
}

export const expiredFormStashesJob: Job = {
  name: "expired-form-stashes",
  run: (db, now) => purgeExpiredFormStashes(db, now),
};
