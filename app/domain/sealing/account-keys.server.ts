import { randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { aeadOpen, aeadSeal, deriveKey, SealError } from "./aead.server";
import { decodeKey, encodeKey, newKeyPair, publicKeyOf, type KeyPair } from "./boxes.server";

/**
 * A staff account's key pair. The public key is stored as it is; the private key only wrapped:
 * by the key from the password (see password.server.ts) and by the recovery key that only the
 * person keeps. Unit keys are sealed to the public key.
 */
export interface AccountKeyColumns {
  publicKey: string;
  privateKeyByPassword: string;
  privateKeyByRecovery: string;
}

const passwordContext = (userId: string, publicKey: string) => `account-key:password:${userId}:${publicKey}`;
const recoveryContext = (userId: string, publicKey: string) => `account-key:recovery:${userId}:${publicKey}`;

/** "ABCD-EFGH-…": 256 random bits in 13 groups of base32, to print and keep. */
export function newRecoveryKey(): string {
  return encodeBase32UpperCaseNoPadding(randomBytes(32)).match(/.{1,4}/g)!.join("-");
}

function recoveryWrapKey(recoveryKey: string, userId: string): Buffer | undefined {
  const cleaned = recoveryKey.toUpperCase().replace(/[^A-Z2-7]/g, "");
  if (cleaned.length !== 52) return undefined;
  try {
    return deriveKey(decodeBase32IgnorePadding(cleaned), userId, "trygg recovery wrap");
  } catch {
    return undefined;
  }
}

const wrap = (key: Uint8Array, secret: Uint8Array, context: string) => aeadSeal(key, secret, context).toString("base64url");

/** A new key pair for an account, wrapped for the password's key and a new recovery key (returned once). */
export function createAccountKeys(userId: string, passwordWrapKey: Uint8Array): { columns: AccountKeyColumns; recoveryKey: string; privateKey: Buffer } {
  const pair = newKeyPair();
  const publicKey = encodeKey(pair.publicKey);
  const recoveryKey = newRecoveryKey();
  return {
    columns: {
      publicKey,
      privateKeyByPassword: wrap(passwordWrapKey, pair.privateKey, passwordContext(userId, publicKey)),
      privateKeyByRecovery: wrap(recoveryWrapKey(recoveryKey, userId)!, pair.privateKey, recoveryContext(userId, publicKey)),
    },
    recoveryKey,
    privateKey: Buffer.from(pair.privateKey),
  };
}

/** The private key wrapped for a new password (a reset that kept the key through the recovery key). */
export function wrapForPassword(userId: string, publicKey: string, privateKey: Uint8Array, passwordWrapKey: Uint8Array): string {
  return wrap(passwordWrapKey, privateKey, passwordContext(userId, publicKey));
}

/** The private key wrapped for a new recovery key (an account asked to make one). */
export function wrapForRecovery(userId: string, publicKey: string, privateKey: Uint8Array): { privateKeyByRecovery: string; recoveryKey: string } {
  const recoveryKey = newRecoveryKey();
  return { privateKeyByRecovery: wrap(recoveryWrapKey(recoveryKey, userId)!, privateKey, recoveryContext(userId, publicKey)), recoveryKey };
}

interface AccountKeyHolder {
  id: string;
  publicKey: string | null;
  privateKeyByPassword: string | null;
  privateKeyByRecovery: string | null;
}

function checked(user: AccountKeyHolder, privateKey: Buffer): Buffer {
  if (!user.publicKey || encodeKey(publicKeyOf(privateKey)) !== user.publicKey) throw new SealError("The private key does not match the account's public key");
  return privateKey;
}

/** The account's private key from the password's key; throws SealError when it does not open. */
export function openWithPassword(user: AccountKeyHolder, passwordWrapKey: Uint8Array): Buffer {
  if (!user.publicKey || !user.privateKeyByPassword) throw new SealError("The account has no key pair");
  return checked(user, aeadOpen(passwordWrapKey, Buffer.from(user.privateKeyByPassword, "base64url"), passwordContext(user.id, user.publicKey)));
}

/** The account's private key from a typed recovery key, or undefined when it is not the right one. */
export function openWithRecoveryKey(user: AccountKeyHolder, recoveryKey: string): Buffer | undefined {
  const key = recoveryWrapKey(recoveryKey, user.id);
  if (!key || !user.publicKey || !user.privateKeyByRecovery) return undefined;
  try {
    return checked(user, aeadOpen(key, Buffer.from(user.privateKeyByRecovery, "base64url"), recoveryContext(user.id, user.publicKey)));
  } catch {
    return undefined;
  }
}

export function accountKeyPair(user: { publicKey: string | null }, privateKey: Uint8Array): KeyPair {
  if (!user.publicKey) throw new SealError("The account has no key pair");
  return { publicKey: decodeKey(user.publicKey), privateKey };
}

/**
 * A secret kept on a session row, wrapped by a key derived from the session token. The token is
 * only in the person's cookie (the row's id is its SHA-256), so the sessions table opens nothing.
 */
export function sealForSession(token: string, sessionId: string, label: "private-key" | "recovery-key", secret: Uint8Array): string {
  return aeadSeal(deriveKey(token, sessionId, `trygg session ${label}`), secret, `session:${sessionId}:${label}`).toString("base64url");
}

export function openForSession(token: string, sessionId: string, label: "private-key" | "recovery-key", sealed: string): Buffer {
  return aeadOpen(deriveKey(token, sessionId, `trygg session ${label}`), Buffer.from(sealed, "base64url"), `session:${sessionId}:${label}`);
}
