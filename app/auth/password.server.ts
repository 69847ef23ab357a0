import { randomBytes, timingSafeEqual } from "node:crypto";
import { hashRaw, verify } from "@node-rs/argon2";
import { deriveKey } from "~/domain/sealing/aead.server";

// argon2id with OWASP's figures: 19 MiB, 2 passes, 1 lane.
const COST = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const RECORD_PREFIX = "tk1";

/**
 * What one argon2id run over a password gives: the verifier kept in the database, and a key that
 * unwraps the account's private key, kept nowhere. Both come from the same run through HKDF with
 * different labels, so login costs one argon2id run and the stored verifier says nothing of the key.
 */
export interface PasswordSecrets {
  /** "tk1$m$t$p$salt$verifier" (base64url parts): stored as users.password_hash. */
  record: string;
  wrapKey: Buffer;
}

async function run(password: string, salt: Buffer, cost = COST) {
  const raw = await hashRaw(password, { algorithm: 2, ...cost, salt, outputLen: 32 });
  return { verifier: deriveKey(raw, salt, "trygg password verifier"), wrapKey: deriveKey(raw, salt, "trygg account key wrap") };
}

export async function newPasswordSecrets(password: string): Promise<PasswordSecrets> {
  const salt = randomBytes(16);
  const { verifier, wrapKey } = await run(password, salt);
  const record = [RECORD_PREFIX, COST.memoryCost, COST.timeCost, COST.parallelism, salt.toString("base64url"), verifier.toString("base64url")].join("$");
  return { record, wrapKey };
}

export type PasswordCheck = { ok: false } | { ok: true; wrapKey: Buffer } | { ok: true; wrapKey: null; legacy: true };

/**
 * Checks a password against a stored record. Records from before sealing (argon2's own PHC
 * string) still verify, but give no key: the caller upgrades them while it has the password.
 */
export async function checkPassword(record: string, password: string): Promise<PasswordCheck> {
  if (record.startsWith("$argon2")) {
    try {
      return (await verify(record, password)) ? { ok: true, wrapKey: null, legacy: true } : { ok: false };
    } catch {
      return { ok: false };
    }
  }
  const [prefix, m, t, p, saltText, verifierText] = record.split("$");
  if (prefix !== RECORD_PREFIX || !saltText || !verifierText) return { ok: false };
  const { verifier, wrapKey } = await run(password, Buffer.from(saltText, "base64url"), { memoryCost: Number(m), timeCost: Number(t), parallelism: Number(p) });
  const stored = Buffer.from(verifierText, "base64url");
  return stored.length === verifier.length && timingSafeEqual(stored, verifier) ? { ok: true, wrapKey } : { ok: false };
}

/** The password's verifier only, for places that set a password without needing its key (tests). */
export async function hashPassword(password: string): Promise<string> {
  return (await newPasswordSecrets(password)).record;
}

export async function verifyPassword(record: string, password: string): Promise<boolean> {
  return (await checkPassword(record, password)).ok;
}

/**
 * The same argon2id work against a salt nobody knows: an unknown e-mail answers as slowly as a
 * wrong password.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  await run(password, randomBytes(16));
}
