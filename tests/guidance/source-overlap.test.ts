import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locales } from "~/i18n/locales";
import { comparableWords, runHash, runLength, wordRuns } from "./words";

// The sources' runs, hashed (tests/guidance/regenerate-source-runs.ts): no source text is needed here.
const sourceRuns = new Set(
  fs
    .readFileSync("tests/fixtures/source-runs.txt", "utf8")
    .split("\n")
    .filter((line) => /^[0-9a-f]{16}$/.test(line)),
);

/** The runs an article shares with the sources, merged into the longest passages. */
export function sharedPassages(text: string, runs: Set<string>): string[] {
  const words = comparableWords(text);
  const hits = wordRuns(words).map((run) => runs.has(runHash(run)));
  const passages: string[] = [];
  for (let i = 0; i < hits.length; i++) {
    if (!hits[i]) continue;
    let end = i;
    while (hits[end + 1]) end++;
    passages.push(words.slice(i, end + runLength).join(" "));
    i = end;
  }
  return passages;
}

describe("guidance articles are written in our own words", () => {
  it("has the hashed runs of the source documents", () => {
    expect(sourceRuns.size).toBeGreaterThan(1000);
  });

  it("finds a copied sentence, whatever its case and punctuation", () => {
    // A sentence of source 003, rewritten in upper case with other punctuation.
    expect(sharedPassages("Intro. VÅRA FÖRETRÄDARE SKA INTE – skrämmas – till tystnad! Slut.", sourceRuns)).toEqual([
      "våra företrädare ska inte skrämmas till tystnad",
    ]);
    expect(sharedPassages("Våra företrädare ska inte tystas.", sourceRuns)).toEqual([]);
  });

  for (const locale of locales) {
    it(`${locale}: no article shares a run of ${runLength} words with a source`, () => {
      const dir = path.join("content", locale);
      const found: string[] = [];
      for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".md"))) {
        for (const passage of sharedPassages(fs.readFileSync(path.join(dir, file), "utf8"), sourceRuns)) {
          found.push(`${locale}/${file}: "${passage}"`);
        }
      }
      expect(found).toEqual([]);
    });
  }
});
