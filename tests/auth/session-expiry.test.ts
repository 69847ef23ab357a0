import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "@db/schema";
import {
  createSession,
  deleteExpiredSessions,
  rotateSession,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  validateSessionToken,
} from "~/auth/session.server";
import { issueAuthToken } from "~/domain/staff/auth-tokens.server";
import { resetPassword } from "~/domain/staff/accounts.server";
import { testKeys } from "../setup/staff";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { createStaffUser } from "../setup/staff";

/**
 * Expiry beyond tests/auth/session.test.ts: the exact limits (docs/security.md: 30 idle minutes, 12 hours
 * at most), that a refused session's row is gone, that rotation (the second factor) never extends
 * the 12 hours, the clean-up job, and that a password reset ends every session of that person.
 */
describe("staff session expiry, against a real database", () => {
  let database: TestDatabase;
  let userId: string;
  let otherUserId: string;
  const start = new Date("2026-11-25T08:00:00Z");
  const at = (ms: number) => new Date(start.getTime() + ms);
  const minutes = (count: number) => count * 60_000;

  beforeAll(async () => {
    database = await createTestDatabase();
    userId = (await createStaffUser(database.db, { email: "expiry@trygg.test", roles: ["officer"] })).user.id;
    otherUserId = (await createStaffUser(database.db, { email: "bystander@trygg.test", roles: ["organizer"] })).user.id;
  });
  afterAll(async () => database?.close());

  const rowExists = async (id: string) => (await database.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, id))).length === 1;

  it("the limits are the documented ones", () => {
    expect(SESSION_IDLE_MS).toBe(minutes(30));
    expect(SESSION_ABSOLUTE_MS).toBe(minutes(12 * 60));
  });

  it("idle: valid one millisecond before 30 minutes, refused at 30, and the row is deleted", async () => {
    const live = await createSession(database.db, userId, start, { twoFactorVerified: true });
    const idle = await createSession(database.db, userId, start, { twoFactorVerified: true });
    expect(await validateSessionToken(database.db, live.token, at(SESSION_IDLE_MS - 1))).not.toBeNull();
    expect(await rowExists(idle.session.id)).toBe(true);
    expect(await validateSessionToken(database.db, idle.token, at(SESSION_IDLE_MS))).toBeNull();
    expect(await rowExists(idle.session.id)).toBe(false);
    // Going back in time does not revive it.
    expect(await validateSessionToken(database.db, idle.token, at(minutes(1)))).toBeNull();
  });

  it("a password-only (pending) session expires just the same", async () => {
    const pending = await createSession(database.db, userId, start, { twoFactorVerified: false });
    expect((await validateSessionToken(database.db, pending.token, at(minutes(29))))?.session.twoFactorVerified).toBe(false);
    // Activity at 29 minutes moved its idle clock; 31 idle minutes after that it is gone.
    expect(await validateSessionToken(database.db, pending.token, at(minutes(29 + 31)))).toBeNull();
    expect(await rowExists(pending.session.id)).toBe(false);
  });

  it("absolute: kept active, valid one millisecond before 12 hours, refused at 12 hours, and the row is deleted", async () => {
    const { token, session } = await createSession(database.db, userId, start, { twoFactorVerified: true });
    expect(session.expiresAt.getTime()).toBe(start.getTime() + SESSION_ABSOLUTE_MS);
    for (let minute = 25; minute < 12 * 60; minute += 25) {
      expect(await validateSessionToken(database.db, token, at(minutes(minute))), `at ${minute} min`).not.toBeNull();
    }
    expect(await validateSessionToken(database.db, token, at(SESSION_ABSOLUTE_MS - 1))).not.toBeNull();
    expect(await rowExists(session.id)).toBe(true);
    expect(await validateSessionToken(database.db, token, at(SESSION_ABSOLUTE_MS))).toBeNull();
    expect(await rowExists(session.id)).toBe(false);
  });

  it("rotation at the second factor keeps the 12-hour end of the login; it never extends it", async () => {
    const pending = await createSession(database.db, userId, start, { twoFactorVerified: false });
    const rotated = await rotateSession(database.db, pending.session, pending.token, at(minutes(20)), { twoFactorVerified: true });
    expect(rotated.session.expiresAt.getTime()).toBe(pending.session.expiresAt.getTime());
    for (let minute = 40; minute < 12 * 60; minute += 25) {
      expect(await validateSessionToken(database.db, rotated.token, at(minutes(minute))), `at ${minute} min`).not.toBeNull();
    }
    // 12 hours after the password step, not 12 hours after the code.
    expect(await validateSessionToken(database.db, rotated.token, at(SESSION_ABSOLUTE_MS))).toBeNull();
    expect(await rowExists(rotated.session.id)).toBe(false);
  });

  it("the clean-up deletes idle and expired rows and keeps live ones", async () => {
    await database.db.delete(sessions);
    const idle = await createSession(database.db, userId, start, { twoFactorVerified: true });
    const old = await createSession(database.db, userId, at(-SESSION_ABSOLUTE_MS + minutes(5)), { twoFactorVerified: true });
    // Active a minute ago, but its 12 hours ran out.
    await database.db.update(sessions).set({ lastSeenAt: at(minutes(40)) }).where(eq(sessions.id, old.session.id));
    const live = await createSession(database.db, userId, at(minutes(20)), { twoFactorVerified: true });
    await deleteExpiredSessions(database.db, at(minutes(41)));
    expect(await rowExists(idle.session.id)).toBe(false);
    expect(await rowExists(old.session.id)).toBe(false);
    expect(await rowExists(live.session.id)).toBe(true);
  });

  it("a password reset deletes every session of that person, and nobody else's", async () => {
    const now = new Date();
    const mine = [
      await createSession(database.db, userId, now, { twoFactorVerified: true }),
      await createSession(database.db, userId, now, { twoFactorVerified: false }),
    ];
    const theirs = await createSession(database.db, otherUserId, now, { twoFactorVerified: true });
    const token = await issueAuthToken(database.db, "password-reset", userId, now);
    expect(await resetPassword(database.db, testKeys, { token, password: "a brand new long passphrase 7" }, now, null)).toMatchObject({ ok: true });
    for (const session of mine) {
      expect(await rowExists(session.session.id)).toBe(false);
      expect(await validateSessionToken(database.db, session.token, now)).toBeNull();
    }
    expect(await validateSessionToken(database.db, theirs.token, now)).not.toBeNull();
  });
});
