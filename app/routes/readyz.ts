import { getConfig } from "~/config.server";
import { getDatabase } from "~/db.server";
import { jobLoopState } from "~/jobs/scheduler.server";
import { readiness } from "~/server/readiness.server";

/**
 * Readiness as JSON: the database answers a `select 1` within two seconds, every migration of the
 * build is applied, and the job loop got round recently (or is off: JOBS=0). 503 when any fails.
 */
export async function loader() {
  const config = getConfig();
  const result = await readiness({ database: getDatabase, migrationsDir: config.MIGRATIONS_DIR, jobsEnabled: config.JOBS, jobLoop: jobLoopState() });
  return new Response(`${JSON.stringify({ status: result.ready ? "ready" : "unavailable", ...result.checks })}\n`, {
    status: result.ready ? 200 : 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
