import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { outbox } from "@db/schema";
import type { Mailer } from "~/mail/mailer.server";

export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends the mail that is due. Rows are claimed in a short transaction (FOR UPDATE SKIP LOCKED,
 * then a claim time), sent outside it, and marked sent only after the provider accepted them.
 * A failure is kept with its error and retried with backoff; after MAX_ATTEMPTS it stays failed.
 */
export async function deliverDueMail(db: Executor, mailer: Mailer, now: Date, options: { batchSize?: number; claimMs?: number } = {}) {
  const { batchSize = 20, claimMs = 60_000 } = options;
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, "pending"),
          lte(outbox.nextAttemptAt, now),
          or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
        ),
      )
      .orderBy(asc(outbox.createdAt))
      .limit(batchSize)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({ lockedUntil: new Date(now.getTime() + claimMs), attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, due.map((row) => row.id)))
      .returning();
  });

  let sent = 0;
  let failed = 0;
  for (const row of claimed) {
    try {
      const providerId = await mailer.send(row);
      await db
        .update(outbox)
        .set({ status: "sent", sentAt: now, providerId, lockedUntil: null, lastError: null })
        .where(eq(outbox.id, row.id));
      sent++;
    } catch (error) {
      failed++;
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      await db
        .update(outbox)
        .set({
          status: giveUp ? "failed" : "pending",
          lockedUntil: null,
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)),
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
        })
        .where(eq(outbox.id, row.id));
    }
  }
  return { claimed: claimed.length, sent, failed };
}
