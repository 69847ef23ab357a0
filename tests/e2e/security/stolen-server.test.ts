import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseHandle } from "@db/client.server";
import { hashToken } from "~/auth/tokens.server";
import { receiptCodeMatches } from "~/domain/reports/receipt.server";
import { openWithReceipt, openWithVisit } from "~/domain/sealing/report-keys.server";
import { serverSealedColumns } from "~/domain/sealing/server-sealed.server";
import { decryptText, parseKeyRing } from "~/domain/sealing/server-key.server";
import { migrationsDir } from "../../setup/database";
import { startResendStub } from "../../stubs/resend-stub";
import { httpClient, type HttpClient } from "../support/http-client";
import { caseIdOf, openCase, reportChoices, validReport } from "../support/scenario";
import { createDataStore, startServer, type DataStore, type RunningServer } from "../support/server";
import { demo } from "../support/staff";

/** A one-page PDF carrying a canary in a comment (issue #16: a PDF must load, with its pages, in pdf-lib). */
const onePagePdf = (comment: string) =>
  Buffer.from(
    `%PDF-1.4\n% ${comment}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

/**
 * Issue 11's promise, as an attacker tests it: after a realistic journey, a full copy of the
 * server — the database (PGlite's folder with its WAL, or a pg_dump), the whole environment with
 * its keys, and every log line — opens no report, and nothing in it gets a receipt code, a
 * session or a staff login out of the live site.
 */

const tag = randomBytes(6).toString("hex");
const canary = (field: string) => `CANARY${field}${tag}`;
const canaries = {
  description: canary("DESCRIPTION"),
  perpetrator: canary("PERPETRATOR"),
  where: canary("WHERE"),
  police: canary("POLICE"),
  fileName: canary("FILENAME"),
  fileBody: canary("FILEBODY"),
  note: canary("NOTE"),
  officerMessage: canary("OFFICERMSG"),
  adminMessage: canary("ADMINMSG"),
  reporterMessage: canary("REPORTERMSG"),
  replyFile: canary("REPLYFILE"),
  closeNote: canary("CLOSENOTE"),
};
const contactEmail = `reporter.${tag}@example.org`;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every form an attacker could look for a secret in: the raw bytes and their base64/hex/URL spellings are all searched. */
function spellings(secret: string): Buffer[] {
  const bytes = Buffer.from(secret);
  return [bytes, Buffer.from(bytes.toString("base64").replace(/=+$/, "")), Buffer.from(bytes.toString("hex")), Buffer.from(encodeURIComponent(secret)), Buffer.from(secret.toLowerCase())];
}

describe("a stolen copy of the server (database, environment, logs) opens no report", () => {
  let store: DataStore;
  let server: RunningServer;
  let stub: Awaited<ReturnType<typeof startResendStub>>;
  let client: HttpClient;
  let env: Record<string, string>;
  let receipt: { reference: string; code: string };
  let visitToken = "";
  let formFields: Array<[string, string]>;
  let logs = "";

  beforeAll(async () => {
    stub = await startResendStub();
    store = await createDataStore();
    env = {
      ENCRYPTION_KEYS: `stolen:${randomBytes(32).toString("base64")}`,
      RESEND_API_KEY: "re_stub_key",
      RESEND_BASE_URL: stub.url,
      LOG_REQUESTS: "1",
      JOB_INTERVAL_MS: "150",
      // A level-6 report escalates after about a second, stage after stage, up to the national unit.
      ESCALATION_HOURS: "0.0003,8,24",
      REPORTS_PER_IP_PER_HOUR: "100000",
    };
    server = await startServer(env, store);
    client = httpClient(server.url);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await stub?.close();
    await store?.remove();
  });

  it("the journey: report, escalation, acknowledgement, messages, transfer, reply, mail, closing", { timeout: 180_000 }, async () => {
    const choices = await reportChoices(client);
    formFields = validReport(choices, {
      level: "6",
      description: `He wrote that he will come to my house. ${canaries.description}`,
      perpetrator: canaries.perpetrator,
      where: canaries.where,
      policeTold: "yes",
      policeCaseNumber: canaries.police,
      contactMethod: "email",
      contactEmail,
    });
    const filed = await client.post("/da/report?index", formFields, {
      multipart: true,
      files: [{ name: `${canaries.fileName}.pdf`, type: "application/pdf", bytes: onePagePdf(canaries.fileBody) }],
    });
    expect(filed.status, filed.html.slice(0, 500)).toBe(200);
    receipt = {
      reference: /data-reference="(TRG-[^"]+)"/.exec(filed.html)![1]!,
      code: /data-receipt-code="([^"]+)"/.exec(filed.html)![1]!,
    };

    const officer = await client.logIn(demo.officer);
    const admin = await client.logIn(demo.administrator);
    const caseId = await caseIdOf(client, officer, receipt.reference);
    const casePath = `/da/staff/reports/${caseId}`;

    // Unacknowledged, the report escalates to the national unit, whose officer (the administrator) may then read it.
    await expect.poll(async () => (await client.get(casePath, { cookie: admin })).html.includes(canaries.description), { timeout: 30_000 }).toBe(true);

    const act = async (cookie: string, fields: Record<string, string>) => {
      const answer = await client.post(casePath, fields, { cookie });
      expect(answer.status, `${fields.intent}: ${answer.html.slice(0, 300)}`).toBe(200);
      return answer;
    };
    await act(officer, { intent: "acknowledge" });
    await act(officer, { intent: "note", text: `Called the reporter back. ${canaries.note}` });
    await act(officer, { intent: "message", text: `We have your report. ${canaries.officerMessage}` });

    // The reporter reads the answer and replies, with a file, through the receipt code.
    // The visit it starts stays open: its row (token hash, wrapped key) is in the copy below.
    const { cookie: visit, answer: status } = await openCase(client, receipt);
    visitToken = visit.split("=")[1]!;
    expect(status.html).toContain(canaries.officerMessage);
    const reply = await client.post(
      "/da/report/status",
      { intent: "message", message: `He came again tonight. ${canaries.reporterMessage}` },
      { cookie: visit, multipart: true, files: [{ name: "photo.pdf", type: "application/pdf", bytes: onePagePdf(canaries.replyFile) }] },
    );
    expect(reply.status, reply.html.slice(0, 300)).toBe(200);

    // A transfer to the national unit's officer, who accepts, writes to the reporter and closes.
    const page = (await client.get(casePath, { cookie: officer })).html;
    const adminId = /<select id="offer-to" name="toUserId">[\s\S]*?<option value="([0-9a-f-]{36})">/.exec(page)?.[1];
    expect(adminId, "the administrator is offered: they serve the national unit the report escalated to").toBeTruthy();
    await act(officer, { intent: "offer", toUserId: adminId! });
    await act(admin, { intent: "accept" });
    await act(admin, { intent: "message", text: `The police have been told. ${canaries.adminMessage}` });
    const adminView = (await client.get(casePath, { cookie: admin })).html;
    for (const text of [canaries.description, canaries.note, canaries.reporterMessage]) expect(adminView).toContain(text);
    await act(admin, { intent: "close", outcome: (/name="outcome"[\s\S]*?<option value="([a-z_]+)"/.exec(adminView)?.[1]) ?? "resolved", note: canaries.closeNote });

    // Every mail leaves through the provider; the reporter got the update mails at their address.
    await expect.poll(() => stub.received.filter((mail) => mail.body.to.includes(contactEmail)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // What the provider was given for staff and reporter holds no contents: reference, level and link only.
    for (const mail of stub.received) {
      const body = JSON.stringify(mail.body);
      for (const value of Object.values(canaries)) expect(body).not.toContain(value);
      expect(body).not.toContain(receipt.code);
    }
    logs = server.output();
    await server.stop();
  });

  it("the copy holds no canary, no contact address, no file content and no receipt code", { timeout: 120_000 }, async () => {
    expect(receipt, "the journey ran").toBeTruthy();
    const secrets = [...Object.values(canaries), contactEmail, receipt.code, receipt.code.replace(/[- ]/g, ""), visitToken];
    const haystacks: Array<{ name: string; bytes: Buffer }> = [
      { name: "logs", bytes: Buffer.from(logs) },
      { name: "environment", bytes: Buffer.from(JSON.stringify(env)) },
      ...filesUnder(store.dataDir).map((file) => ({ name: file, bytes: fs.readFileSync(file) })),
    ];
    if (store.databaseUrl) {
      const dump = spawnSync("pg_dump", [store.databaseUrl], { maxBuffer: 256 * 1024 * 1024 });
      expect(dump.status, String(dump.stderr)).toBe(0);
      haystacks.push({ name: "pg_dump", bytes: dump.stdout });
      expect(dump.stdout.includes(Buffer.from(receipt.reference))).toBe(true); // the search works: the plain reference is there
    } else {
      expect(haystacks.some((stack) => stack.name.startsWith(store.dataDir) && stack.bytes.includes(Buffer.from(receipt.reference)))).toBe(true);
    }

    // With the environment's keys, every value the server key seals is opened and searched too.
    const handle = await openStore(store);
    try {
      const ring = parseKeyRing(env.ENCRYPTION_KEYS!);
      let opened = 0;
      for (const column of serverSealedColumns()) {
        const rows = await queryRows<Record<string, string>>(
          handle.db,
          sql.raw(`select ${column.idColumns.map((id) => `"${id}"`).join(", ")}, "${column.column}" as value from "${column.table}" where "${column.column}" is not null ${column.where ? `and ${column.where}` : ""}`),
        );
        for (const row of rows) {
          const ids = Object.fromEntries(column.idColumns.map((id) => [id, String(row[id])]));
          haystacks.push({ name: `${column.table}.${column.column} opened`, bytes: Buffer.from(decryptText(ring, String(row.value), column.context(ids))) });
          opened++;
        }
      }
      expect(opened, "the TOTP secrets at least were opened with the stolen keys").toBeGreaterThan(0);
    } finally {
      await handle.close();
    }

    const found: string[] = [];
    for (const secret of secrets) {
      for (const needle of spellings(secret)) {
        for (const stack of haystacks) if (stack.bytes.includes(needle)) found.push(`${secret} in ${stack.name}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("nothing stored or logged gets a receipt code, a session or a staff link from the live site", { timeout: 180_000 }, async () => {
    expect(receipt, "the journey ran").toBeTruthy();
    // Every text value of every table, and every path segment and token-like word in the logs.
    const handle = await openStore(store);
    const candidates = new Set<string>();
    try {
      const tables = await queryRows<{ table_name: string }>(handle.db, sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
      for (const { table_name } of tables) {
        const rows = await queryRows<Record<string, unknown>>(handle.db, sql.raw(`select * from "${table_name}"`));
        for (const row of rows) for (const value of Object.values(row)) collect(value, candidates);
      }
      for (const word of logs.match(/[A-Za-z0-9_=+/-]{10,}/g) ?? []) for (const part of word.split("/")) if (part.length >= 10) candidates.add(part);
      expect(candidates.size).toBeGreaterThan(50);

      // Offline, with no throttle in the way: no value matches or unwraps a receipt, or hashes to a
      // session or a link token (the lookups the live site makes).
      const reports = await queryRows<{ id: string; receipt_hash: string; receipt_salt: string | null; receipt_wrap: string | null }>(handle.db, sql`select id, receipt_hash, receipt_salt, receipt_wrap from reports`);
      expect(reports.length).toBeGreaterThan(0);
      const sessionIds = new Set((await queryRows<{ id: string }>(handle.db, sql`select id from sessions`)).map((row) => row.id));
      const linkHashes = new Set((await queryRows<{ hash: string }>(handle.db, sql`select hash from auth_tokens`)).map((row) => row.hash));
      expect(sessionIds.size, "the journey's sessions are in the copy").toBeGreaterThan(0);
      const visits = await queryRows<{ id: string; report_id: string; key_wrap: string }>(handle.db, sql`select id, report_id, key_wrap from reporter_sessions`);
      expect(visits.length, "the reporter's visit is in the copy").toBeGreaterThan(0);
      // The check itself works: the cookie's token opens the visit's wrap.
      expect(visits.some((row) => row.id === hashToken(visitToken) && openWithVisit(row.id, row.report_id, row.key_wrap, visitToken))).toBe(true);
      const opens: string[] = [];
      for (const value of candidates) {
        for (const report of reports) {
          if (receiptCodeMatches(report.receipt_hash, value)) opens.push(`receipt hash of ${report.id}: ${value}`);
          if (openWithReceipt({ id: report.id, receiptSalt: report.receipt_salt, receiptWrap: report.receipt_wrap }, value)) opens.push(`receipt wrap of ${report.id}: ${value}`);
        }
        if (sessionIds.has(hashToken(value))) opens.push(`session: ${value}`);
        for (const row of visits) {
          if (row.id === hashToken(value)) opens.push(`reporter visit: ${value}`);
          if (openWithVisit(row.id, row.report_id, row.key_wrap, value)) opens.push(`reporter visit wrap of ${row.report_id}: ${value}`);
        }
        if (linkHashes.has(hashToken(value))) opens.push(`link token: ${value}`);
      }
      // The check itself works: the real code does open the report.
      const mine = reports.find((report) => receiptCodeMatches(report.receipt_hash, receipt.code));
      expect(mine && openWithReceipt({ id: mine.id, receiptSalt: mine.receipt_salt, receiptWrap: mine.receipt_wrap }, receipt.code)).toBeTruthy();
      expect(opens).toEqual([]);
    } finally {
      await handle.close();
    }

    // On the live site: the report form posted again with every value as its one-time key, with the
    // very same content, never shows the original receipt code.
    // (The form refuses anything but a UUID as its key before it looks for a repeat: every UUID-shaped
    // value is tried, and a sample of the rest to show they are refused.)
    server = await startServer({ ...env, ESCALATION_HOURS: "1,8,24" }, store);
    client = httpClient(server.url);
    const uuids = [...candidates].filter((value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value));
    const others = [...candidates].filter((value) => !uuids.includes(value) && value.length <= 200).slice(0, 40);
    expect(uuids.length).toBeGreaterThan(10);
    const keys = [...uuids, ...others];
    let shownReceipts = 0;
    for (const value of keys) {
      const fields = formFields.map(([name, field]): [string, string] => [name, name === "idempotencyKey" ? value : field]);
      const answer = await client.post("/da/report?index", fields, { multipart: true });
      expect(answer.html).not.toContain(receipt.code);
      if (answer.html.includes("data-receipt-code")) shownReceipts++;
    }
    // Well-formed keys file new reports (with new codes); none of them is the original.
    expect(shownReceipts).toBeLessThan(keys.length);
  });
});

function collect(value: unknown, into: Set<string>) {
  if (value === null || value === undefined) return;
  if (typeof value === "string") {
    if (value.length >= 8 && value.length <= 2000) into.add(value);
    for (const part of value.split(/[^A-Za-z0-9_+/=-]+/)) if (part.length >= 10) into.add(part);
  } else if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    if (value.length <= 128) into.add(Buffer.from(value).toString("hex"));
  } else if (typeof value === "object" && !(value instanceof Date)) {
    for (const inner of Object.values(value as Record<string, unknown>)) collect(inner, into);
  }
}

async function openStore(store: DataStore): Promise<DatabaseHandle> {
  return openDatabase(store.databaseUrl ? { url: store.databaseUrl, migrationsDir } : { dataDir: store.dataDir, migrationsDir });
}
