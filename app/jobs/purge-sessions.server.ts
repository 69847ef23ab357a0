import type { Executor } from "@db/client.server";
import { deleteExpiredSessions } from "~/auth/session.server";
import { deleteExpiredDiaryVisits } from "~/domain/reports/diary.server";
import { deleteExpiredReporterVisits } from "~/domain/reports/reporter-visit.server";
import type { Job } from "./job";

/**
 * Removes the sessions nobody can use any more (expired, or idle past the limit, whether the second
 * factor was passed or not), so the table keeps no rows, user agents or IP addresses of ended
 * logins; and the reporters' visits to cases and diaries that ended the same way. A plain DELETE: two instances running
 * it at once only find nothing left to delete.
 */
export async function purgeExpiredSessions(db: Executor, now: Date) {
  return { deleted: await deleteExpiredSessions(db, now), reporterVisits: await deleteExpiredReporterVisits(db, now), diaryVisits: await deleteExpiredDiaryVisits(db, now) };
}

export const expiredSessionsJob: Job = {
  name: "expired-sessions",
  run: (db, now) => purgeExpiredSessions(db, now),
};
