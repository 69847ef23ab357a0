/**
 * Readiness (/readyz): the database answers, every migration of this build is applied, and the
 * job loop gets round (or is switched off with JOBS=0). Each check has a short time limit, so a
 * database that hangs makes /readyz answer 503 quickly rather than hang with it.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows, type DatabaseHandle } from "@db/client.server";
import type { JobLoopState } from "~/jobs/scheduler.server";

export const CHECK_TIMEOUT_MS = 2000;

export interface CheckResult {
  ok: boolean;
  [detail: string]: unknown;
}

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; migrations: CheckResult; jobs: CheckResult };
}

/** How long a round of jobs may take, or the loop may be quiet, before it counts as stuck. */
export function staleAfterMs(intervalMs: number): number {
  return Math.max(10 * intervalMs, 60_000);
}

/** The job loop's part of readiness, from its state; `enabled` is JOBS. */
export function jobLoopReadiness(state: JobLoopState | undefined, enabled: boolean, now: Date): CheckResult {
  if (!enabled) return { ok: true, state: "disabled" };
  if (!state) return { ok: false, state: "not started" };
  if (state.stopped) return { ok: false, state: "stopped", lastTickAt: state.lastTickAt?.toISOString() ?? null };
  const limit = staleAfterMs(state.intervalMs);
  // A round in progress counts from its start; between rounds, from the end of the last one.
  const since = state.tickStartedAt ?? state.lastTickAt ?? state.startedAt;
  const ageMs = Math.max(0, now.getTime() - since.getTime());
  const fresh = ageMs <= limit;
  return { ok: fresh, state: fresh ? "running" : "stale", lastTickAt: state.lastTickAt?.toISOString() ?? null, ageMs, staleAfterMs: limit };
}

/** The migrations this build brings: the `when` of each entry in the drizzle journal. */
export function expectedMigrations(migrationsDir: string): Array<{ tag: string; when: number }> {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, "meta", "_journal.json"), "utf8")) as { entries: Array<{ tag: string; when: number }> };
  return journal.entries.map((entry) => ({ tag: entry.tag, when: entry.when }));
}

function timeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Which of the journal's migrations drizzle has recorded as applied (it keeps their `when` as created_at). */
export async function migrationReadiness(database: DatabaseHandle, migrationsDir: string): Promise<CheckResult> {
  try {
    const expected = expectedMigrations(migrationsDir);
    const rows = await timeout(queryRows<{ created_at: string | number }>(database.db, sql`select created_at from drizzle.__drizzle_migrations`), CHECK_TIMEOUT_MS);
    const applied = new Set(rows.map((row) => Number(row.created_at)));
    const pending = expected.filter((entry) => !applied.has(entry.when)).map((entry) => entry.tag);
    return { ok: pending.length === 0, expected: expected.length, applied: expected.length - pending.length, pending };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.slice(0, 200) : "failed" };
  }
}

export async function readiness(options: {
  database: () => Promise<DatabaseHandle>;
  migrationsDir: string;
  jobsEnabled: boolean;
  jobLoop: JobLoopState | undefined;
  now?: Date;
}): Promise<Readiness> {
  const handle = await timeout(options.database(), CHECK_TIMEOUT_MS).catch(() => undefined);
  const [database, migrations] = handle
    ? await Promise.all([
        handle.ping(CHECK_TIMEOUT_MS).then((ok) => ({ ok }), () => ({ ok: false })),
        migrationReadiness(handle, options.migrationsDir),
      ])
    : [{ ok: false, error: "not open" }, { ok: false, error: "database not open" }];
  const jobs = jobLoopReadiness(options.jobLoop, options.jobsEnabled, options.now ?? new Date());
  return { ready: database.ok && migrations.ok && jobs.ok, checks: { database, migrations, jobs } };
}
