import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { throttles } from "@db/schema";
import { checkThrottle, clearThrottle, loginPolicy, recordFailure, type ThrottlePolicy } from "~/auth/throttle.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";

/**
 * The failure throttle on its own, on a real database and an explicit clock: five free failures,
 * then a delay from the last failure that doubles up to 30 s, all counted in an hour's window
 * from the first failure.
 */
describe("the failure throttle", () => {
  let database: TestDatabase;
  const start = new Date("2026-11-25T08:00:00Z");
  const at = (ms: number) => new Date(start.getTime() + ms);
  const seconds = (count: number) => count * 1000;
  let keys = 0;
  const freshKey = () => `test:${++keys}`;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  const fail = async (key: string, times: number, when = start, policy = loginPolicy) => {
    let count = 0;
    for (let index = 0; index < times; index++) count = await recordFailure(database.db, key, when, policy);
    return count;
  };

  it("has the documented login policy", () => {
    expect(loginPolicy).toEqual({ freeFailures: 5, baseDelaySeconds: 2, maxDelaySeconds: 30, windowSeconds: 3600 });
  });

  it("allows a key it has never seen", async () => {
    expect(await checkThrottle(database.db, freshKey(), start)).toEqual({ allowed: true, retryAfterSeconds: 0, failures: 0 });
  });

  it("counts failures, and allows the first five without delay", async () => {
    const key = freshKey();
    for (let count = 1; count <= 4; count++) {
      expect(await recordFailure(database.db, key, start)).toBe(count);
      expect(await checkThrottle(database.db, key, start)).toEqual({ allowed: true, retryAfterSeconds: 0, failures: count });
    }
    expect(await recordFailure(database.db, key, start)).toBe(5);
    // The fifth failure starts the delay: the sixth try waits 2 s.
    expect(await checkThrottle(database.db, key, start)).toEqual({ allowed: false, retryAfterSeconds: 2, failures: 5 });
  });

  it("the delay runs from the last failure and ends exactly on time", async () => {
    const key = freshKey();
    await fail(key, 5);
    expect(await checkThrottle(database.db, key, at(1))).toEqual({ allowed: false, retryAfterSeconds: 2, failures: 5 });
    expect(await checkThrottle(database.db, key, at(1001))).toEqual({ allowed: false, retryAfterSeconds: 1, failures: 5 });
    expect((await checkThrottle(database.db, key, at(seconds(2) - 1))).allowed).toBe(false);
    expect(await checkThrottle(database.db, key, at(seconds(2)))).toEqual({ allowed: true, retryAfterSeconds: 0, failures: 5 });
  });

  it("doubles the delay with each further failure, up to 30 s", async () => {
    const key = freshKey();
    await fail(key, 5);
    const delays: number[] = [];
    for (let failures = 6; failures <= 11; failures++) {
      await recordFailure(database.db, key, start);
      delays.push((await checkThrottle(database.db, key, start)).retryAfterSeconds);
    }
    expect(delays).toEqual([4, 8, 16, 30, 30, 30]);
  });

  it("counts in a window from the first failure; one millisecond past it, the count starts again", async () => {
    const window = seconds(loginPolicy.windowSeconds);
    const key = freshKey();
    await fail(key, 7);
    // At the very end of the window the failures still count (the delay itself is long over).
    expect(await checkThrottle(database.db, key, at(window))).toEqual({ allowed: true, retryAfterSeconds: 0, failures: 7 });
    expect(await checkThrottle(database.db, key, at(window + 1))).toEqual({ allowed: true, retryAfterSeconds: 0, failures: 0 });
    // A failure inside the window adds to it; one after it starts a new window at one.
    const inside = freshKey();
    await fail(inside, 3);
    expect(await recordFailure(database.db, inside, at(window))).toBe(4);
    expect(await recordFailure(database.db, key, at(window + 1))).toBe(1);
    const [row] = await database.db.select().from(throttles).where(eq(throttles.key, key));
    expect(row?.windowStartedAt.getTime()).toBe(window + 1 + start.getTime());
    expect(row?.lastFailureAt.getTime()).toBe(window + 1 + start.getTime());
  });

  it("a failure late in the window does not move the window's start", async () => {
    const key = freshKey();
    await recordFailure(database.db, key, start);
    await fail(key, 5, at(seconds(3000)));
    const [row] = await database.db.select().from(throttles).where(eq(throttles.key, key));
    expect(row?.windowStartedAt.getTime()).toBe(start.getTime());
    expect(row?.lastFailureAt.getTime()).toBe(at(seconds(3000)).getTime());
    // Six failures: a 4 s delay from the last one, then the window (from the first) ends at 3600 s.
    expect(await checkThrottle(database.db, key, at(seconds(3001)))).toEqual({ allowed: false, retryAfterSeconds: 3, failures: 6 });
    expect((await checkThrottle(database.db, key, at(seconds(3600) + 1))).failures).toBe(0);
  });

  it("keeps keys apart, including keys that differ only in case or by a prefix", async () => {
    const base = freshKey();
    await fail(`${base}:a@trygg.test`, 6);
    expect((await checkThrottle(database.db, `${base}:a@trygg.test`, start)).allowed).toBe(false);
    for (const other of [`${base}:A@trygg.test`, `${base}:a@trygg.test `, `${base}:a@trygg.tes`, `${base}:a@trygg.test:x`, base]) {
      expect(await checkThrottle(database.db, other, start), JSON.stringify(other)).toEqual({ allowed: true, retryAfterSeconds: 0, failures: 0 });
    }
  });

  it("counts many keys at once, and concurrent failures on one key without losing any", async () => {
    const base = freshKey();
    const many = Array.from({ length: 200 }, (_, index) => `${base}:${index}`);
    await Promise.all(many.map((key, index) => fail(key, (index % 7) + 1)));
    const states = await Promise.all(many.map((key) => checkThrottle(database.db, key, start)));
    expect(states.map((state) => state.failures)).toEqual(many.map((_, index) => (index % 7) + 1));
    expect(states.filter((state) => !state.allowed)).toHaveLength(many.filter((_, index) => (index % 7) + 1 >= 5).length);

    const shared = `${base}:shared`;
    const counts = await Promise.all(Array.from({ length: 25 }, () => recordFailure(database.db, shared, start)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
  });

  it("takes odd keys as plain data", async () => {
    for (const key of ["'; drop table throttles; --", "ключ", "🙂", "x".repeat(5000), ""]) {
      expect(await recordFailure(database.db, key, start), JSON.stringify(key.slice(0, 10))).toBe(1);
      expect((await checkThrottle(database.db, key, start)).failures).toBe(1);
    }
    expect((await database.db.select().from(throttles)).length).toBeGreaterThan(5);
  });

  it("clearing a key forgets it, and only it", async () => {
    const key = freshKey();
    const neighbour = freshKey();
    await fail(key, 8);
    await fail(neighbour, 8);
    await clearThrottle(database.db, key);
    expect(await checkThrottle(database.db, key, start)).toEqual({ allowed: true, retryAfterSeconds: 0, failures: 0 });
    expect(await recordFailure(database.db, key, start)).toBe(1);
    expect((await checkThrottle(database.db, neighbour, start)).failures).toBe(8);
  });

  it("follows another policy: its free failures, base delay, cap and window", async () => {
    const policy: ThrottlePolicy = { freeFailures: 2, baseDelaySeconds: 10, maxDelaySeconds: 25, windowSeconds: 60 };
    const key = freshKey();
    await fail(key, 1, start, policy);
    expect((await checkThrottle(database.db, key, start, policy)).allowed).toBe(true);
    await fail(key, 1, start, policy);
    expect(await checkThrottle(database.db, key, start, policy)).toEqual({ allowed: false, retryAfterSeconds: 10, failures: 2 });
    await fail(key, 1, start, policy);
    expect((await checkThrottle(database.db, key, start, policy)).retryAfterSeconds).toBe(20);
    await fail(key, 1, start, policy);
    expect((await checkThrottle(database.db, key, start, policy)).retryAfterSeconds).toBe(25);
    expect((await checkThrottle(database.db, key, at(seconds(60) + 1), policy)).failures).toBe(0);
    // The same row read under the login policy: four failures are still free there.
    expect((await checkThrottle(database.db, key, start)).allowed).toBe(true);
  });
});
