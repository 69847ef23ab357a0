import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { users, type StaffRole, type User } from "@db/schema";
import { burnPasswordCheck, checkPassword, newPasswordSecrets } from "~/auth/password.server";
import { consumeRecoveryCode, replaceRecoveryCodes } from "~/auth/recovery-codes.server";
import { throttleClientKey } from "~/auth/client-key";
import { checkThrottle, clearThrottle, recordFailure, type ThrottlePolicy } from "~/auth/throttle.server";
import { hashToken } from "~/auth/tokens.server";
import { mailOrigin } from "~/mail/origin.server";
import { decodeTotpSecret, encodeTotpSecret, generateTotpSecret, verifyTotp } from "~/auth/totp.server";
import type { KeyRing } from "~/domain/sealing/server-key.server";
import { openWithPassword, openWithRecoveryKey, wrapForPassword } from "~/domain/sealing/account-keys.server";
import { giveAccountKeys, replaceAccountKeys } from "~/domain/sealing/keyholders.server";
import { openTotpSecret, sealTotpSecret } from "~/domain/sealing/server-sealed.server";
import type { SealingKeys } from "~/domain/sealing/unit-keys.server";
import { getSealingKeys } from "~/encryption-keys.server";
import { recordAudit } from "~/domain/audit.server";
import { isLocale, type Locale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";
import { consumeAuthToken, findAuthToken, issueAuthToken } from "./auth-tokens.server";

/** docs/security.md: at most 100 failures per hour per account, then locked until unlocked. */
export const LOCK_AFTER_FAILURES = 100;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export class EmailTakenError extends Error {}

/** Invites a person: the account (no password yet), a 7-day link by mail, an audit entry. */
export async function inviteStaff(
  db: Executor,
  input: { email: string; name: string; roles: StaffRole[]; locale: Locale; invitedBy: string; origin: string; ip?: string | null },
  now: Date,
): Promise<User> {
  return db.transaction(async (tx) => {
    const email = normalizeEmail(input.email);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new EmailTakenError(email);
    const [user] = await tx
      .insert(users)
      .values({ email, name: input.name.trim(), roles: input.roles, locale: input.locale, status: "invited" })
      .returning();
    const token = await issueAuthToken(tx, "invite", user!.id, now);
    await enqueueMail(tx, {
      now,
      to: email,
      locale: input.locale,
      idempotencyKey: `invite:${user!.id}:${token.slice(0, 8)}`,
      message: { kind: "invite", name: user!.name, link: `${input.origin}/${input.locale}/staff/invite/${token}` },
    });
    await recordAudit(tx, {
      actorUserId: input.invitedBy,
      action: "user.invited",
      subjectType: "user",
      subjectId: user!.id,
      ip: input.ip,
      details: { roles: input.roles },
    });
    return user!;
  });
}

/**
 * Sets the invitee's password from a valid invitation link and gives the account its key pair;
 * returns the user with the private key (for the session) and the recovery key to show once.
 */
export async function acceptInvite(db: Executor, keys: SealingKeys, token: string, password: string, now: Date) {
  const secrets = await newPasswordSecrets(password);
  return db.transaction(async (tx) => {
    const used = await consumeAuthToken(tx, "invite", token, now);
    if (!used) return undefined;
    const [user] = await tx
      .update(users)
      .set({ passwordHash: secrets.record, updatedAt: now })
      .where(and(eq(users.id, used.userId), eq(users.status, "invited")))
      .returning();
    if (!user) return undefined;
    const accountKeys = await giveAccountKeys(tx, keys, user, secrets.wrapKey, now);
    await recordAudit(tx, { actorUserId: user.id, action: "user.invite-accepted", subjectType: "user", subjectId: user.id });
    await recordAudit(tx, { actorUserId: user.id, action: "user.keys-created", subjectType: "user", subjectId: user.id, details: { reason: "invitation" } });
    return { user, privateKey: accountKeys.privateKey, recoveryKey: accountKeys.recoveryKey };
  });
}

export type LoginResult =
  | { ok: true; user: User; privateKey: Buffer; recoveryKey: string | null }
  | { ok: false; reason: "invalid" | "locked" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks e-mail and password, throttled per account and per IP. An unknown e-mail costs the
 * same password check and gives the same answer as a wrong password.
 */
export async function loginWithPassword(
  db: Executor,
  input: { email: string; password: string; ip: string | null },
  now: Date,
  keys: SealingKeys = getSealingKeys(),
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const ipKey = `login:ip:${throttleClientKey(input.ip)}`;
  // Counted by the address typed, whether or not an account has it: a known address must not
  // start answering 429 while an unknown one never does.
  const addressKey = addressThrottleKey("login", email);
  const [user] = await db.select().from(users).where(eq(users.email, email));

  for (const key of [ipKey, addressKey]) {
    const state = await checkThrottle(db, key, now);
    if (!state.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: state.retryAfterSeconds };
  }

  const check = user?.passwordHash ? await checkPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), { ok: false as const });
  const passwordOk = check.ok;

  if (!user || !passwordOk || user.status === "disabled") {
    await recordFailure(db, ipKey, now);
    const failures = await recordFailure(db, addressKey, now);
    if (user) await lockAfterTooMany(db, user, failures, now);
    await recordAudit(db, { actorUserId: user?.id ?? null, actorLabel: email.slice(0, 200), action: "login.failed", ip: input.ip });
    return { ok: false, reason: "invalid" };
  }
  if (user.lockedAt) {
    // Exactly the answer of a wrong password: a locked account must not confirm a right one.
    await recordAudit(db, { actorUserId: user.id, action: "login.refused-locked", ip: input.ip });
    return { ok: false, reason: "invalid" };
  }
  await clearThrottle(db, addressKey);
  const opened = await accountKeyAtLogin(db, keys, user, input.password, check.ok ? check.wrapKey : null, now);
  await recordAudit(db, { actorUserId: user.id, action: "login.password-ok", ip: input.ip });
  return { ok: true, user: opened.user, privateKey: opened.privateKey, recoveryKey: opened.recoveryKey };
}

/**
 * The account's private key from the password's key. An account from before sealing (an old
 * password record, or no key pair) is upgraded here, while the password is at hand: a new record,
 * a key pair, and a recovery key to show.
 */
async function accountKeyAtLogin(db: Executor, keys: SealingKeys, user: User, password: string, wrapKey: Buffer | null, now: Date) {
  if (wrapKey && user.publicKey) return { user, privateKey: openWithPassword(user, wrapKey), recoveryKey: null };
  const secrets = wrapKey ? { record: user.passwordHash!, wrapKey } : await newPasswordSecrets(password);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: secrets.record, updatedAt: now }).where(eq(users.id, user.id));
    const made = await giveAccountKeys(tx, keys, user, secrets.wrapKey, now);
    await recordAudit(tx, { actorUserId: user.id, action: "user.keys-created", subjectType: "user", subjectId: user.id, details: { reason: "first-login-after-sealing" } });
    const [fresh] = await tx.select().from(users).where(eq(users.id, user.id));
    return { user: fresh!, privateKey: made.privateKey, recoveryKey: made.recoveryKey };
  });
}

/** The counter of an account's failed logins (and so of its lock). */
export const loginThrottleKey = (email: string) => addressThrottleKey("login", normalizeEmail(email));

/** A throttle key for what someone typed as their address: hashed, so the table keeps no unknown addresses. */
function addressThrottleKey(purpose: "login" | "reset", email: string): string {
  return `${purpose}:address:${hashToken(email)}`;
}

/**
 * After LOCK_AFTER_FAILURES wrong passwords in an hour the account locks, and its owner is told by
 * mail what ends the lock: an administrator's unlock (access to reports stays) or a password reset
 * (which, without the recovery key, costs that access until colleagues grant it again).
 */
async function lockAfterTooMany(db: Executor, user: User, failures: number, now: Date) {
  if (failures < LOCK_AFTER_FAILURES || user.lockedAt) return;
  await db.transaction(async (tx) => {
    await tx.update(users).set({ lockedAt: now }).where(eq(users.id, user.id));
    await recordAudit(tx, { actorUserId: user.id, action: "user.locked", subjectType: "user", subjectId: user.id, details: { failures } });
    const locale = (isLocale(user.locale) ? user.locale : "da") as Locale;
    await enqueueMail(tx, {
      now,
      to: user.email,
      locale,
      idempotencyKey: `account-locked:${user.id}:${now.getTime()}`,
      message: { kind: "accountLocked", link: `${mailOrigin()}/${locale}/staff/password-reset` },
    });
  });
}

export type SecondFactorResult = { ok: true } | { ok: false; reason: "invalid" | "locked" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks a TOTP code (each accepted once: the step is recorded atomically) or a recovery code,
 * throttled per account.
 */
export async function verifySecondFactor(
  db: Executor,
  ring: KeyRing,
  input: { user: User; code: string; ip: string | null },
  now: Date,
): Promise<SecondFactorResult> {
  const { user } = input;
  const key = `2fa:account:${user.id}`;
  if (user.lockedAt) return { ok: false, reason: "locked" };
  const state = await checkThrottle(db, key, now);
  if (!state.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: state.retryAfterSeconds };

  let ok = false;
  let method = "totp";
  const cleaned = input.code.trim();
  if (/^\d{6}$/.test(cleaned.replace(/\s/g, "")) && user.totpSecret) {
    const secret = decodeTotpSecret(openTotpSecret(ring, user.id, user.totpSecret));
    const step = verifyTotp(secret, cleaned, now, user.totpLastStep);
    if (step !== undefined) {
      // Only one request can move the step forward: a replayed code finds it taken.
      const moved = await db
        .update(users)
        .set({ totpLastStep: step })
        .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
        .returning({ id: users.id });
      ok = moved.length === 1;
    }
  } else {
    method = "recovery-code";
    ok = await consumeRecoveryCode(db, user.id, cleaned, now);
  }

  if (!ok) {
    // Second-factor failures count towards the account's lock like wrong passwords.
    await lockAfterTooMany(db, user, await recordFailure(db, addressThrottleKey("login", user.email), now), now);
    await recordFailure(db, key, now);
    await recordAudit(db, { actorUserId: user.id, action: "login.second-factor-failed", ip: input.ip, details: { method } });
    return { ok: false, reason: "invalid" };
  }
  await clearThrottle(db, key);
  await recordAudit(db, { actorUserId: user.id, action: "login.succeeded", ip: input.ip, details: { method } });
  return { ok: true };
}

/** The TOTP secret being enrolled: made once and kept (encrypted) until confirmed. */
export async function pendingTotpSecret(db: Executor, ring: KeyRing, user: User): Promise<Uint8Array> {
  if (user.totpSecret && !user.totpEnrolledAt) {
    return decodeTotpSecret(openTotpSecret(ring, user.id, user.totpSecret));
  }
  const secret = generateTotpSecret();
  await db
    .update(users)
    .set({ totpSecret: sealTotpSecret(ring, user.id, encodeTotpSecret(secret)), totpEnrolledAt: null, totpLastStep: null })
    .where(eq(users.id, user.id));
  return secret;
}

export type EnrollmentResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Confirms enrollment with a first code: the account becomes active; returns the recovery codes.
 * Throttled per account like the second factor at login (the same key), so the six digits cannot
 * be guessed here instead.
 */
export async function confirmTotpEnrollment(
  db: Executor,
  ring: KeyRing,
  input: { user: User; code: string; ip: string | null },
  now: Date,
): Promise<EnrollmentResult> {
  const { user } = input;
  const key = `2fa:account:${user.id}`;
  if (!user.totpSecret || user.totpEnrolledAt) return { ok: false, reason: "invalid" };
  const state = await checkThrottle(db, key, now);
  if (!state.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: state.retryAfterSeconds };
  const secret = decodeTotpSecret(openTotpSecret(ring, user.id, user.totpSecret));
  const step = verifyTotp(secret, input.code, now, null);
  if (step === undefined) {
    await recordFailure(db, key, now);
    return { ok: false, reason: "invalid" };
  }
  const recoveryCodes = await db.transaction(async (tx) => {
    // Only one request enrolls: the same code sent twice at once finds the account enrolled.
    const enrolled = await tx
      .update(users)
      .set({ totpEnrolledAt: now, totpLastStep: step, status: "active", updatedAt: now })
      .where(and(eq(users.id, user.id), isNull(users.totpEnrolledAt)))
      .returning({ id: users.id });
    if (enrolled.length === 0) return undefined;
    const codes = await replaceRecoveryCodes(tx, user.id);
    await recordAudit(tx, { actorUserId: user.id, action: "user.totp-enrolled", subjectType: "user", subjectId: user.id, ip: input.ip });
    return codes;
  });
  if (!recoveryCodes) return { ok: false, reason: "invalid" };
  await clearThrottle(db, key);
  return { ok: true, recoveryCodes };
}

/** Sends a 30-minute reset link when the address belongs to an account; silent otherwise. */
/** Reset requests counted per hour: 3 per address, 10 per client (each request counts, sent or not). */
const resetPerAddress: ThrottlePolicy = { freeFailures: 3, baseDelaySeconds: 3600, maxDelaySeconds: 3600, windowSeconds: 3600 };
const resetPerClient: ThrottlePolicy = { freeFailures: 10, baseDelaySeconds: 3600, maxDelaySeconds: 3600, windowSeconds: 3600 };

export async function requestPasswordReset(db: Executor, input: { email: string; origin: string; ip: string | null }, now: Date) {
  const email = normalizeEmail(input.email);
  // At most a few reset mails per address and per client an hour; the page answers the same either way.
  const limits: Array<[string, ThrottlePolicy]> = [
    [addressThrottleKey("reset", email), resetPerAddress],
    [`reset:client:${throttleClientKey(input.ip)}`, resetPerClient],
  ];
  for (const [key, policy] of limits) if (!(await checkThrottle(db, key, now, policy)).allowed) return;
  for (const [key, policy] of limits) await recordFailure(db, key, now, policy);
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user || user.status === "disabled" || !user.passwordHash) return;
  await db.transaction(async (tx) => {
    const token = await issueAuthToken(tx, "password-reset", user.id, now);
    const locale = user.locale as Locale;
    await enqueueMail(tx, {
      now,
      to: user.email,
      locale,
      idempotencyKey: `password-reset:${user.id}:${token.slice(0, 8)}`,
      message: { kind: "passwordReset", link: `${input.origin}/${locale}/staff/password-reset/${token}` },
    });
    await recordAudit(tx, { actorUserId: user.id, action: "user.password-reset-requested", ip: input.ip });
  });
}

export type ResetResult =
  | { ok: false; reason: "link" | "recoveryKey" }
  /** `recoveryKey`: the new one to show, when the account got a new key pair (access must be granted again). */
  | { ok: true; keptKeys: boolean; recoveryKey: string | null };

/**
 * Sets a new password from a reset link: unlocks the account and ends all its sessions. With the
 * recovery key the account keeps its key pair, and so its access; without it, it gets a new key
 * pair and colleagues grant the unit keys again (a wrong recovery key changes nothing).
 */
export async function resetPassword(
  db: Executor,
  keys: SealingKeys,
  input: { token: string; password: string; recoveryKey?: string | null },
  now: Date,
  ip: string | null,
): Promise<ResetResult> {
  const secrets = await newPasswordSecrets(input.password);
  // A wrong recovery key must not cost the person their access: it is checked before anything
  // changes, and the link stays usable.
  const link = await findAuthToken(db, "password-reset", input.token, now);
  if (!link) return { ok: false, reason: "link" };
  if (input.recoveryKey) {
    const [holder] = await db.select().from(users).where(eq(users.id, link.userId));
    if (!holder || !openWithRecoveryKey(holder, input.recoveryKey)) return { ok: false, reason: "recoveryKey" };
  }
  return db.transaction(async (tx) => {
    const used = await consumeAuthToken(tx, "password-reset", input.token, now);
    if (!used) return { ok: false as const, reason: "link" as const };
    const [user] = await tx.select().from(users).where(eq(users.id, used.userId)).for("update");
    if (!user) return { ok: false as const, reason: "link" as const };
    let result: ResetResult;
    if (input.recoveryKey) {
      const privateKey = openWithRecoveryKey(user, input.recoveryKey);
      if (!privateKey) throw new Error("The recovery key stopped matching during the reset");
      await tx.update(users).set({ passwordHash: secrets.record, privateKeyByPassword: wrapForPassword(user.id, user.publicKey!, privateKey, secrets.wrapKey) }).where(eq(users.id, user.id));
      await recordAudit(tx, { actorUserId: user.id, action: "user.keys-recovered", subjectType: "user", subjectId: user.id, ip });
      result = { ok: true, keptKeys: true, recoveryKey: null };
    } else {
      await tx.update(users).set({ passwordHash: secrets.record }).where(eq(users.id, user.id));
      const made = await replaceAccountKeys(tx, keys, user, secrets.wrapKey, now);
      await recordAudit(tx, { actorUserId: user.id, action: "user.keys-replaced", subjectType: "user", subjectId: user.id, ip, details: { hadKeys: user.publicKey ? 1 : 0 } });
      result = { ok: true, keptKeys: false, recoveryKey: made.recoveryKey };
    }
    await tx.update(users).set({ lockedAt: null, updatedAt: now }).where(eq(users.id, user.id));
    await tx.execute(sql`delete from sessions where user_id = ${user.id}`);
    await clearThrottle(tx, loginThrottleKey(user.email));
    await clearThrottle(tx, `2fa:account:${user.id}`);
    await recordAudit(tx, { actorUserId: user.id, action: "user.password-reset", ip });
    return result;
  });
}

/**
 * A deployment without demo data starts with no staff at all. With BOOTSTRAP_ADMIN_EMAIL set and
 * no user yet, the first administrator is invited; the link is returned so start-up can print it.
 */
export async function bootstrapAdministrator(db: Executor, email: string, origin: string, now: Date): Promise<string | undefined> {
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(users)) as [{ count: number }];
  if (Number(count) > 0) return undefined;
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: normalizeEmail(email), name: "Administrator", roles: ["administrator"], locale: "da", status: "invited" })
      .returning();
    const token = await issueAuthToken(tx, "invite", user!.id, now);
    await recordAudit(tx, { actorLabel: "system", action: "user.bootstrap-invited", subjectType: "user", subjectId: user!.id });
    return `${origin}/da/staff/invite/${token}`;
  });
}

/** The language a staff member's mail comes in (with links to pages in it): theirs to choose. */
export async function setMailLocale(db: Executor, userId: string, locale: Locale, ip: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ locale }).where(eq(users.id, userId));
    await recordAudit(tx, { actorUserId: userId, action: "account.mail-language", subjectType: "user", subjectId: userId, ip, details: { locale } });
  });
}
