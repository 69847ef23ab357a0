import type { Executor } from "@db/client.server";
import { deleteExpiredSessions } from "~/auth/session.server";

/**
 * Removes the sessions nobody can use any more (expired, or idle past the limit, whether the second
 * factor was passed or not), so the table keeps no rows, user agents or IP addresses of ended
 * logins. A plain DELETE: two instances running it at once only find nothing left to delete.
 */
export async function purgeExpiredSessions(db: Executor, now: Date) {
  return { deleted: await deleteExpiredSessions(db, now) };
}
