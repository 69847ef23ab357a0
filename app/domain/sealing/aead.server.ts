import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** A value that does not open: wrong key, wrong context, or changed bytes. */
export class SealError extends Error {
  override name = "SealError";
}

/** AES-256-GCM under a raw 32-byte key: iv(12) | tag(16) | ciphertext, with `context` as associated data. */
export function aeadSeal(key: Uint8Array, plaintext: Uint8Array, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function aeadOpen(key: Uint8Array, sealed: Uint8Array, context: string): Buffer {
  const blob = Buffer.from(sealed);
  if (blob.length < 28) throw new SealError("Too short to be a sealed value");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, blob.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(blob.subarray(12, 28));
    return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
  } catch {
    throw new SealError("The value does not open with this key and context");
  }
}

const TEXT_PREFIX = "k1.";

/** Text form of aeadSeal: "k1.<base64url>". */
export function aeadSealText(key: Uint8Array, plaintext: string, context: string): string {
  return TEXT_PREFIX + aeadSeal(key, Buffer.from(plaintext, "utf8"), context).toString("base64url");
}

export function aeadOpenText(key: Uint8Array, sealed: string, context: string): string {
  if (!sealed.startsWith(TEXT_PREFIX)) throw new SealError("Not a sealed text");
  return aeadOpen(key, Buffer.from(sealed.slice(TEXT_PREFIX.length), "base64url"), context).toString("utf8");
}

/** A 32-byte key from high-entropy input (a token, a receipt code, a recovery key): HKDF-SHA256. */
export function deriveKey(input: Uint8Array | string, salt: Uint8Array | string, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", typeof input === "string" ? Buffer.from(input, "utf8") : input, typeof salt === "string" ? Buffer.from(salt, "utf8") : salt, info, 32));
}
