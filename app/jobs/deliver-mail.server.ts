import { log } from "~/log.server";
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { outbox } from "@db/schema";
import type { Mailer } from "~/mail/mailer.server";
import { outboxContent } from "~/mail/outbox.server";
import type { Job } from "./job";

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
      const content = outboxContent(row);
      if (!content) throw new Error("The mail has no contents left to send");
      const providerId = await mailer.send({ idempotencyKey: row.idempotencyKey, content });
      // Once a provider has it, the row keeps no address or body, only delivery bookkeeping.
      // The local outbox is itself the delivery (a demo reads it at /dev/outbox), so it keeps them.
      const forget = mailer.kind === "resend" ? { sealed: null, legacyPlain: null } : {};
      await db
        .update(outbox)
        .set({ status: "sent", sentAt: now, providerId, lockedUntil: null, lastError: null, ...forget })
        .where(eq(outbox.id, row.id));
      sent++;
    } catch (error) {
      failed++;
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      // The row's id and template only: never the recipient or the contents.
      log.warn({ mailId: row.id, template: row.template, attempts: row.attempts, err: error }, giveUp ? "mail delivery failed for the last time; given up" : "mail delivery failed; will retry");
      await db
        .update(outbox)
        .set({
          status: giveUp ? "failed" : "pending",
          // A mail given up on keeps no address or body either.
          ...(giveUp ? { sealed: null, legacyPlain: null } : {}),
          lockedUntil: null,
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)),
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
        })
        .where(eq(outbox.id, row.id));
    }
  }
  return { claimed: claimed.length, sent, failed };
}

/** Sent and finally failed rows older than `keepDays` go: their bookkeeping has served. */
export async function purgeOldOutbox(db: Executor, now: Date, keepDays: number) {
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000);
  const deleted = await db
    .delete(outbox)
    .where(or(and(eq(outbox.status, "sent"), lt(outbox.sentAt, cutoff)), and(eq(outbox.status, "failed"), lt(outbox.createdAt, cutoff))))
    .returning({ id: outbox.id });
  return { deleted: deleted.length };
}

export const mailJob: Job = {
  name: "mail",
  run: (db, now, context) => deliverDueMail(db, context.mailer, now, { claimMs: context.config.MAIL_CLAIM_SECONDS * 1000 }),
};

export const outboxRetentionJob: Job = {
  name: "outbox-retention",
  run: (db, now, context) => purgeOldOutbox(db, now, context.config.OUTBOX_KEEP_DAYS),
};
