import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshPostgresDatabase } from "../setup/database";
import { httpClient, type HttpClient } from "../e2e/support/http-client";
import { caseIdOf, fileReport, openCase, reportChoices, validReport } from "../e2e/support/scenario";
import { childEnv, startServer, type DataStore, type RunningServer } from "../e2e/support/server";
import { currentCode, demo } from "../e2e/support/staff";

// scripts/backup.sh and scripts/restore.sh as docs/operations.md tells an operator to use them:
// a report filed over HTTP, a dump, a restore into a new database, a server on the copy. Then
// what the keys do: the copy with other server keys lets no officer in, and after a key
// rotation on the copy the new key alone is enough. PostgreSQL only (PGlite has no pg_dump).
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) console.log("Skipped tests/ops/backup-restore.test.ts: DATABASE_URL is not set (PGlite run); the backup scripts are for PostgreSQL");

const key = () => randomBytes(32).toString("base64");

function script(name: string, args: string[], env: Record<string, string>) {
  const result = spawnSync("bash", [path.resolve("scripts", name), ...args], { env: { ...childEnv(), ...env }, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Password, then TOTP: the statuses of both steps and the session cookie when it worked. */
async function officerLogin(client: HttpClient) {
  const headers = { "X-Forwarded-For": "10.77.0.1" };
  const first = await client.post("/da/staff/login", { email: demo.officer.email, password: demo.officer.password }, { headers });
  if (first.status !== 302) return { statuses: [first.status], cookie: undefined };
  const pending = first.setCookie.split(";")[0]!;
  const statuses = [first.status];
  for (const offset of [0, 1, -1]) {
    const verified = await client.post("/da/staff/two-factor", { code: currentCode(demo.officer.totpSecret, offset) }, { cookie: pending, headers });
    statuses.push(verified.status);
    if (verified.status === 302) return { statuses, cookie: verified.setCookie.split(";")[0]! };
  }
  return { statuses, cookie: undefined };
}

describe.skipIf(!serverUrl)("backup.sh and restore.sh on PostgreSQL", () => {
  const keyA = `a:${key()}`;
  const keyB = `b:${key()}`;
  const canary = `backup-canary-${randomBytes(8).toString("hex")}`;
  const drops: Array<() => Promise<void>> = [];
  const servers: RunningServer[] = [];
  let work: string;
  let dumpDir: string;
  let keysDir: string;
  let restored: DataStore;
  let receipt: { reference: string; code: string };
  let dump: string;

  /** A server on the restored database, which stays for the next one. */
  async function onRestored(keys: string) {
    const server = await startServer({ DEMO_DATA: "1", ENCRYPTION_KEYS: keys, ENCRYPTION_KEY_ID: "" }, restored);
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-backup-"));
    dumpDir = path.join(work, "dumps");
    keysDir = path.join(work, "keys");
    fs.mkdirSync(dumpDir);
    fs.mkdirSync(keysDir);

    // The original: a fresh database, demo units and officer, server key ring "a".
    const original = await startServer({ DEMO_DATA: "1", ENCRYPTION_KEYS: keyA });
    servers.push(original);
    const client = httpClient(original.url);
    receipt = await fileReport(client, validReport(await reportChoices(client), { description: `Threats at the door. ${canary}` }));

    const copy = await createFreshPostgresDatabase(serverUrl!, "restored");
    drops.push(copy.drop);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-restored-"));
    restored = { dataDir, databaseUrl: copy.url, remove: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
    drops.push(restored.remove);

    // Backed up while the original serves, as a nightly job would.
    dump = path.join(dumpDir, "trygg.dump");
    const backup = script("backup.sh", [dump, "--keys-to", path.join(keysDir, "trygg-keys.env")], { DATABASE_URL: original.store.databaseUrl!, ENCRYPTION_KEYS: keyA });
    expect(backup.status, backup.output).toBe(0);
    await original.stop();
    servers.splice(servers.indexOf(original), 1);
  });

  afterAll(async () => {
    for (const server of servers) await server.stop().catch(() => {});
    for (const drop of drops.reverse()) await drop().catch(() => {});
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("the dump holds neither the server key nor the report's text; the keys went to their own folder", () => {
    expect(fs.statSync(dump).size).toBeGreaterThan(1000);
    // The dump as SQL (the custom format is compressed): what anyone holding the file can read.
    const sql = spawnSync("pg_restore", ["--file=-", dump], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    expect(sql.status, sql.stderr).toBe(0);
    expect(sql.stdout).toContain(receipt.reference);
    expect(sql.stdout).not.toContain(canary);
    expect(sql.stdout).not.toContain(keyA.slice(2));
    expect(sql.stdout).not.toContain(receipt.code);
    expect(fs.readFileSync(path.join(keysDir, "trygg-keys.env"), "utf8")).toContain(`ENCRYPTION_KEYS=${keyA}`);
    expect(fs.statSync(path.join(keysDir, "trygg-keys.env")).mode & 0o077).toBe(0);
  });

  it("backup.sh refuses to put the keys next to the dump, or a dump next to the keys", () => {
    const next = script("backup.sh", [path.join(dumpDir, "second.dump"), "--keys-to", path.join(dumpDir, "keys.env")], { DATABASE_URL: restored.databaseUrl!, ENCRYPTION_KEYS: keyA });
    expect(next.status).toBe(2);
    expect(next.output).toMatch(/refusing to write the keys next to the dump/);
    expect(fs.existsSync(path.join(dumpDir, "second.dump"))).toBe(false);
    expect(fs.existsSync(path.join(dumpDir, "keys.env"))).toBe(false);
    const intoKeys = script("backup.sh", [path.join(keysDir, "third.dump")], { DATABASE_URL: restored.databaseUrl!, ENCRYPTION_KEYS: keyA });
    expect(intoKeys.status).toBe(2);
    expect(intoKeys.output).toMatch(/holds one of the ENCRYPTION_KEYS/);
    expect(fs.existsSync(path.join(keysDir, "third.dump"))).toBe(false);
  });

  it("restore.sh fills an empty database; the reporter and the officer find the report there with the same keys", async () => {
    const restore = script("restore.sh", [dump], { DATABASE_URL: restored.databaseUrl! });
    expect(restore.status, restore.output).toBe(0);
    // Never into a database that has data.
    const again = script("restore.sh", [dump], { DATABASE_URL: restored.databaseUrl! });
    expect(again.status).toBe(2);
    expect(again.output).toMatch(/not empty/);

    const server = await onRestored(keyA);
    const client = httpClient(server.url);
    const { answer } = await openCase(client, receipt);
    expect(answer.html).toContain(receipt.reference);
    expect(answer.html).toContain(canary);
    const { cookie } = await officerLogin(client);
    expect(cookie, "the officer logs in on the copy").toBeTruthy();
    const caseId = await caseIdOf(client, cookie!, receipt.reference);
    expect((await client.get(`/da/staff/reports/${caseId}`, { cookie })).html).toContain(canary);
    await server.stop();
  });

  it("with other server keys the copy lets no officer in (the reporter's copy is keyed by the receipt code alone)", async () => {
    const server = await onRestored(keyB);
    const client = httpClient(server.url);
    const login = await officerLogin(client);
    expect(login.cookie, `statuses ${login.statuses.join(",")}`).toBeUndefined();
    // The password is right (its verifier is not sealed); the second factor cannot be checked.
    expect(login.statuses[0]).toBe(302);
    // By design (docs/decisions/0007-sealed-reports.md) the receipt code, not the server key,
    // opens the reporter's copy: whoever holds dump and code reads it; the dump alone does not.
    const { answer } = await openCase(client, receipt);
    expect(answer.html).toContain(canary);
    await server.stop();
  });

  it("after npm run keys:rotate on the copy with a new key added, the new key alone opens everything", async () => {
    const rotate = spawnSync(process.execPath, ["server.js", "--keys", "rotate"], {
      env: { ...childEnv(), NODE_ENV: "production", DATABASE_URL: restored.databaseUrl!, DATA_DIR: restored.dataDir, DEMO_DATA: "1", ENCRYPTION_KEYS: `${keyA},${keyB}`, ENCRYPTION_KEY_ID: "" },
      encoding: "utf8",
    });
    expect(rotate.status, `${rotate.stdout}${rotate.stderr}`).toBe(0);
    expect(rotate.stdout).toContain('Re-sealed under key "b"');

    const server = await onRestored(keyB);
    const client = httpClient(server.url);
    const { cookie } = await officerLogin(client);
    expect(cookie, "the officer logs in with key b alone").toBeTruthy();
    const caseId = await caseIdOf(client, cookie!, receipt.reference);
    expect((await client.get(`/da/staff/reports/${caseId}`, { cookie })).html).toContain(canary);
    const { answer } = await openCase(client, receipt);
    expect(answer.html).toContain(canary);
    await server.stop();
  });
});
