import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@db/schema";
import { totpCodeAt, totpStep } from "~/auth/totp.server";
import { confirmTotpEnrollment, LOCK_AFTER_FAILURES, loginWithPassword, pendingTotpSecret, requestPasswordReset, verifySecondFactor } from "~/domain/staff/accounts.server";
import { unlockUser } from "~/domain/staff/users.server";
import { mailsTo } from "../setup/outbox";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { createStaffUser, testKeyRing } from "../setup/staff";

describe("login, second factor and throttling", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("accepts the right password and gives the same answer for a wrong one and an unknown e-mail", async () => {
    await createStaffUser(database.db, { email: "ok@trygg.test", roles: ["officer"], password: "right password here" });
    const now = new Date("2026-11-25T09:00:00Z");
    expect((await loginWithPassword(database.db, { email: " OK@trygg.test ", password: "right password here", ip: "10.0.0.1" }, now)).ok).toBe(true);
    const wrong = await loginWithPassword(database.db, { email: "ok@trygg.test", password: "wrong password!", ip: "10.0.0.2" }, now);
    const unknown = await loginWithPassword(database.db, { email: "nobody@trygg.test", password: "wrong password!", ip: "10.0.0.3" }, now);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("refuses a TOTP code the second time, even within its window", async () => {
    const { user, secret } = await createStaffUser(database.db, { email: "totp@trygg.test", roles: ["officer"] });
    const now = new Date("2026-11-25T10:00:00Z");
    const code = totpCodeAt(secret, totpStep(now));
    expect(await verifySecondFactor(database.db, testKeyRing, { user, code, ip: null }, now)).toEqual({ ok: true });
    const [after] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(await verifySecondFactor(database.db, testKeyRing, { user: after!, code, ip: null }, new Date(now.getTime() + 5000))).toEqual({ ok: false, reason: "invalid" });
    // The previous step's code is older than the one used: refused too.
    const older = totpCodeAt(secret, totpStep(now) - 1);
    expect(await verifySecondFactor(database.db, testKeyRing, { user: after!, code: older, ip: null }, now)).toEqual({ ok: false, reason: "invalid" });
    // The next step's code is new: accepted.
    const next = totpCodeAt(secret, totpStep(now) + 1);
    expect(await verifySecondFactor(database.db, testKeyRing, { user: after!, code: next, ip: null }, new Date(now.getTime() + 30_000))).toEqual({ ok: true });
  });

  it("enrolls a pending secret with a first code and returns ten recovery codes, each usable once", async () => {
    const { user } = await createStaffUser(database.db, { email: "enroll@trygg.test", roles: ["organizer"] });
    await database.db.update(users).set({ totpEnrolledAt: null, totpSecret: null, status: "invited" }).where(eq(users.id, user.id));
    const [pending] = await database.db.select().from(users).where(eq(users.id, user.id));
    const secret = await pendingTotpSecret(database.db, testKeyRing, pending!);
    const [withSecret] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(await pendingTotpSecret(database.db, testKeyRing, withSecret!)).toEqual(secret);
    const now = new Date("2026-11-25T11:00:00Z");
    const result = await confirmTotpEnrollment(database.db, testKeyRing, { user: withSecret!, code: totpCodeAt(secret, totpStep(now)), ip: null }, now);
    const codes = result.ok ? result.recoveryCodes : undefined;
    expect(codes).toHaveLength(10);
    const [active] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(active?.status).toBe("active");
    const later = new Date(now.getTime() + 60_000);
    expect(await verifySecondFactor(database.db, testKeyRing, { user: active!, code: codes![3]!, ip: null }, later)).toEqual({ ok: true });
    expect(await verifySecondFactor(database.db, testKeyRing, { user: active!, code: codes![3]!, ip: null }, later)).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles enrolment codes like second-factor codes: after five wrong ones the right one waits out the delay", async () => {
    const { user } = await createStaffUser(database.db, { email: "enroll-throttle@trygg.test", roles: ["officer"] });
    await database.db.update(users).set({ totpEnrolledAt: null, totpSecret: null, status: "invited" }).where(eq(users.id, user.id));
    const [pending] = await database.db.select().from(users).where(eq(users.id, user.id));
    const secret = await pendingTotpSecret(database.db, testKeyRing, pending!);
    const [withSecret] = await database.db.select().from(users).where(eq(users.id, user.id));
    const now = new Date("2026-11-25T11:30:00Z");
    const right = totpCodeAt(secret, totpStep(now));
    const wrong = right === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await confirmTotpEnrollment(database.db, testKeyRing, { user: withSecret!, code: wrong, ip: null }, now)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await confirmTotpEnrollment(database.db, testKeyRing, { user: withSecret!, code: right, ip: null }, now)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 2 });
    const [stillPending] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(stillPending?.totpEnrolledAt).toBeNull();
    // The same key as the login's second factor: enrolment and login guesses add up.
    expect(await verifySecondFactor(database.db, testKeyRing, { user: withSecret!, code: wrong, ip: null }, now)).toMatchObject({ ok: false, reason: "throttled" });
    const later = new Date(now.getTime() + 2000);
    const enrolled = await confirmTotpEnrollment(database.db, testKeyRing, { user: withSecret!, code: right, ip: null }, later);
    expect(enrolled.ok && enrolled.recoveryCodes).toHaveLength(10);
    // Enrolled once: the same code again (a second request racing the first) gets no new codes.
    expect(await confirmTotpEnrollment(database.db, testKeyRing, { user: withSecret!, code: right, ip: null }, later)).toEqual({ ok: false, reason: "invalid" });
  });

  it("delays after five wrong passwords, per account, whatever the IP", async () => {
    await createStaffUser(database.db, { email: "slow@trygg.test", roles: ["officer"], password: "the right one!" });
    const now = new Date("2026-11-25T12:00:00Z");
    for (let attempt = 1; attempt <= 5; attempt++) {
      const result = await loginWithPassword(database.db, { email: "slow@trygg.test", password: "guess", ip: `10.1.0.${attempt}` }, now);
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const sixth = await loginWithPassword(database.db, { email: "slow@trygg.test", password: "the right one!", ip: "10.1.0.99" }, now);
    expect(sixth).toMatchObject({ ok: false, reason: "throttled" });
    const later = new Date(now.getTime() + 3000);
    expect((await loginWithPassword(database.db, { email: "slow@trygg.test", password: "the right one!", ip: "10.1.0.99" }, later)).ok).toBe(true);
  });

  it("throttles an unknown address exactly like a known one (no enumeration by 429)", async () => {
    await createStaffUser(database.db, { email: "known@trygg.test", roles: ["officer"], password: "known password 1" });
    const now = new Date("2026-11-25T15:00:00Z");
    const reasons = async (email: string, subnet: number) => {
      const seen: string[] = [];
      for (let attempt = 1; attempt <= 7; attempt++) {
        const result = await loginWithPassword(database.db, { email, password: "guess", ip: `10.5.${subnet}.${attempt}` }, now);
        seen.push(result.ok ? "ok" : result.reason);
      }
      return seen;
    };
    const known = await reasons("known@trygg.test", 1);
    expect(known.slice(0, 5)).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid"]);
    expect(known.at(-1)).toBe("throttled");
    expect(await reasons("unknown@trygg.test", 2)).toEqual(known);
  });

  it("sends at most three reset mails an hour to one address, and answers the same for an unknown one", async () => {
    await createStaffUser(database.db, { email: "reset@trygg.test", roles: ["officer"], password: "reset password 1" });
    const now = new Date("2026-11-25T16:00:00Z");
    for (let attempt = 0; attempt < 6; attempt++) {
      expect(await requestPasswordReset(database.db, { email: "reset@trygg.test", origin: "http://x", ip: `10.6.0.${attempt}` }, now)).toBeUndefined();
      expect(await requestPasswordReset(database.db, { email: "nobody.here@trygg.test", origin: "http://x", ip: `10.6.1.${attempt}` }, now)).toBeUndefined();
    }
    expect((await mailsTo(database.db, "reset@trygg.test")).filter((mail) => mail.template === "passwordReset")).toHaveLength(3);
    // One client asking for many addresses is limited too.
    for (let attempt = 0; attempt < 12; attempt++) await requestPasswordReset(database.db, { email: `someone${attempt}@trygg.test`, origin: "http://x", ip: "10.7.0.1" }, now);
    await createStaffUser(database.db, { email: "late@trygg.test", roles: ["officer"], password: "late password 12" });
    await requestPasswordReset(database.db, { email: "late@trygg.test", origin: "http://x", ip: "10.7.0.1" }, now);
    expect(await mailsTo(database.db, "late@trygg.test")).toHaveLength(0);
    // An hour later the address may ask again.
    await requestPasswordReset(database.db, { email: "reset@trygg.test", origin: "http://x", ip: "10.6.9.9" }, new Date(now.getTime() + 3_601_000));
    expect((await mailsTo(database.db, "reset@trygg.test")).filter((mail) => mail.template === "passwordReset")).toHaveLength(4);
  });

  it("throttles one IP guessing across many accounts", async () => {
    const now = new Date("2026-11-25T13:00:00Z");
    for (let attempt = 1; attempt <= 5; attempt++) {
      await loginWithPassword(database.db, { email: `victim${attempt}@trygg.test`, password: "guess", ip: "10.9.9.9" }, now);
    }
    expect(await loginWithPassword(database.db, { email: "ok@trygg.test", password: "right password here", ip: "10.9.9.9" }, now)).toMatchObject({ reason: "throttled" });
  });

  it(`locks the account after ${LOCK_AFTER_FAILURES} failures within an hour, and writes it to the audit log`, async () => {
    const { user } = await createStaffUser(database.db, { email: "locked@trygg.test", roles: ["officer"], password: "the right one!" });
    let now = new Date("2026-11-25T14:00:00Z");
    for (let attempt = 0; attempt < LOCK_AFTER_FAILURES; attempt++) {
      const result = await loginWithPassword(database.db, { email: "locked@trygg.test", password: `guess ${attempt}`, ip: `10.2.${attempt >> 8}.${attempt & 255}` }, now);
      expect(result.ok).toBe(false);
      // Wait out the delay, as a patient guesser would.
      now = new Date(now.getTime() + 31_000);
      if (result.ok === false && result.reason === "throttled") throw new Error("waited too little");
    }
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lockedAt).toBeInstanceOf(Date);
    // Locked, the right password gets exactly the answer of a wrong one: no oracle.
    const later = new Date(now.getTime() + 60_000);
    const right = await loginWithPassword(database.db, { email: "locked@trygg.test", password: "the right one!", ip: "10.3.0.1" }, later);
    const wrong = await loginWithPassword(database.db, { email: "locked@trygg.test", password: "not it at all", ip: "10.3.0.2" }, new Date(later.getTime() + 60_000));
    expect(right).toEqual({ ok: false, reason: "invalid" });
    expect(wrong).toEqual(right);
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.action, "user.locked"));
    expect(entries).toHaveLength(1);
    // The owner is told by mail what ends the lock, with the reset page's link.
    const [mail] = await mailsTo(database.db, "locked@trygg.test");
    expect(mail?.subject).toBe("Din Trygg-konto er låst");
    expect(mail?.text).toContain("administrator");
    expect(mail?.text).toMatch(/\/da\/staff\/password-reset/);
    // An administrator's unlock lets the right password in again.
    await unlockUser(database.db, user.id, { userId: user.id, ip: null });
    expect((await loginWithPassword(database.db, { email: "locked@trygg.test", password: "the right one!", ip: "10.3.0.3" }, new Date(later.getTime() + 120_000))).ok).toBe(true);
  }, 60_000);

  it("keeps the audit log append-only", async () => {
    await expect(database.db.update(auditLog).set({ action: "tampered" })).rejects.toThrow();
    await expect(database.db.delete(auditLog)).rejects.toThrow();
  });
});
