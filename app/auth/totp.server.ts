import { timingSafeEqual } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";

export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;

/** A new 160-bit TOTP secret. */
export function generateTotpSecret(): Uint8Array {
  const secret = new Uint8Array(20);
  crypto.getRandomValues(secret);
  return secret;
}

export const encodeTotpSecret = (secret: Uint8Array) => encodeBase32UpperCaseNoPadding(secret);
export const decodeTotpSecret = (encoded: string) => decodeBase32IgnorePadding(encoded);

export function totpUri(secret: Uint8Array, accountName: string): string {
  return createTOTPKeyURI("Trygg", accountName, secret, TOTP_PERIOD_SECONDS, DIGITS);
}

export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a time step (tests use it to log in as a person would). */
export function totpCodeAt(secret: Uint8Array, step: number): string {
  return generateHOTP(secret, BigInt(step), DIGITS);
}

/**
 * Checks a code against the current step and one on either side (RFC 6238's usual window).
 * A step at or before `lastStep` was used already and is refused: each code works once.
 * Returns the matching step, or undefined.
 */
export function verifyTotp(secret: Uint8Array, code: string, now: Date, lastStep: number | null): number | undefined {
  const cleaned = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(cleaned)) return undefined;
  const current = totpStep(now);
  let matched: number | undefined;
  for (const step of [current - 1, current, current + 1]) {
    const expected = Buffer.from(totpCodeAt(secret, step));
    // Compare every candidate, so the time taken does not tell which one matched.
    if (timingSafeEqual(expected, Buffer.from(cleaned)) && matched === undefined) matched = step;
  }
  if (matched === undefined) return undefined;
  if (lastStep !== null && matched <= lastStep) return undefined;
  return matched;
}
