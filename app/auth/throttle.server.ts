import { eq, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { throttles } from "@db/schema";

export interface ThrottlePolicy {
  /** Failures allowed before delays start. */
  freeFailures: number;
  /** The first delay; it doubles with every further failure. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** The window failures are counted in. */
  windowSeconds: number;
}

/** docs/security.md: after 5 wrong tries, exponential delay; counted per hour. */
// The delay stops growing at 30 s, so 100 failures in an hour (the lock, below) stays reachable by a persistent guesser.
export const loginPolicy: ThrottlePolicy = { freeFailures: 5, baseDelaySeconds: 2, maxDelaySeconds: 30, windowSeconds: 3600 };

export interface ThrottleState {
  allowed: boolean;
  retryAfterSeconds: number;
  failures: number;
}

/** Whether another try under `key` may be made now. */
export async function checkThrottle(db: Executor, key: string, now: Date, policy = loginPolicy): Promise<ThrottleState> {
  const [row] = await db.select().from(throttles).where(eq(throttles.key, key));
  if (!row || now.getTime() - row.windowStartedAt.getTime() > policy.windowSeconds * 1000) {
    return { allowed: true, retryAfterSeconds: 0, failures: 0 };
  }
  const over = row.failures - policy.freeFailures;
  if (over < 0) return { allowed: true, retryAfterSeconds: 0, failures: row.failures };
  const delay = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** over);
  const waitMs = row.lastFailureAt.getTime() + delay * 1000 - now.getTime();
  return { allowed: waitMs <= 0, retryAfterSeconds: Math.max(0, Math.ceil(waitMs / 1000)), failures: row.failures };
}

/** Counts a failure; returns the failures now counted in the window. */
export async function recordFailure(db: Executor, key: string, now: Date, policy = loginPolicy): Promise<number> {
  // Raw SQL gets ISO strings: the postgres driver does not serialize a Date inside sql``.
  const windowStart = sql`${new Date(now.getTime() - policy.windowSeconds * 1000).toISOString()}::timestamptz`;
  const nowValue = sql`${now.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(throttles)
    .values({ key, failures: 1, windowStartedAt: now, lastFailureAt: now })
    .onConflictDoUpdate({
      target: throttles.key,
      set: {
        failures: sql`case when ${throttles.windowStartedAt} < ${windowStart} then 1 else ${throttles.failures} + 1 end`,
        windowStartedAt: sql`case when ${throttles.windowStartedAt} < ${windowStart} then ${nowValue} else ${throttles.windowStartedAt} end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: throttles.failures });
  return row!.failures;
}

export async function clearThrottle(db: Executor, key: string): Promise<void> {
  await db.delete(throttles).where(eq(throttles.key, key));
}
