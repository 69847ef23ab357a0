/**
 * Writes tests/fixtures/source-runs.txt: a hash of every 7-word run in the source documents,
 * so the overlap test (source-overlap.test.ts) runs without the sources themselves.
 *
 *   npx tsx tests/guidance/regenerate-source-runs.ts <folder of the source documents>
 *
 * The source documents (Danish, Swedish and Norwegian texts the guidance draws its facts from) are
 * not in this repository: only their hashed runs are, in the fixture. Whoever holds them names
 * their folder.
 */
import fs from "node:fs";
import path from "node:path";
import { comparableWords, runHash, runLength, wordRuns } from "./words";

if (!process.argv[2]) throw new Error("usage: npx tsx tests/guidance/regenerate-source-runs.ts <folder of the source documents>");
const dir = path.resolve(process.argv[2]);
const files = fs.readdirSync(dir).filter((name) => !name.startsWith(".")).sort();
if (files.length === 0) throw new Error(`no source documents in ${dir}`);
const hashes = new Set<string>();
for (const file of files) {
  for (const run of wordRuns(comparableWords(fs.readFileSync(path.join(dir, file), "utf8")))) hashes.add(runHash(run));
}
const out = path.join(import.meta.dirname, "..", "fixtures", "source-runs.txt");
const header = `# ${runLength}-word runs of ${files.length} source documents (${files.join(", ")}), sha256, first 16 hex digits. Regenerate: npx tsx tests/guidance/regenerate-source-runs.ts`;
fs.writeFileSync(out, `${header}\n${[...hashes].sort().join("\n")}\n`);
console.log(`${hashes.size} runs from ${files.length} files written to ${path.relative(process.cwd(), out)}`);
