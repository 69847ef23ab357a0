import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { broadcastReads, broadcasts, users } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import { isLocale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";

/** Active officers: the people a broadcast goes to. */
async function activeOfficers(db: Executor) {
  return db
    .select()
    .from(users)
    .where(and(eq(users.status, "active"), sql`'officer' = any(${users.roles})`));
}

/** Writes a notice to every officer: a dashboard banner until read, and a mail (same transaction). */
export async function sendBroadcast(
  db: Executor,
  input: { title: string; body: string; origin: string },
  actor: { userId: string; ip: string | null },
) {
  return db.transaction(async (tx) => {
    const [broadcast] = await tx.insert(broadcasts).values({ title: input.title, body: input.body, createdBy: actor.userId }).returning();
    const officers = await activeOfficers(tx);
    for (const officer of officers) {
      const locale = isLocale(officer.locale) ? officer.locale : "da";
      await enqueueMail(tx, {
        to: officer.email,
        locale,
        idempotencyKey: `broadcast:${broadcast!.id}:${officer.id}`,
        message: { kind: "broadcast", title: input.title, body: input.body, link: `${input.origin}/${locale}/staff` },
      });
    }
    await recordAudit(tx, { actorUserId: actor.userId, action: "broadcast.sent", subjectType: "broadcast", subjectId: broadcast!.id, ip: actor.ip, details: { recipients: officers.length } });
    return { broadcast: broadcast!, recipients: officers.length };
  });
}

export async function unreadBroadcasts(db: Executor, userId: string) {
  return db
    .select({ id: broadcasts.id, title: broadcasts.title, body: broadcasts.body, createdAt: broadcasts.createdAt })
    .from(broadcasts)
    .leftJoin(broadcastReads, and(eq(broadcastReads.broadcastId, broadcasts.id), eq(broadcastReads.userId, userId)))
    .where(isNull(broadcastReads.userId))
    .orderBy(desc(broadcasts.createdAt));
}

export async function markBroadcastRead(db: Executor, broadcastId: string, userId: string, now: Date) {
  await db.insert(broadcastReads).values({ broadcastId, userId, readAt: now }).onConflictDoNothing();
}

/** Each broadcast with every officer and when (if) they read it. */
export async function broadcastReadStatus(db: Executor) {
  const all = await db.select().from(broadcasts).orderBy(desc(broadcasts.createdAt));
  const officers = await activeOfficers(db);
  const reads = await db.select().from(broadcastReads);
  return all.map((broadcast) => ({
    ...broadcast,
    readers: officers.map((officer) => ({
      userId: officer.id,
      name: officer.name,
      readAt: reads.find((read) => read.broadcastId === broadcast.id && read.userId === officer.id)?.readAt ?? null,
    })),
  }));
}
