import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import exifr from "exifr";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@db/client.server";
import { reportAttachments, reports, units } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { openCopy, openOriginal, prepareEvidence, sha256Hex, type FileChoice } from "~/domain/reports/evidence-files.server";
import { submitReport } from "~/domain/reports/submit.server";
import { openReportWithCode } from "~/domain/reports/reporter.server";
import { createFreshPostgresDatabase, migrationsDir } from "../../setup/database";
import { assignTestOfficer, createStaffUser, testKeys } from "../../setup/staff";

// Issue #16, in the database: what a copy of it holds for files with metadata. The phone's make is
// a canary, the GPS block is made by sharp; neither, nor any file's SHA-256 in the clear, may be
// anywhere in the raw database (PGlite's data folder; pg_dump on PostgreSQL).

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const photo = (make: string) =>
  sharp({ create: { width: 12, height: 12, channels: 3, background: "#36c" } })
    .jpeg()
    .withExif({ IFD0: { Make: make, Model: "Phone 9" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "59/1 54/1 36/1", GPSLongitudeRef: "E", GPSLongitude: "10/1 45/1 0/1" } })
    .toBuffer();

async function fileReport(handle: DatabaseHandle, make: string) {
  await seedReferenceUnits(handle.db);
  const [place] = await handle.db.select().from(units).where(eq(units.name, "Københavns Kommune"));
  const { user } = await createStaffUser(handle.db, { email: "o@t.test", roles: ["officer"] });
  await assignTestOfficer(handle.db, { unitId: place!.id, user, role: "primary" });
  const files = await Promise.all(
    (
      [
        ["copy.jpg", "copy"],
        ["kept.jpg", "original"],
      ] as Array<[string, FileChoice]>
    ).map(async ([name, choice]) => {
      const bytes = new Uint8Array(await photo(make));
      return { name, type: "image/jpeg" as const, bytes, choice, evidence: await prepareEvidence({ name, type: "image/jpeg", bytes }) };
    }),
  );
  const result = await submitReport(
    handle.db,
    testKeys,
    {
      form: {
        idempotencyKey: crypto.randomUUID(), role: "elected", country: "dk", party: "none", place: place!.id, level: 4, when: "2026-11-20",
        description: "Someone photographed my house.", perpetrator: undefined, where: undefined, policeTold: "no", policeCaseNumber: undefined,
        inDanger: false, contactMethod: "anonymous", contactPhone: undefined, contactEmail: undefined, consent: true, time: undefined, website: undefined,
      },
      locale: "da",
      partyName: null,
      placeName: place!.name,
      attachments: files,
    },
    { origin: "http://x", now: new Date(), escalationHours: [1, 8, 24] },
  );
  if ("refused" in result) throw new Error("refused");
  return { result, hashes: files.map((file) => sha256Hex(file.bytes)) };
}

/** The rows as stored, and what the reporter's key opens from them. */
async function checkRows(handle: DatabaseHandle, result: { reference: string; receiptCode: string }, hashes: string[]) {
  const opened = await openReportWithCode(handle.db, { reference: result.reference, code: result.receiptCode, ip: null }, new Date());
  if (!opened.ok) throw new Error("does not open");
  const rows = await handle.db.select().from(reportAttachments).where(eq(reportAttachments.reportId, opened.report.id));
  const byName = new Map(rows.map((row) => [opened.cipher.openAttachmentName(row.id, row.nameSealed), row]));
  const copyOnly = byName.get("copy.jpg")!;
  const kept = byName.get("kept.jpg")!;
  // The reporter sent a copy: no original bytes at all, its hash still recorded (sealed).
  expect(copyOnly.keptOriginal).toBe(false);
  expect(copyOnly.data).toBeNull();
  expect(kept.keptOriginal).toBe(true);
  expect(kept.data).not.toBeNull();
  for (const row of [copyOnly, kept]) {
    expect(row.sha256Sealed).toMatch(/\S/);
    expect(hashes).toContain(opened.cipher.openAttachmentText(row.id, "sha256", row.sha256Sealed!));
    const copy = await openCopy(opened.cipher, row);
    expect(await exifr.gps(Buffer.from(copy!))).toBeUndefined();
  }
  const original = openOriginal(opened.cipher, kept)!;
  // The needle for the GPS block is right: the original has it, the copies do not.
  expect(gpsLatitudeBytes().some((needle) => Buffer.from(original).includes(needle))).toBe(true);
  for (const row of [copyOnly, kept]) {
    const copy = Buffer.from((await openCopy(opened.cipher, row))!);
    expect(gpsLatitudeBytes().some((needle) => copy.includes(needle))).toBe(false);
  }
  expect(sha256Hex(original)).toBe(opened.cipher.openAttachmentText(kept.id, "sha256", kept.sha256Sealed!));
  expect((await exifr.gps(Buffer.from(original)))?.latitude).toBeCloseTo(59.91, 2);
  // What was found, for the copy: the kinds only, not the place.
  expect(JSON.parse(opened.cipher.openAttachmentText(copyOnly.id, "metadata", copyOnly.metadataSealed!))).toEqual({ kinds: ["gps", "device"], values: null });
  const [report] = await handle.db.select({ id: reports.id }).from(reports).where(eq(reports.reference, result.reference));
  expect(report!.id).toBe(opened.report.id);
}

/** The GPS latitude as EXIF stores it: three rationals (59/1, 54/1, 36/1), in either byte order. */
function gpsLatitudeBytes(): Buffer[] {
  const values = [59, 1, 54, 1, 36, 1];
  const be = Buffer.alloc(24);
  const le = Buffer.alloc(24);
  values.forEach((value, index) => {
    be.writeUInt32BE(value, index * 4);
    le.writeUInt32LE(value, index * 4);
  });
  return [be, le];
}

const needles = (make: string, hashes: string[]) => [
  Buffer.from(make),
  ...gpsLatitudeBytes(),
  ...hashes.flatMap((hash) => [Buffer.from(hash), Buffer.from(hash.toUpperCase()), Buffer.from(hash, "hex"), Buffer.from(`\\x${hash}`)]),
];

describe("evidence files in a copy of the database", () => {
  it.skipIf(Boolean(process.env.DATABASE_URL))("PGlite: no file of the data folder holds the phone's make, the GPS block or a plain hash", { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-evidence-"));
    const make = `MAKE${crypto.randomUUID().replace(/-/g, "")}`;
    try {
      const handle = await openDatabase({ dataDir, migrationsDir });
      const { result, hashes } = await fileReport(handle, make);
      await checkRows(handle, result, hashes);
      await handle.close();
      let sawReference = false;
      for (const file of filesUnder(dataDir)) {
        const bytes = fs.readFileSync(file);
        for (const needle of needles(make, hashes)) expect(bytes.includes(needle), file).toBe(false);
        sawReference ||= bytes.includes(Buffer.from(result.reference));
      }
      expect(sawReference).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.DATABASE_URL)("PostgreSQL: pg_dump holds no phone make and no plain hash", { timeout: 120_000 }, async () => {
    const fresh = await createFreshPostgresDatabase(process.env.DATABASE_URL!, "evidence");
    const make = `MAKE${crypto.randomUUID().replace(/-/g, "")}`;
    try {
      const handle = await openDatabase({ url: fresh.url, migrationsDir });
      const { result, hashes } = await fileReport(handle, make);
      await checkRows(handle, result, hashes);
      await handle.close();
      const dump = spawnSync("pg_dump", ["--data-only", fresh.url], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      expect(dump.status).toBe(0);
      expect(dump.stdout).toContain(result.reference);
      expect(dump.stdout).not.toContain(make);
      // bytea columns are dumped as hex: the make's hex would show there too.
      expect(dump.stdout).not.toContain(Buffer.from(make).toString("hex"));
      for (const hash of hashes) expect(dump.stdout.toLowerCase()).not.toContain(hash);
      for (const needle of gpsLatitudeBytes()) expect(dump.stdout).not.toContain(needle.toString("hex"));
    } finally {
      await fresh.drop();
    }
  });
});
