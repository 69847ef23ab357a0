import { and, eq, lte, or } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { sessions, users, type Session, type User } from "@db/schema";
import { openForSession, sealForSession } from "~/domain/sealing/account-keys.server";
import { generateToken, hashToken } from "./tokens.server";

/** docs/security.md: staff sessions end after 30 idle minutes and, at the latest, after 12 hours. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Activity is written at most this often, not on every request. */
const TOUCH_AFTER_MS = 60 * 1000;

export interface SessionMeta {
  twoFactorVerified: boolean;
  userAgent?: string | null;
  ip?: string | null;
}

/** What a session carries for its person, wrapped by its token: the account's private key, a recovery key still to show. */
export interface SessionSecrets {
  privateKey?: Uint8Array | null;
  recoveryKey?: string | null;
}

/** A new session: the token goes to the cookie, only its hash to the database. */
export async function createSession(
  db: Executor,
  userId: string,
  now: Date,
  meta: SessionMeta,
  expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS),
  secrets: SessionSecrets = {},
) {
  const token = generateToken(20);
  const id = hashToken(token);
  const [session] = await db
    .insert(sessions)
    .values({
      id,
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      twoFactorVerified: meta.twoFactorVerified,
      userAgent: meta.userAgent?.slice(0, 200) ?? null,
      ip: meta.ip ?? null,
      privateKeySealed: secrets.privateKey ? sealForSession(token, id, "private-key", secrets.privateKey) : null,
      recoveryKeySealed: secrets.recoveryKey ? sealForSession(token, id, "recovery-key", Buffer.from(secrets.recoveryKey, "utf8")) : null,
    })
    .returning();
  return { token, session: session! };
}

/** The secrets a session row keeps, opened with the token from the cookie (nothing when it does not open). */
export function sessionSecrets(token: string, session: Session): { privateKey: Buffer | null; recoveryKey: string | null } {
  const open = (label: "private-key" | "recovery-key", sealed: string | null) => {
    if (!sealed) return null;
    try {
      return openForSession(token, session.id, label, sealed);
    } catch {
      return null;
    }
  };
  return { privateKey: open("private-key", session.privateKeySealed), recoveryKey: open("recovery-key", session.recoveryKeySealed)?.toString("utf8") ?? null };
}

/** The session and user behind a token, or null when it is unknown, idle too long or expired. */
export async function validateSessionToken(
  db: Executor,
  token: string,
  now: Date,
): Promise<{ session: Session; user: User } | null> {
  const id = hashToken(token);
  const [row] = await db.select().from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, id));
  if (!row) return null;
  const { sessions: session, users: user } = row;
  const idleFor = now.getTime() - session.lastSeenAt.getTime();
  if (now >= session.expiresAt || idleFor >= SESSION_IDLE_MS || user.status === "disabled") {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (idleFor >= TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
    session.lastSeenAt = now;
  }
  return { session, user };
}

/**
 * A new token for the same person, at login or a change of privilege (second factor passed):
 * the old session is deleted and a fresh one made, keeping the absolute end of the old one.
 */
export async function rotateSession(db: Executor, old: Session, oldToken: string, now: Date, meta: SessionMeta, changes: SessionSecrets = {}) {
  await db.delete(sessions).where(eq(sessions.id, old.id));
  // The 12-hour limit counts from the login, not from the rotation: rotating never extends it.
  const expiresAt = new Date(Math.min(old.expiresAt.getTime(), now.getTime() + SESSION_ABSOLUTE_MS));
  // The secrets move to the new token; the old token's wrapping goes with the old row.
  const carried = sessionSecrets(oldToken, old);
  return createSession(db, old.userId, now, meta, expiresAt, {
    privateKey: changes.privateKey !== undefined ? changes.privateKey : carried.privateKey,
    recoveryKey: changes.recoveryKey !== undefined ? changes.recoveryKey : carried.recoveryKey,
  });
}

/** The recovery key was shown and the person said they kept it: the session forgets it. */
export async function forgetSessionRecoveryKey(db: Executor, sessionId: string): Promise<void> {
  await db.update(sessions).set({ recoveryKeySealed: null }).where(eq(sessions.id, sessionId));
}

export async function invalidateSession(db: Executor, sessionId: string, userId?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(userId ? and(eq(sessions.id, sessionId), eq(sessions.userId, userId)) : eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Executor, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function listUserSessions(db: Executor, userId: string): Promise<Session[]> {
  return db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(sessions.createdAt);
}

/**
 * Deletes every session that validateSessionToken would refuse: past its absolute end, or idle for
 * SESSION_IDLE_MS (sessions still waiting for their second factor included); returns how many.
 */
export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(or(lte(sessions.expiresAt, now), lte(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))))
    .returning({ id: sessions.id });
  return deleted.length;
}
