import { describe, expect, it } from "vitest";
import { generateToken, hashToken } from "~/auth/tokens.server";
import { decodeTotpSecret, encodeTotpSecret, generateTotpSecret, TOTP_PERIOD_SECONDS, totpCodeAt, totpStep, totpUri, verifyTotp } from "~/auth/totp.server";

describe("random tokens", () => {
  it("are lower-case base32 of the asked number of bytes (20 bytes: 32 letters, 160 bits)", () => {
    expect(generateToken()).toMatch(/^[a-z2-7]{32}$/);
    expect(generateToken(20)).toMatch(/^[a-z2-7]{32}$/);
    expect(generateToken(16)).toMatch(/^[a-z2-7]{26}$/);
    expect(generateToken(7)).toMatch(/^[a-z2-7]{12}$/);
  });

  it("do not repeat over 10 000 draws and use all 32 letters", () => {
    const seen = new Set<string>();
    const letters = new Set<string>();
    for (let index = 0; index < 10_000; index++) {
      const token = generateToken();
      seen.add(token);
      for (const letter of token) letters.add(letter);
    }
    expect(seen.size).toBe(10_000);
    expect(letters.size).toBe(32);
  });

  it("hash to the SHA-256 hex of their text, stably (known answers)", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashToken("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const token = generateToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(token.toUpperCase()));
  });
});

describe("TOTP", () => {
  // RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" (the 6 low digits of its 8-digit codes).
  const rfcSecret = new TextEncoder().encode("12345678901234567890");
  const at = (seconds: number) => new Date(seconds * 1000);

  it("computes the RFC 6238 test vectors", () => {
    expect(totpCodeAt(rfcSecret, totpStep(at(59)))).toBe("287082");
    expect(totpCodeAt(rfcSecret, totpStep(at(1111111109)))).toBe("081804");
    expect(totpCodeAt(rfcSecret, totpStep(at(1234567890)))).toBe("005924");
    expect(totpCodeAt(rfcSecret, totpStep(at(2000000000)))).toBe("279037");
  });

  it("steps every 30 seconds", () => {
    expect(TOTP_PERIOD_SECONDS).toBe(30);
    expect(totpStep(at(0))).toBe(0);
    expect(totpStep(at(29.999))).toBe(0);
    expect(totpStep(at(30))).toBe(1);
    expect(totpStep(at(59))).toBe(1);
  });

  it("secrets are 160 random bits and survive base32 encoding", () => {
    const secret = generateTotpSecret();
    expect(secret).toHaveLength(20);
    expect(generateTotpSecret()).not.toEqual(secret);
    const encoded = encodeTotpSecret(secret);
    expect(encoded).toMatch(/^[A-Z2-7]{32}$/);
    expect(decodeTotpSecret(encoded)).toEqual(secret);
  });

  it("the key URI names Trygg, the account, SHA-1, 6 digits and 30 seconds", () => {
    const uri = new URL(totpUri(rfcSecret, "officer@trygg.test"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("issuer")).toBe("Trygg");
    expect(uri.searchParams.get("secret")).toBe(encodeTotpSecret(rfcSecret));
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(decodeURIComponent(uri.pathname)).toContain("officer@trygg.test");
  });

  describe("verifyTotp", () => {
    const secret = generateTotpSecret();
    const now = new Date("2026-11-25T10:00:15Z");
    const current = totpStep(now);
    const code = (step: number) => totpCodeAt(secret, step);

    it("accepts the current step and one on either side, and returns which one matched", () => {
      expect(verifyTotp(secret, code(current), now, null)).toBe(current);
      expect(verifyTotp(secret, code(current - 1), now, null)).toBe(current - 1);
      expect(verifyTotp(secret, code(current + 1), now, null)).toBe(current + 1);
    });

    it("refuses codes two steps away or more", () => {
      for (const step of [current - 2, current + 2, current - 10, current + 10]) {
        // A code that happens to equal one inside the window would be right to pass; these differ.
        if ([current - 1, current, current + 1].some((inside) => code(inside) === code(step))) continue;
        expect(verifyTotp(secret, code(step), now, null), `step ${step - current}`).toBeUndefined();
      }
    });

    it("refuses a code of another secret", () => {
      const other = generateTotpSecret();
      const foreign = totpCodeAt(other, current);
      if (foreign !== code(current - 1) && foreign !== code(current) && foreign !== code(current + 1)) {
        expect(verifyTotp(secret, foreign, now, null)).toBeUndefined();
      }
    });

    it("refuses a replay: a step at or before the last used one", () => {
      expect(verifyTotp(secret, code(current), now, current)).toBeUndefined();
      expect(verifyTotp(secret, code(current - 1), now, current)).toBeUndefined();
      expect(verifyTotp(secret, code(current - 1), now, current - 1)).toBeUndefined();
      // A later step than the last used one still works.
      expect(verifyTotp(secret, code(current + 1), now, current)).toBe(current + 1);
      expect(verifyTotp(secret, code(current), now, current - 1)).toBe(current);
    });

    it("takes a code typed with spaces", () => {
      const typed = code(current);
      expect(verifyTotp(secret, `${typed.slice(0, 3)} ${typed.slice(3)}`, now, null)).toBe(current);
      expect(verifyTotp(secret, ` ${typed}\n`, now, null)).toBe(current);
    });

    it("refuses malformed codes without throwing", () => {
      const typed = code(current);
      for (const bad of ["", "12345", "1234567", typed.slice(0, 5), `${typed}0`, `${typed.slice(0, 3)}-${typed.slice(3)}`, "abcdef", "١٢٣٤٥٦", "１２３４５６", "12345\u0000", "9".repeat(10_000)]) {
        expect(verifyTotp(secret, bad, now, null), JSON.stringify(bad.slice(0, 12))).toBeUndefined();
      }
    });
  });
});
