import { timingSafeEqual } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";

// No 0/O, 1/I/L: easy to read aloud and write down.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

function encode(bytes: Uint8Array, length: number): string {
  let out = "";
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  for (let index = 0; index < length; index++) {
    out += ALPHABET[Number(value % BigInt(ALPHABET.length))];
    value /= BigInt(ALPHABET.length);
  }
  return out;
}

/** A report's public reference, like TRG-7KQ4-M2XP (about 40 bits; unique by the database). */
export function generateReference(): string {
  const random = crypto.getRandomValues(new Uint8Array(8));
  const text = encode(random, 8);
  return `TRG-${text.slice(0, 4)}-${text.slice(4)}`;
}

/**
 * The secret receipt code of a report: 20 characters from a 31-letter alphabet (≈ 99 bits), from
 * the OS CSPRNG. It is shown once and stored only as a hash; the report's key is wrapped by a key
 * derived from it, so it is the reporter's only key to their report.
 */
export function generateReceiptCode(): string {
  const text = encode(crypto.getRandomValues(new Uint8Array(16)), 20);
  return text.match(/.{4}/g)!.join("-");
}

export function normalizeReceiptCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export function hashReceiptCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeReceiptCode(code))));
}

/** Constant-time comparison of a typed code with a stored hash. */
export function receiptCodeMatches(storedHash: string, code: string): boolean {
  const given = Buffer.from(hashReceiptCode(code), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * A reference as a person types it, in its stored form: case, spaces and dashes do not matter
 * ("trg 7kq4 m2xp" and "TRG7KQ4M2XP" are TRG-7KQ4-M2XP). Anything that is not a reference's shape
 * is returned cleaned but unchanged in shape, so it finds nothing.
 */
export function normalizeReference(reference: string): string {
  const bare = reference.toUpperCase().replace(/[\s\-\u2010-\u2015]+/g, "");
  const shape = /^TRG([A-Z0-9]{4})([A-Z0-9]{4})$/.exec(bare);
  return shape ? `TRG-${shape[1]}-${shape[2]}` : reference.trim().toUpperCase().replace(/\s+/g, "");
}
