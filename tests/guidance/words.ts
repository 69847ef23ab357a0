/**
 * Text to compare: the words of a source document or an article, lower case, without
 * punctuation, web and e-mail addresses or link targets. Shared by the overlap test and the
 * script that hashes the sources' word runs, so both see the same words.
 */
import { createHash } from "node:crypto";

export const runLength = 7;

export function comparableWords(text: string): string[] {
  return (
    text
      .normalize("NFC")
      // A word split over a line end by hyphenation ("demo-\n\nkrati") is one word; "kommunal- og" stays two.
      .replace(/(\p{L})-[ \t]*\r?\n\s*(?!(?:og|och|eller|samt)\s)(\p{Ll})/gu, "$1$2")
      // Markdown link targets, then bare web and e-mail addresses.
      .replace(/\]\([^)]*\)/g, "] ")
      .replace(/\b(?:https?:\/\/|www\.)\S+/gi, " ")
      .replace(/\b(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi, " ")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .split(" ")
      .filter(Boolean)
  );
}

/** Every run of `runLength` consecutive words, as text. */
export function wordRuns(words: string[]): string[] {
  const runs: string[] = [];
  for (let i = 0; i + runLength <= words.length; i++) runs.push(words.slice(i, i + runLength).join(" "));
  return runs;
}

/** A run's fingerprint: enough bits that a chance collision is out of the question, no text kept. */
export function runHash(run: string): string {
  return createHash("sha256").update(run).digest("hex").slice(0, 16);
}
