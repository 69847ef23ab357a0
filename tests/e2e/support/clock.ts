import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * A clock for a test server: the environment to start it with (a preload that shifts Date), and
 * `advance` to move that server's time forward at once. The test process's own clock is untouched;
 * `now()` is the server's time.
 */
export function shiftableClock() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-clock-"));
  const file = path.join(dir, "offset");
  let offset = 0;
  fs.writeFileSync(file, "0");
  const preload = pathToFileURL(path.resolve("tests/e2e/support/clock-preload.mjs")).href;
  return {
    env: {
      TRYGG_TEST_CLOCK_FILE: file,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${preload}`.trim(),
    },
    get offset() {
      return offset;
    },
    advance(ms: number) {
      offset += ms;
      fs.writeFileSync(file, String(offset));
    },
    now: () => new Date(Date.now() + offset),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
