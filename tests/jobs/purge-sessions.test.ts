import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "@db/schema";
import { createSession, SESSION_IDLE_MS, validateSessionToken } from "~/auth/session.server";
import { purgeExpiredSessions } from "~/jobs/purge-sessions.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { createStaffUser } from "../setup/staff";

describe("the expired-sessions job", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("deletes expired and idle sessions, those waiting for the second factor too, and keeps the live ones", async () => {
    const { user } = await createStaffUser(database.db, { email: "sessions@trygg.test", roles: ["officer"] });
    const now = new Date("2026-11-25T12:00:00Z");
    const minutes = (count: number) => new Date(now.getTime() - count * 60_000);
    const hours = (count: number) => new Date(now.getTime() + count * 3_600_000);
    // createSession(db, user, created/last seen at, meta, absolute end)
    const make = (lastSeen: Date, expiresAt: Date, twoFactorVerified: boolean) => createSession(database.db, user.id, lastSeen, { twoFactorVerified }, expiresAt);
    const gone = {
      pastItsEnd: await make(minutes(5), minutes(1), true),
      endingNow: await make(minutes(5), now, true),
      idle: await make(new Date(now.getTime() - SESSION_IDLE_MS), hours(6), true),
      pendingPastItsEnd: await make(minutes(5), minutes(1), false),
      pendingIdle: await make(minutes(45), hours(6), false),
    };
    const kept = {
      live: await make(minutes(1), hours(6), true),
      almostIdle: await make(new Date(now.getTime() - SESSION_IDLE_MS + 1000), hours(6), true),
      pendingLive: await make(minutes(2), hours(6), false),
    };

    expect(await purgeExpiredSessions(database.db, now)).toEqual({ deleted: 5, reporterVisits: 0, diaryVisits: 0 });
    const left = (await database.db.select({ id: sessions.id }).from(sessions)).map((row) => row.id).sort();
    expect(left).toEqual(Object.values(kept).map((made) => made.session.id).sort());
    // What the job keeps, the login still accepts (the two agree on what "expired" means).
    for (const [name, made] of Object.entries(kept)) expect(await validateSessionToken(database.db, made.token, now), name).not.toBeNull();
    for (const made of Object.values(gone)) expect(await validateSessionToken(database.db, made.token, now)).toBeNull();
    // Nothing left to do on the next run.
    expect(await purgeExpiredSessions(database.db, now)).toEqual({ deleted: 0, reporterVisits: 0, diaryVisits: 0 });
  });
});
