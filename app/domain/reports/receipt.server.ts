import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { KeyRing } from "~/domain/encryption.server";

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
 * The secret receipt code of a submission: 20 characters from a 31-letter alphabet (≈ 99 bits),
 * derived with HMAC from the form's one-time key and a key of the server's, so a double submit
 * shows the same code again without the code ever being stored.
 */
export function receiptCodeFor(ring: KeyRing, idempotencyKey: string): string {
  const key = Buffer.from(hkdfSync("sha256", ring.keys.get(ring.currentId)!, Buffer.alloc(0), "trygg receipt code", 32));
  const mac = createHmac("sha256", key).update(idempotencyKey).digest();
  const text = encode(mac.subarray(0, 16), 20);
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

export const normalizeReference = (reference: string) => reference.trim().toUpperCase().replace(/\s+/g, "");
