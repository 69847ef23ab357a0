import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** AES-256-GCM keys by id; `currentId` encrypts, every key decrypts what it encrypted. */
export interface KeyRing {
  currentId: string;
  keys: Map<string, Buffer>;
}

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

/** Parses "id:base64,id2:base64"; the current key is `currentId` or the last one listed. */
export function parseKeyRing(spec: string, currentId?: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const pair of spec.split(",")) {
    const [id, encoded] = pair.split(":");
    const key = Buffer.from(encoded ?? "", "base64");
    if (!id || key.length !== 32) throw new Error(`Encryption key "${id ?? ""}" must be 32 bytes, base64-encoded`);
    // Ids go into every envelope: plain characters, short enough for the file format's length byte.
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error(`Encryption key id "${id}" must be 1 to 64 letters, digits, "-" or "_"`);
    // Two keys under one id would leave one of them unused and its data unreadable.
    if (keys.has(id)) throw new Error(`Encryption key id "${id}" is given twice in ENCRYPTION_KEYS`);
    keys.set(id, key);
  }
  const current = currentId ?? [...keys.keys()].at(-1)!;
  if (!keys.has(current)) throw new Error(`ENCRYPTION_KEY_ID "${current}" is not among ENCRYPTION_KEYS`);
  return { currentId: current, keys };
}

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

const TEXT_PREFIX = "enc1";
const TAG_BYTES = 16;

/**
 * Encrypts text to "enc1.<keyId>.<iv>.<ciphertext+tag>" (base64url parts). `context` is bound
 * as associated data (for example a report id and field name), so a value copied into another
 * row or field no longer decrypts.
 */
export function encryptText(ring: KeyRing, plaintext: string, context = ""): string {
  const key = ring.keys.get(ring.currentId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [TEXT_PREFIX, ring.currentId, iv.toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptText(ring: KeyRing, envelope: string, context = ""): string {
  const [prefix, keyId, ivText, bodyText] = envelope.split(".");
  if (prefix !== TEXT_PREFIX || !keyId || !ivText || !bodyText) throw new DecryptionError("Not an encrypted value");
  const key = ring.keys.get(keyId);
  if (!key) throw new DecryptionError(`Unknown encryption key "${keyId}"`);
  const body = Buffer.from(bodyText, "base64url");
  const iv = Buffer.from(ivText, "base64url");
  // The whole 16-byte tag, always: a shortened tag would be far easier to forge.
  if (iv.length !== 12 || body.length < TAG_BYTES) throw new DecryptionError("The value is not a whole envelope");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("The value does not decrypt with its key and context");
  }
}

/** The key id an envelope was encrypted with (for rotation). */
export function keyIdOf(envelope: string): string | undefined {
  return envelope.split(".")[1];
}

/** Binary form for files: "T1" | keyId length | keyId | iv(12) | tag(16) | ciphertext. */
export function encryptBytes(ring: KeyRing, data: Buffer, context = ""): Buffer {
  const key = ring.keys.get(ring.currentId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  const id = Buffer.from(ring.currentId, "utf8");
  return Buffer.concat([Buffer.from("T1"), Buffer.from([id.length]), id, iv, cipher.getAuthTag(), body]);
}

export function decryptBytes(ring: KeyRing, blob: Buffer, context = ""): Buffer {
  if (blob.subarray(0, 2).toString() !== "T1") throw new DecryptionError("Not an encrypted file");
  const idLength = blob[2]!;
  const keyId = blob.subarray(3, 3 + idLength).toString("utf8");
  const key = ring.keys.get(keyId);
  if (!key) throw new DecryptionError(`Unknown encryption key "${keyId}"`);
  const offset = 3 + idLength;
  if (blob.length < offset + 12 + TAG_BYTES) throw new DecryptionError("The file is not a whole envelope");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, blob.subarray(offset, offset + 12), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(blob.subarray(offset + 12, offset + 12 + TAG_BYTES));
    return Buffer.concat([decipher.update(blob.subarray(offset + 28)), decipher.final()]);
  } catch {
    throw new DecryptionError("The file does not decrypt with its key and context");
  }
}
