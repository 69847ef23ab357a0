import { createHash, createHmac, hkdfSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseHandle } from "@db/client.server";
import { reportAttachments, reportEvents, reports, units } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { staffCipher } from "~/domain/reports/case.server";
import { hashReceiptCode } from "~/domain/reports/receipt.server";
import { openReportWithCode } from "~/domain/reports/reporter.server";
import { sealLegacyReports } from "~/domain/sealing/legacy.server";
import { decryptText, encryptBytes, encryptText } from "~/domain/sealing/server-key.server";
import { createFreshPostgresDatabase, migrationsDir } from "../../setup/database";
import { assignTestOfficer, createStaffUser, testKeyRing, testKeys } from "../../setup/staff";

/**
 * Reports stored before sealing (migrations 0000–0004, the code of 412c27e): contents under the
 * server key, the form's one-time key in clear and the receipt code derived from it. After
 * migration 0005 and the sealing job, each opens with its old receipt code and for its unit's
 * officers, and nothing stored derives the code any more.
 */

// The receipt code as 412c27e derived it: HMAC of the one-time key under a key from the server key.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
function oldReceiptCode(serverKey: Buffer, oneTimeKey: string): string {
  const key = Buffer.from(hkdfSync("sha256", serverKey, Buffer.alloc(0), "trygg receipt code", 32));
  let value = 0n;
  for (const byte of createHmac("sha256", key).update(oneTimeKey).digest().subarray(0, 16)) value = (value << 8n) | BigInt(byte);
  let out = "";
  for (let index = 0; index < 20; index++) {
    out += ALPHABET[Number(value % BigInt(ALPHABET.length))];
    value /= BigInt(ALPHABET.length);
  }
  return out.match(/.{4}/g)!.join("-");
}

/** The migrations folder as it was before sealing: 0000–0004 and a journal that lists only them. */
function migrationsBeforeSealing(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-old-migrations-"));
  fs.mkdirSync(path.join(dir, "meta"));
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, "meta/_journal.json"), "utf8")) as { entries: Array<{ idx: number; tag: string }> };
  journal.entries = journal.entries.filter((entry) => entry.idx <= 4);
  fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(journal));
  for (const entry of journal.entries) fs.copyFileSync(path.join(migrationsDir, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  return dir;
}

describe("reports filed before sealing are sealed by the migration and the sealing job", () => {
  const oldDir = migrationsBeforeSealing();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-legacy-"));
  let fresh: Awaited<ReturnType<typeof createFreshPostgresDatabase>> | undefined;
  let handle: DatabaseHandle;
  const open = (dir: string) => openDatabase(fresh ? { url: fresh.url, migrationsDir: dir } : { dataDir, migrationsDir: dir });
  const serverKey = testKeyRing.keys.get(testKeyRing.currentId)!;
  const now = new Date("2026-11-20T10:00:00Z");
  // Raw SQL takes the time as text: the postgres driver does not serialize a Date inside sql``.
  const at = now.toISOString();
  const old = [
    { id: crypto.randomUUID(), oneTimeKey: crypto.randomUUID(), reference: "TRG-OLD1-AAAA", description: "A man followed me home after the debate.", file: "letter.pdf", bytes: Buffer.from("%PDF-1.4 old letter") },
    { id: crypto.randomUUID(), oneTimeKey: crypto.randomUUID(), reference: "TRG-OLD2-BBBB", description: "Threats under every post on my page.", file: "", bytes: Buffer.alloc(0) },
  ];

  beforeAll(async () => {
    if (process.env.DATABASE_URL) fresh = await createFreshPostgresDatabase(process.env.DATABASE_URL, "legacy");
    // The old schema, with reports written the way 412c27e wrote them.
    const before = await open(oldDir);
    await seedReferenceUnits(before.db as never);
    const [odense] = await queryRows<{ id: string }>(before.db, sql`select id from units where name = 'Odense Kommune'`);
    for (const report of old) {
      const contents = { role: "candidate", partyName: null, placeName: "Odense Kommune", when: "2026-11-19", time: null, where: null, description: report.description, perpetrator: null, policeTold: false, policeCaseNumber: null, contactMethod: "anonymous", contactEmail: null, contactPhone: null };
      await before.db.execute(sql`insert into reports (id, reference, receipt_hash, idempotency_key, locale, country, threat_level, unit_id, routing_reason, visible_unit_ids, sealed, created_at, updated_at)
        values (${report.id}, ${report.reference}, ${hashReceiptCode(oldReceiptCode(serverKey, report.oneTimeKey))}, ${report.oneTimeKey}, 'da', 'dk', 3, ${odense!.id}, 'place', ${`{${odense!.id}}`}::uuid[],
          ${encryptText(testKeyRing, JSON.stringify(contents), `report:${report.id}:contents`)}, ${at}::timestamptz, ${at}::timestamptz)`);
      await before.db.execute(sql`insert into report_events (report_id, at, type, actor_kind, public, body_sealed) values (${report.id}, ${at}::timestamptz, 'reporter_message', 'reporter', true, ${encryptText(testKeyRing, `Message about ${report.reference}`, `report:${report.id}:event`)})`);
      if (report.file) {
        const fileId = crypto.randomUUID();
        await before.db.execute(sql`insert into report_attachments (id, report_id, name_sealed, content_type, size, data, added_by, created_at)
          values (${fileId}, ${report.id}, ${encryptText(testKeyRing, report.file, `attachment:${report.id}:${fileId}`)}, 'application/pdf', ${report.bytes.length}, ${encryptBytes(testKeyRing, report.bytes, `attachment:${report.id}:${fileId}`)}, 'reporter', ${at}::timestamptz)`);
      }
    }
    await before.close();
    // Today's code: migration 0005 at start, then the sealing job.
    handle = await open(migrationsDir);
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
    await fresh?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(oldDir, { recursive: true, force: true });
  });

  it("after the migration each one-time key has its hash beside it, and the reports wait for sealing", async () => {
    const rows = await handle.db.select().from(reports);
    expect(rows.map((row) => row.keyScheme)).toEqual([1, 1]);
    for (const report of old) {
      const row = rows.find((candidate) => candidate.id === report.id)!;
      expect(row.idempotencyHash).toBe(createHash("sha256").update(report.oneTimeKey).digest("hex"));
    }
    // Before the job has run, the reporter is told to come back shortly rather than shown an error.
    const early = await openReportWithCode(handle.db, { reference: old[0]!.reference, code: oldReceiptCode(serverKey, old[0]!.oneTimeKey), ip: "10.1.1.1" }, now);
    expect(early).toMatchObject({ ok: false, reason: "sealing" });
  });

  it("the sealing job seals every old report: the old code opens it, its unit's officer reads it, nothing stored derives the code", async () => {
    const [odense] = await handle.db.select().from(units).where(eq(units.name, "Odense Kommune"));
    const officer = await createStaffUser(handle.db, { email: "odense@t.test", roles: ["officer"] });
    await assignTestOfficer(handle.db, { unitId: odense!.id, user: officer.user, role: "primary" });

    expect(await sealLegacyReports(handle.db, testKeys, now, 1)).toEqual({ sealed: 2 });
    expect(await sealLegacyReports(handle.db, testKeys, now)).toEqual({ sealed: 0 }); // safe to run again

    for (const report of old) {
      const [row] = await handle.db.select().from(reports).where(eq(reports.id, report.id));
      expect(row).toMatchObject({ keyScheme: 2, legacyIdempotencyKey: null });
      // Nothing stored is the one-time key any more.
      const dump = JSON.stringify(await queryRows(handle.db, sql`select * from reports where id = ${report.id}`));
      expect(dump).not.toContain(report.oneTimeKey);

      const code = oldReceiptCode(serverKey, report.oneTimeKey);
      const opened = await openReportWithCode(handle.db, { reference: report.reference, code, ip: "10.1.1.2" }, now);
      if (!opened.ok) throw new Error(`old code did not open ${report.reference}: ${opened.reason}`);
      expect(opened.cipher.openContents<{ description: string }>(opened.report.sealed).description).toBe(report.description);

      const cipher = await staffCipher(handle.db, testKeys, report.id, { user: officer.user, privateKey: officer.privateKey });
      expect(cipher, "the unit's officer holds the key").toBeTruthy();
      expect(cipher!.openContents<{ description: string }>(row!.sealed).description).toBe(report.description);
      const [event] = await handle.db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id));
      expect(cipher!.openText("event", event!.bodySealed!)).toBe(`Message about ${report.reference}`);
      for (const file of await handle.db.select().from(reportAttachments).where(eq(reportAttachments.reportId, report.id))) {
        expect(cipher!.openAttachmentName(file.id, file.nameSealed)).toBe(report.file);
        expect(Buffer.from(cipher!.openFile(file.id, file.data!)).equals(report.bytes)).toBe(true);
      }
      // The server key alone no longer opens the contents.
      expect(() => decryptText(testKeyRing, row!.sealed, `report:${report.id}:contents`)).toThrow();
    }
  });
});
