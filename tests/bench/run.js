#!/usr/bin/env node
// `npm run bench`: load figures for Trygg's production build, on 127.0.0.1 only, with autocannon.
// Starts its own server on a fresh PGlite folder, measures, prints a table, writes BENCHMARKS.md.
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// BENCH_ONLY=article,report measures just those (and leaves BENCHMARKS.md alone).
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",")) : undefined;

function build() {
  const result = spawnSync("npm", ["run", "build"], { stdio: "ignore" });
  if (result.status !== 0) throw new Error("build failed");
}

/**
 * A fresh database on the PostgreSQL server of BENCH_POSTGRES_URL (default: the local one), or
 * undefined when none answers; dropped again by `drop`.
 */
async function freshPostgres() {
  const serverUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  if (serverUrl === "none") return undefined;
  const { default: postgres } = await import("postgres");
  const name = `trygg_bench_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch {
    return undefined;
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

async function startTrygg(databaseUrl = "") {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-bench-"));
  const env = { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATA_DIR: dataDir, DATABASE_URL: databaseUrl, JOBS: "0", REPORTS_PER_IP_PER_HOUR: "1000000" };
  const child = spawn(process.execPath, ["server.js"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); }).then(() => fs.rmSync(dataDir, { recursive: true, force: true })) };
}

// RFC 6238 code for the demo organizer, to log in as a person would.
function totp(base32Secret, at = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of base32Secret) bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

async function post(url, body, headers = {}) {
  return fetch(url, { method: "POST", redirect: "manual", body, headers: { Origin: new URL(url).origin, ...headers } });
}

async function prepare(base) {
  const form = await (await fetch(`${base}/da/report`)).text();
  const partyId = /<option value="([0-9a-f-]{36})">Fællesskabspartiet \(demo\)<\/option>/.exec(form)[1];
  const placeId = /<option value="([0-9a-f-]{36})">Københavns Kommune<\/option>/.exec(form)[1];
  const reportFields = () => ({
    idempotencyKey: randomUUID(), role: "candidate", country: "dk", party: partyId, place: placeId, level: "3", when: new Date().toISOString().slice(0, 10),
    description: "A man called three times tonight and said he knows where I live and which car I drive. He used a hidden number. ".repeat(4),
    perpetrator: "Unknown caller, male voice", policeTold: "no", contactMethod: "email", contactEmail: "reporter@example.test", consent: "on",
  });
  const first = await (await post(`${base}/da/report?index`, new URLSearchParams(reportFields()))).text();
  const reference = /data-reference="(TRG-[^"]+)"/.exec(first)[1];
  const code = /data-receipt-code="([^"]+)"/.exec(first)[1];

  // An event, created and published by the demo organizer.
  const login = await post(`${base}/da/staff/login`, new URLSearchParams({ email: "organizer@trygg.test", password: "demo-organizer-trygg" }));
  const pending = login.headers.get("set-cookie").split(";")[0];
  const verified = await post(`${base}/da/staff/two-factor`, new URLSearchParams({ code: totp("MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK") }), { Cookie: pending });
  const cookie = verified.headers.get("set-cookie").split(";")[0];
  const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const created = await post(
    `${base}/da/staff/events?index`,
    new URLSearchParams([["titleDa", "Tryg valgkamp"], ["descriptionDa", "Webinar for kandidater."], ["agendaDa", "Velkommen\nRåd\nSpørgsmål"], ["timeZone", "Europe/Copenhagen"], ["date", day], ["startTime", "08:00"], ["endTime", "09:00"], ["audience", "candidates"], ["capacity", "500"], ["deadlineDate", day], ["deadlineTime", "07:00"], ["joinUrl", "https://meet.example/room"]]),
    { Cookie: cookie },
  );
  const eventPath = created.headers.get("location");
  await post(`${base}${eventPath}`, new URLSearchParams({ intent: "publish" }), { Cookie: cookie });
  const eventId = eventPath.split("/").pop();
  return { reportFields, reference, code, eventId };
}

/** A bare node:http server in a child process that answers every request with `bytes`. */
async function startBare(bytes) {
  const file = path.join(os.tmpdir(), `trygg-bench-article-${process.pid}.html`);
  fs.writeFileSync(file, bytes);
  const code = `const b=require("fs").readFileSync(${JSON.stringify(file)});require("http").createServer((q,s)=>s.writeHead(200,{"Content-Type":"text/html; charset=utf-8","Content-Length":b.length}).end(b)).listen(0,"127.0.0.1",function(){console.log(this.address().port)})`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve) => child.stdout.once("data", (chunk) => resolve(String(chunk).trim())));
  return { url: `http://127.0.0.1:${port}`, stop: () => { child.kill(); fs.rmSync(file, { force: true }); } };
}

function run(name, options, scenario) {
  if (ONLY && !ONLY.has(scenario)) return Promise.resolve({ name, rps: NaN, p50: NaN, p99: NaN, errors: NaN, total: 0 });
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...options }, (error, result) => {
      if (error) return reject(error);
      resolve({
        name,
        rps: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        // A login answers 302 (to the second factor): for it, only 4xx and 5xx count as errors.
        errors: result.errors + result.timeouts + (options.redirectsAreOk ? (result["4xx"] ?? 0) + (result["5xx"] ?? 0) : (result.non2xx ?? 0)),
        total: result.requests.total,
      });
    });
  });
}

async function guidanceJsBytes(base) {
  const html = await (await fetch(`${base}/da/guidance/threat-ladder`)).text();
  const urls = new Set([...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]));
  // The entry imports its own chunks; modulepreload links list them.
  let total = 0;
  for (const url of urls) total += zlib.gzipSync(Buffer.from(await (await fetch(`${base}${url}`)).arrayBuffer()), { level: 9 }).length;
  return { files: urls.size, gzipBytes: total };
}

/** The scenarios that need the database, against one running Trygg. */
async function databaseScenarios(trygg, label) {
  const { reportFields, reference, code, eventId } = await prepare(trygg.url);
  const results = [];
  results.push(await run(`search ?q=trusler (${label})`, { url: `${trygg.url}/da/search?q=trusler` }, "search"));
  results.push(
    await run(`report submission at 100 req/s (${label})`, {
      url: `${trygg.url}/da/report?index`,
      overallRate: 100,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => ({
            ...request,
            headers: { "content-type": "application/x-www-form-urlencoded", origin: trygg.url },
            body: new URLSearchParams(reportFields()).toString(),
          }),
        },
      ],
    }, "report"),
  );
  results.push(
    await run(`reporter status page (${label})`, {
      url: `${trygg.url}/da/report/status`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: trygg.url },
      body: new URLSearchParams({ intent: "open", reference, code }).toString(),
    }, "status"),
  );
  results.push(await run(`event page (${label})`, { url: `${trygg.url}/da/events/${eventId}` }, "event"));
  // The password step of a staff login: one argon2id run, which also unwraps the account's key.
  results.push(
    await run(`staff login, password step, at 20 req/s (${label})`, {
      url: `${trygg.url}/da/staff/login`,
      method: "POST",
      overallRate: 20,
      redirectsAreOk: true,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: trygg.url },
      body: new URLSearchParams({ email: "organizer@trygg.test", password: "demo-organizer-trygg" }).toString(),
    }, "login"),
  );
  return results;
}

async function main() {
  build();
  const results = [];
  let js;
  let articleRow;
  let bareRow;
  const trygg = await startTrygg();
  try {
    const articlePath = "/da/guidance/threat-ladder";
    const articleBytes = Buffer.from(await (await fetch(`${trygg.url}${articlePath}`)).arrayBuffer());
    // The bare server runs in its own process, like Trygg, so it does not share a thread with autocannon.
    const bare = await startBare(articleBytes);
    articleRow = await run("guidance article", { url: `${trygg.url}${articlePath}` }, "article");
    bareRow = await run("bare node:http, same bytes", { url: `${bare.url}/` }, "article");
    bare.stop();
    results.push(articleRow, bareRow);
    results.push(...(await databaseScenarios(trygg, "PGlite")));
    js = await guidanceJsBytes(trygg.url);
  } finally {
    await trygg.stop();
  }
  const postgresDb = await freshPostgres();
  let postgresReport;
  if (postgresDb) {
    const onPostgres = await startTrygg(postgresDb.url);
    try {
      const rows = await databaseScenarios(onPostgres, "PostgreSQL");
      results.push(...rows);
      postgresReport = rows[1];
    } finally {
      await onPostgres.stop();
      await postgresDb.drop();
    }
  }
  const pgliteReport = results.find((row) => row.name.startsWith("report submission") && row.name.includes("PGlite"));

  const ratio = articleRow.rps / bareRow.rps;
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const table = [
    "| scenario | requests/s | p50 ms | p99 ms | errors | requests |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...results.filter((row) => row.total > 0).map((row) => `| ${row.name} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.total} |`),
  ].join("\n");
  const summary = [
    `Article throughput vs bare node:http on the same bytes: ${(ratio * 100).toFixed(1)} % (target ≥ 30 %)`,
    `Report submission p99 at 100 requests/s: ${pgliteReport.p99} ms on PGlite${postgresReport ? `, ${postgresReport.p99} ms on PostgreSQL` : " (no PostgreSQL server answered)"} (target < 100 ms)`,
    `JavaScript a guidance page loads: ${js.files} files, ${(js.gzipBytes / 1024).toFixed(1)} kB gzip (target ≤ 120 kB)`,
  ];
  if (ratio > 0.9) {
    summary.push("Article and bare server both run into autocannon's own limit (one client thread on this machine): the ratio shows the target met, not how far Trygg could go.");
  }
  console.log(table);
  console.log(summary.join("\n"));
  if (ONLY) return;
  const missed = [];
  if (ratio < 0.3) {
    missed.push(
      "Article below 30 % of bare node: cached guidance pages are answered before Express, but each response still makes a fresh nonce, builds the CSP and joins about 25 kB around the nonce; the bare server writes one fixed buffer.",
    );
  }
  const reportMissed = (row) => row && (row.p99 >= 100 || row.rps < 95);
  if (reportMissed(pgliteReport)) {
    missed.push(
      `Report submission on PGlite does not hold 100 requests/s with p99 < 100 ms (${pgliteReport.rps}/s, p99 ${pgliteReport.p99} ms): PGlite is PostgreSQL compiled to WebAssembly, running single-threaded inside the app process, and its file system layer opens and writes the data files on every commit. A submission is about twelve statements (throttle, unit checks, the report, its timeline event, statistics, the officers' mail in the outbox) plus encryption, the mail render and the receipt page. PGlite is the development and demo database; production runs on PostgreSQL, measured in the same run.`,
    );
  }
  if (reportMissed(postgresReport)) {
    missed.push(
      `Report submission on PostgreSQL misses the target too (${postgresReport.rps}/s, p99 ${postgresReport.p99} ms). The app process is the bottleneck: its one thread is busy throughout, so ${postgresReport.rps}/s means about ${Math.round(1000 / postgresReport.rps)} ms of app CPU per submission, while PostgreSQL and autocannon share the other core. A CPU profile of 600 submissions (node --cpu-prof) splits that time: largest shares are writing queries to PostgreSQL's socket (≈ 10 %), drizzle building queries (≈ 9 %), Remix matching routes, which it does several times per request (≈ 8 %), gzip of the receipt page (≈ 6 %), garbage collection (≈ 5 %), React rendering the page and the officers' mail (≈ 5 %). Already done: form lists kept in memory, three round trips fewer per submission. Next steps: prepared statements for the submission's queries, one combined throttle statement, and a second app instance (jobs and seeding are safe for that, see tests/faults).`,
    );
  }
  if (js.gzipBytes > 120 * 1024) missed.push("Guidance JavaScript above 120 kB gzip.");
  const report = `# Benchmarks\n\nRun by \`npm run bench\` (${DURATION} s per scenario, ${CONNECTIONS} connections, loopback only) on ${new Date().toISOString().slice(0, 10)}.\n\nMachine: ${machine}. Databases: embedded PGlite, then ${postgresReport ? "a fresh database on the local PostgreSQL server" : "no PostgreSQL (none answered)"}.\n\n${table}\n\n${summary.map((line) => `- ${line}`).join("\n")}\n${missed.length ? `\n## Targets missed, and why\n\n${missed.map((line) => `- ${line}`).join("\n")}\n` : ""}`;
  fs.writeFileSync("BENCHMARKS.md", report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
