import { expect } from "vitest";
import type { Answer, Fields } from "./http-client";

/** mulberry32: a small seeded generator, so a failing case can be made again from its seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
export type Random = ReturnType<typeof seededRandom>;

/** Hostile text that a field may well accept: markup, SQL, control characters, odd Unicode. */
export function hostileText(random: Random): string {
  const pieces = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'); drop table reports; --",
    "' OR 1=1 --",
    "\u0000",
    "\u0001\u0007\u001b[31m\u007f",
    "\r\n\r\n",
    "\ud800",
    "\udfff\ud83d",
    "\u202e\u200b\ufeff",
    "𝕿𝖗𝖞𝖌𝖌 🐍",
    "%00%2e%2e%2f",
    "{{constructor.constructor('alert(1)')()}}",
    "${7*7}",
    "__proto__",
  ];
  const count = 1 + random.int(3);
  return Array.from({ length: count }, () => random.pick(pieces)).join(random.pick(["", " ", "x"]));
}

/** Percent-encoded bytes that are not UTF-8: a lone surrogate, overlong forms, stray bytes. */
export const BAD_UTF8 = ["%ED%A0%80", "%ED%BF%BF", "%C0%AF", "%FF%FE", "%F4%90%80%80", "%E2%82", "%80"];

/** Values that break any field of a kind. */
export const breaking = {
  text: (max: number) => ["x".repeat(max + 1), "y".repeat(max * 3 + 17), `${"<b>".repeat(Math.ceil(max / 3) + 1)}`],
  requiredText: (min: number, max: number) => ["", "   \t  ", ...(min > 1 ? ["x".repeat(min - 1)] : []), ...breaking.text(max)],
  choice: ["president", "", "__proto__", "constructor", "0", "-1", "1e309", "x".repeat(5000), "\u0000"],
  email: ["not an address", "a@", "@b.dk", "a@b", `${"x".repeat(250)}@example.dk`, "<script>@x.dk", "a\u0000@b.dk"],
  uuid: ["not-a-uuid", "1", "'; drop table units; --", "00000000-0000-0000-0000-00000000000g", "x".repeat(5000)],
  date: ["yesterday", "2026-02-30", "99999-01-01", "2026-13-01", "1e309", "0", "\u0000"],
  time: ["25:99", "24:00", "1:5", "noon", "99999999999999999999:00"],
  number: ["1e309", "99999999999999999999999", "-1", "NaN", "Infinity", "0x10", "1.5", "", "١٢٣"],
};

export interface FieldRule {
  /** Values that make the form invalid. */
  bad: string[];
  /** Leaving the field out makes the form invalid. */
  required?: boolean;
  /** A second value for this field makes the form invalid (it is a single value). */
  single?: boolean;
}

export interface FuzzCase {
  label: string;
  fields: Fields;
  /** Set when the case sends bytes that are not UTF-8: the urlencoded body to send as is. */
  rawBody?: string;
}

/**
 * Cases that must all be refused: each breaks one or two fields for sure (a bad value, a missing
 * field or a duplicated one), and sprinkles hostile but possibly valid text, unknown fields and
 * bytes that are not UTF-8 over the rest.
 */
export function fuzzCases(seed: number, count: number, valid: () => Fields, rules: Record<string, FieldRule>, options: { rawAllowed?: boolean } = {}): FuzzCase[] {
  const random = seededRandom(seed);
  const names = Object.keys(rules);
  const cases: FuzzCase[] = [];
  for (let index = 0; index < count; index++) {
    let fields = valid();
    const notes: string[] = [];
    const broken = new Set<string>();
    const breaks = 1 + random.int(2);
    for (let b = 0; b < breaks && names.length; b++) {
      const name = random.pick(names);
      const rule = rules[name]!;
      const ways = ["bad", ...(rule.required ? ["missing"] : []), ...(rule.single ? ["duplicate"] : [])];
      const way = random.pick(ways);
      broken.add(name);
      if (way === "missing") {
        fields = fields.filter(([field]) => field !== name);
        notes.push(`${name} missing`);
      } else if (way === "duplicate") {
        fields.push([name, random.pick(rule.bad.length ? [...rule.bad, "second"] : ["second"])]);
        notes.push(`${name} twice`);
      } else {
        const value = random.pick(rule.bad);
        fields = fields.filter(([field]) => field !== name);
        fields.push([name, value]);
        notes.push(`${name}=${JSON.stringify(value.slice(0, 20))}${value.length > 20 ? `…(${value.length})` : ""}`);
      }
    }
    // Noise on a field that is not broken (still a string: the case stays invalid through the break).
    const others = fields.filter(([field]) => !broken.has(field) && field !== "intent" && field !== "idempotencyKey");
    if (others.length && random.next() < 0.6) {
      const target = random.pick(others);
      target[1] = `${target[1]}${hostileText(random)}`;
      notes.push(`noise in ${target[0]}`);
    }
    if (random.next() < 0.3) {
      fields.push([random.pick(["__proto__[polluted]", "constructor[prototype][x]", "unknown", "a".repeat(300)]), hostileText(random)]);
      notes.push("unknown field");
    }
    let rawBody: string | undefined;
    if (options.rawAllowed !== false && random.next() < 0.3) {
      // On a field that is not broken: decoded, the bytes become U+FFFD, which could mend a break
      // (an empty required field is no longer empty).
      const bad = random.pick(BAD_UTF8);
      const candidates = fields.map(([name], position) => (broken.has(name) || name === "intent" ? -1 : position)).filter((position) => position >= 0);
      const at = candidates.length ? random.pick(candidates) : -1;
      rawBody = fields
        .map(([name, value], position) => `${encodeURIComponent(name)}=${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ""))}${position === at ? bad : ""}`)
        .join("&");
      notes.push(`${bad} after ${fields[at]?.[0] ?? "nothing"}`);
    }
    cases.push({ label: `#${index} ${notes.join(", ")}`, fields, rawBody });
  }
  return cases;
}

/** Error texts shown on a page: the error summary and the messages beside fields. */
export function errorTexts(html: string): string[] {
  const texts: string[] = [];
  for (const match of html.matchAll(/<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/g)) texts.push(...[...match[1]!.matchAll(/<(?:li|p)[^>]*>([\s\S]*?)<\/(?:li|p)>/g)].map((m) => m[1]!));
  for (const match of html.matchAll(/<p id="[^"]*" class="field-error">([\s\S]*?)<\/p>/g)) texts.push(match[1]!);
  for (const match of html.matchAll(/<p class="error-summary"[^>]*>([\s\S]*?)<\/p>/g)) texts.push(match[1]!);
  return texts.map((text) => text.replace(/<[^>]+>/g, "").trim());
}

/** A refused form: a 4xx (never 5xx), a marked field or error summary, every message translated. */
export function expectRefused(answer: Answer, label: string, statuses: number[] = [400, 409, 410, 413, 422, 429]) {
  expect(statuses, `${label}: status ${answer.status}\n${answer.html.slice(0, 300)}`).toContain(answer.status);
  const texts = errorTexts(answer.html);
  const marked = answer.html.includes('aria-invalid="true"') || texts.length > 0;
  expect(marked, `${label}: no field error on the page`).toBe(true);
  for (const text of texts) {
    expect(text, `${label}: untranslated error`).not.toMatch(/^[a-zA-Z]+(\.[a-zA-Z0-9]+)+$|Invalid input|Too (big|small)|expected (string|number)/);
    expect(text.length, `${label}: empty error text`).toBeGreaterThan(0);
  }
}
