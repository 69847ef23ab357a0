import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "@db/schema";
import { createSession, invalidateSession, invalidateUserSessions, rotateSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, validateSessionToken } from "~/auth/session.server";
import { hashToken } from "~/auth/tokens.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { createStaffUser } from "../setup/staff";

describe("staff sessions (Lucia's design)", () => {
  let database: TestDatabase;
  let userId: string;
  const start = new Date("2026-11-25T08:00:00Z");
  const at = (ms: number) => new Date(start.getTime() + ms);

  beforeAll(async () => {
    database = await createTestDatabase();
    userId = (await createStaffUser(database.db, { email: "s@trygg.test", roles: ["officer"] })).user.id;
  });
  afterAll(async () => database?.close());

  it("stores only the SHA-256 of the token, and the token has 160 random bits", async () => {
    const { token, session } = await createSession(database.db, userId, start, { twoFactorVerified: true });
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(session.id).toBe(hashToken(token));
    const rows = await database.db.select().from(sessions);
    expect(rows.some((row) => row.id === token)).toBe(false);
  });

  it("slides with activity and ends after 30 idle minutes", async () => {
    const { token } = await createSession(database.db, userId, start, { twoFactorVerified: true });
    expect(await validateSessionToken(database.db, token, at(SESSION_IDLE_MS - 60_000))).not.toBeNull();
    // Activity at 29 minutes moved the idle clock: 29 + 29 minutes is still fine.
    expect(await validateSessionToken(database.db, token, at(2 * SESSION_IDLE_MS - 120_000))).not.toBeNull();
    expect(await validateSessionToken(database.db, token, at(3 * SESSION_IDLE_MS))).toBeNull();
    // And once expired it is gone for good.
    expect(await validateSessionToken(database.db, token, at(2 * SESSION_IDLE_MS - 60_000))).toBeNull();
  });

  it("ends after 12 hours however active", async () => {
    const { token } = await createSession(database.db, userId, start, { twoFactorVerified: true });
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      expect(await validateSessionToken(database.db, token, at(minutes * 60_000)), `at ${minutes} min`).not.toBeNull();
    }
    expect(await validateSessionToken(database.db, token, at(SESSION_ABSOLUTE_MS))).toBeNull();
  });

  it("rotation gives a new token and kills the old one", async () => {
    const first = await createSession(database.db, userId, start, { twoFactorVerified: false });
    const rotated = await rotateSession(database.db, first.session, first.token, at(1000), { twoFactorVerified: true });
    expect(rotated.token).not.toBe(first.token);
    expect(await validateSessionToken(database.db, first.token, at(2000))).toBeNull();
    const now = await validateSessionToken(database.db, rotated.token, at(2000));
    expect(now?.session.twoFactorVerified).toBe(true);
  });

  it("logout deletes the row; log out everywhere deletes them all", async () => {
    const one = await createSession(database.db, userId, start, { twoFactorVerified: true });
    const two = await createSession(database.db, userId, start, { twoFactorVerified: true });
    await invalidateSession(database.db, one.session.id);
    expect(await validateSessionToken(database.db, one.token, at(1000))).toBeNull();
    expect(await validateSessionToken(database.db, two.token, at(1000))).not.toBeNull();
    await invalidateUserSessions(database.db, userId);
    expect(await validateSessionToken(database.db, two.token, at(1000))).toBeNull();
  });
});
