#!/usr/bin/env node
// Starts Trygg: builds the app when the build is missing or older than the sources, then hands
// over to the server module inside the build (app/server/start.server.ts).
//   node server.js                  serve (PGlite in ./data unless DATABASE_URL is set)
//   node server.js --prepare-only   migrate and load start-up data, then exit
//   node server.js --keys <command>  key work (npm run keys:rotate and friends, app/server/keys-command.server.ts)
// With WEB_CONCURRENCY=N > 1 on PostgreSQL this process becomes a node:cluster primary and forks N
// app processes, each running this file again (app/server/cluster.server.ts).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

process.env.NODE_ENV ??= "production";
const root = path.dirname(fileURLToPath(import.meta.url));
const serverEntry = path.join(root, "build", "server", "index.js");
const clientDir = path.join(root, "build", "client");

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function needsBuild() {
  if (!fs.existsSync(serverEntry)) return true;
  const built = fs.statSync(serverEntry).mtimeMs;
  const sources = ["app", "locales", "db", "vite.config.ts", "remix.config.js", "package-lock.json"];
  return sources.some((source) => newestMtime(path.join(root, source)) > built);
}

// A cluster worker finds the build its primary has just checked.
if (!process.env.TRYGG_WORKER && needsBuild()) {
  // Quietly: the bundler's warnings and chunk lists are for developers (`npm run build` shows them);
  // a person starting the portal sees one line, and the whole output only if the build fails.
  process.stdout.write("Building Trygg (first start, or the sources changed)… ");
  const started = Date.now();
  const result = spawnSync("npx", ["remix", "vite:build", "--logLevel", "error"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    console.log("failed.");
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    console.error("The build failed; the bundler's output is above.");
    process.exit(1);
  }
  console.log(`done in ${Math.round((Date.now() - started) / 1000)} s.`);
}

try {
  const build = await import(pathToFileURL(serverEntry).href);
  const keysAt = process.argv.indexOf("--keys");
  if (keysAt >= 0) process.exit(await build.entry.module.runKeysCommand(process.argv.slice(keysAt + 1)));
  const prepareOnly = process.argv.includes("--prepare-only");
  if (prepareOnly || !(await build.entry.module.startClusterPrimary())) {
    await build.entry.module.startServer(build, { clientDir, prepareOnly });
  }
} catch (error) {
  // A readable line for the operator; the stack only when asked for.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Trygg could not start.\n${message}`);
  if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
  process.exit(1);
}
