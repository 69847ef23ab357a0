#!/usr/bin/env node
// `npm test`: type-check, lint, build the production bundle the browser tests run against, then vitest.
import { spawnSync } from "node:child_process";

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("npx", ["tsc", "--noEmit"]);
run("npx", ["eslint", ".", "--max-warnings", "0"]);
run("npx", ["remix", "vite:build", "--logLevel", "warn"]);
run("npx", ["vitest", "run", ...process.argv.slice(2)]);
