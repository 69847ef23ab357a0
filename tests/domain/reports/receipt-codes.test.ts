import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateReceiptCode, generateReference, hashReceiptCode, normalizeReceiptCode, normalizeReference, receiptCodeMatches } from "~/domain/reports/receipt.server";

/** The module's alphabet: no 0/O and no 1/I/L. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("report references", () => {
  it("look like TRG-XXXX-XXXX, from the 31-letter alphabet only", () => {
    for (let index = 0; index < 500; index++) {
      const reference = generateReference();
      expect(reference).toMatch(/^TRG-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}$/);
      expect(reference.slice(4)).not.toMatch(/[01OIL]/);
    }
  });

  it("carry about 40 bits: 8 letters of 31", () => {
    expect(ALPHABET).toHaveLength(31);
    expect(8 * Math.log2(ALPHABET.length)).toBeGreaterThan(39);
  });

  it("do not repeat over 20 000 draws and use every letter of the alphabet", () => {
    const seen = new Set<string>();
    const letters = new Set<string>();
    for (let index = 0; index < 20_000; index++) {
      const reference = generateReference();
      seen.add(reference);
      for (const letter of reference.slice(4).replace("-", "")) letters.add(letter);
    }
    expect(seen.size).toBe(20_000);
    expect([...letters].sort().join("")).toBe([...ALPHABET].sort().join(""));
  });

  it("normalize what a person types: case, surrounding and inner spaces", () => {
    expect(normalizeReference("  trg-7kq4-m2xp \n")).toBe("TRG-7KQ4-M2XP");
    expect(normalizeReference("TRG-7KQ4 -M2XP")).toBe("TRG-7KQ4-M2XP");
    expect(normalizeReference("\ttrg-7kq4-m2xp\t")).toBe("TRG-7KQ4-M2XP");
    // Typed without its dashes, with spaces instead, or with a typographic dash: the same reference.
    expect(normalizeReference("trg 7kq4 m2xp")).toBe("TRG-7KQ4-M2XP");
    expect(normalizeReference("TRG7KQ4M2XP")).toBe("TRG-7KQ4-M2XP");
    expect(normalizeReference("TRG\u20137KQ4\u2013M2XP")).toBe("TRG-7KQ4-M2XP");
    // Not a reference's shape: left alone (and found by nothing).
    expect(normalizeReference("TRG-7KQ4-M2X")).toBe("TRG-7KQ4-M2X");
  });

  it("normalize hostile input without throwing", () => {
    expect(normalizeReference("")).toBe("");
    expect(normalizeReference("'; drop table reports; --")).toBe("';DROPTABLEREPORTS;--");
    expect(normalizeReference("x".repeat(100_000))).toHaveLength(100_000);
  });
});

describe("receipt codes", () => {
  it("are five groups of four letters from the alphabet (20 letters), without look-alikes", () => {
    for (let index = 0; index < 500; index++) {
      const code = generateReceiptCode();
      expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}(-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}){4}$/);
      expect(code).not.toMatch(/[01OIL]/);
    }
  });

  it("carry about 99 bits, as the module says (20 letters of 31, from 128 random bits)", () => {
    const bits = 20 * Math.log2(ALPHABET.length);
    expect(bits).toBeGreaterThan(99);
    expect(bits).toBeLessThan(128);
  });

  it("do not repeat over 20 000 draws, and every position takes every letter about evenly", () => {
    const draws = 20_000;
    const seen = new Set<string>();
    const counts = Array.from({ length: 20 }, () => new Map<string, number>());
    for (let index = 0; index < draws; index++) {
      const code = generateReceiptCode();
      seen.add(code);
      [...code.replaceAll("-", "")].forEach((letter, position) => counts[position]!.set(letter, (counts[position]!.get(letter) ?? 0) + 1));
    }
    expect(seen.size).toBe(draws);
    const expected = draws / ALPHABET.length; // ≈ 645
    for (const [position, count] of counts.entries()) {
      expect(count.size, `position ${position}`).toBe(ALPHABET.length);
      // A fair letter lands within ±25 % of its share (≈ 10 standard deviations); a stuck or biased encoder does not.
      for (const [letter, times] of count) {
        expect(times, `${letter} at ${position}`).toBeGreaterThan(expected * 0.75);
        expect(times, `${letter} at ${position}`).toBeLessThan(expected * 1.25);
      }
    }
  });

  it("normalize case, spaces, dashes and other separators to the bare letters", () => {
    expect(normalizeReceiptCode("abcd-efgh-jkmn-pqrs-tuvw")).toBe("ABCDEFGHJKMNPQRSTUVW");
    expect(normalizeReceiptCode(" ABCD EFGH\tJKMN\nPQRS TUVW ")).toBe("ABCDEFGHJKMNPQRSTUVW");
    expect(normalizeReceiptCode("ABCD–EFGH—JKMN.PQRS_TUVW")).toBe("ABCDEFGHJKMNPQRSTUVW");
  });

  it("are stored as the SHA-256 of the normalized code, so any typed form of the code hashes the same", () => {
    const code = generateReceiptCode();
    const hash = hashReceiptCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(sha256Hex(code.replaceAll("-", "")));
    expect(hash).not.toContain(code.replaceAll("-", "").toLowerCase());
    expect(hashReceiptCode(code.toLowerCase())).toBe(hash);
    expect(hashReceiptCode(code.replaceAll("-", " "))).toBe(hash);
    expect(hashReceiptCode(`  ${code.replaceAll("-", "")}  `)).toBe(hash);
  });

  it("match only the right code, however it is typed", () => {
    const code = generateReceiptCode();
    const stored = hashReceiptCode(code);
    expect(receiptCodeMatches(stored, code)).toBe(true);
    expect(receiptCodeMatches(stored, code.toLowerCase().replaceAll("-", " "))).toBe(true);
    // One letter changed, one letter missing, one letter added, another code: no match.
    const last = code.at(-1)!;
    const other = ALPHABET[(ALPHABET.indexOf(last) + 1) % ALPHABET.length]!;
    expect(receiptCodeMatches(stored, code.slice(0, -1) + other)).toBe(false);
    expect(receiptCodeMatches(stored, code.slice(0, -1))).toBe(false);
    expect(receiptCodeMatches(stored, `${code}A`)).toBe(false);
    expect(receiptCodeMatches(stored, generateReceiptCode())).toBe(false);
  });

  it("refuse malformed input and malformed stored hashes without throwing", () => {
    const stored = hashReceiptCode(generateReceiptCode());
    for (const typed of ["", "----", " ", "\u0000", "<script>alert(1)</script>", "🙂".repeat(50), "A".repeat(1_000_000)]) {
      expect(receiptCodeMatches(stored, typed), JSON.stringify(typed.slice(0, 20))).toBe(false);
    }
    const code = generateReceiptCode();
    // A stored value that is not 64 hex digits (empty, truncated, not hex) never matches.
    for (const bad of ["", "zz", hashReceiptCode(code).slice(0, 62), "g".repeat(64)]) {
      expect(receiptCodeMatches(bad, code), JSON.stringify(bad)).toBe(false);
    }
  });
});
