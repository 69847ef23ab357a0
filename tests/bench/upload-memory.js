#!/usr/bin/env node
// `node tests/bench/upload-memory.js`: peak memory of the server under 20 report submissions at once,
// each with five 9.5 MB pictures (about 48 MB, just under the form's limit), on loopback, with the
// upload gate at its default (UPLOADS_AT_ONCE=4) and opened wide (20). Prints a Markdown table.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const CONCURRENT = Number(process.env.UPLOADS ?? 20);
const MB = 1024 * 1024;
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const picture = Buffer.concat([png, Buffer.alloc(Math.round(9.5 * MB))]);

async function startTrygg(uploadsAtOnce) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-upload-bench-"));
  const env = { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL ?? "", JOBS: "0", REPORTS_PER_IP_PER_HOUR: "1000000", UPLOADS_AT_ONCE: String(uploadsAtOnce) };
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
  const memory = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
    const mb = (name) => Math.round(Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)[1]) / 1024);
    return { rss: mb("VmRSS"), peak: mb("VmHWM") };
  };
  const stop = () => new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); }).then(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { url, memory, stop };
}

async function measure(uploadsAtOnce) {
  const server = await startTrygg(uploadsAtOnce);
  try {
    const html = await (await fetch(`${server.url}/da/report`)).text();
    const party = /<option value="([0-9a-f-]{36})">Fællesskabspartiet \(demo\)<\/option>/.exec(html)[1];
    const place = /<option value="([0-9a-f-]{36})">Københavns Kommune<\/option>/.exec(html)[1];
    // One small report first, so that start-up allocations are not counted as the uploads'.
    const warm = new FormData();
    for (const [name, value] of Object.entries({ idempotencyKey: randomUUID(), role: "candidate", country: "dk", party, place, level: "2", when: new Date().toISOString().slice(0, 10), description: "Warm-up.", policeTold: "no", contactMethod: "anonymous", consent: "on" })) warm.append(name, value);
    await (await fetch(`${server.url}/da/report?index`, { method: "POST", body: warm, headers: { Origin: server.url } })).text();
    const before = server.memory();
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        const form = new FormData();
        for (const [name, value] of Object.entries({ idempotencyKey: randomUUID(), role: "candidate", country: "dk", party, place, level: "2", when: new Date().toISOString().slice(0, 10), description: "Photos of the letters left at my door.", policeTold: "no", contactMethod: "anonymous", consent: "on" })) form.append(name, value);
        for (let index = 0; index < 5; index++) form.append("attachments", new Blob([picture], { type: "image/png" }), `letter-${index}.png`);
        const t0 = performance.now();
        const response = await fetch(`${server.url}/da/report?index`, { method: "POST", body: form, headers: { Origin: server.url } });
        const body = await response.text();
        return { status: response.status, receipted: body.includes("data-receipt-code"), ms: performance.now() - t0 };
      }),
    );
    const after = server.memory();
    const times = results.map((result) => result.ms).sort((a, b) => a - b);
    return {
      uploadsAtOnce,
      receipted: results.filter((result) => result.receipted).length,
      statuses: [...new Set(results.map((result) => result.status))].join(","),
      rssBefore: before.rss,
      peak: after.peak,
      wallS: ((performance.now() - started) / 1000).toFixed(1),
      slowestS: (times.at(-1) / 1000).toFixed(1),
    };
  } finally {
    await server.stop();
  }
}

const rows = [];
for (const size of (process.env.GATES ?? "4,20").split(",").map(Number)) rows.push(await measure(size));
console.log(`\n${CONCURRENT} concurrent submissions, 5 × 9.5 MB pictures each (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}):\n`);
console.log("| UPLOADS_AT_ONCE | receipted | statuses | RSS before, MB | peak RSS, MB | all done, s | slowest, s |");
console.log("| ---: | ---: | --- | ---: | ---: | ---: | ---: |");
for (const row of rows) console.log(`| ${row.uploadsAtOnce} | ${row.receipted}/${CONCURRENT} | ${row.statuses} | ${row.rssBefore} | ${row.peak} | ${row.wallS} | ${row.slowestS} |`);
