import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@db/client.server";
import { units } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { submitReport } from "~/domain/reports/submit.server";
import { stashFiles } from "~/domain/reports/form-stash.server";
import { aeadOpen } from "~/domain/sealing/aead.server";
import { reportFormStashes } from "@db/schema";
import { applyCaseAction } from "~/domain/reports/case.server";
import { createFreshPostgresDatabase, migrationsDir } from "../../setup/database";
import { assignTestOfficer, createStaffUser, testKeys } from "../../setup/staff";

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

async function fileReportWithCanary(handle: DatabaseHandle, canary: string) {
  await seedReferenceUnits(handle.db);
  const [place] = await handle.db.select().from(units).where(eq(units.name, "Københavns Kommune"));
  // An officer of the municipality, holding its key, so officer-side text can be written too.
  const { user, privateKey } = await createStaffUser(handle.db, { email: "o@t.test", roles: ["officer"] });
  await assignTestOfficer(handle.db, { unitId: place!.id, user, role: "primary" });
  const result = await submitReport(
    handle.db,
    testKeys,
    {
      form: {
        idempotencyKey: crypto.randomUUID(), role: "elected", country: "dk", party: "none", place: place!.id, level: 4, when: "2026-11-20",
        description: `Letter said ${canary}`, perpetrator: canary, where: canary, policeTold: "yes", policeCaseNumber: canary.slice(0, 40),
        inDanger: false, contactMethod: "phone", contactPhone: "+45 11 22 33 44", contactEmail: undefined, consent: true, time: undefined, website: undefined,
      },
      locale: "da",
      partyName: null,
      placeName: place!.name,
      attachments: [{ name: `${canary}.pdf`, type: "application/pdf", bytes: new TextEncoder().encode(`%PDF-1.4 ${canary}`) }],
    },
    { origin: "http://x", now: new Date(), escalationHours: [1, 8, 24] },
  );
  if ("refused" in result) throw new Error("refused");
  // Officer-side text too: a note is sealed like the report.
  const { reports } = await import("@db/schema");
  const [report] = await handle.db.select().from(reports).where(eq(reports.reference, result.reference));
  const noted = await applyCaseAction(handle.db, report!.id, { type: "note", text: `note ${canary}` }, { keys: testKeys, user, privateKey, now: new Date(), origin: "http://x", ip: null, followUpHours: [24, 72, 168] });
  expect(noted).toEqual({ ok: true });
  // Files kept for the retry of another form that failed (issue #13): their names and bytes too.
  await stashFiles(handle.db, crypto.randomUUID(), [
    { name: `${canary}-photo.png`, type: "image/png", bytes: new Uint8Array([...png, ...new TextEncoder().encode(canary)]) },
    { name: `${canary}-police.pdf`, type: "application/pdf", bytes: new TextEncoder().encode(`%PDF-1.4 ${canary}`) },
  ], new Date());
  await expectStashUnopenedByServerKeys(handle);
  return result;
}

const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/** No key of the server's environment opens a kept file: only the form's one-time key does. */
async function expectStashUnopenedByServerKeys(handle: DatabaseHandle) {
  const rows = await handle.db.select().from(reportFormStashes);
  expect(rows).toHaveLength(2);
  const serverKeys = [...testKeys.ring.keys.values()];
  expect(serverKeys.length).toBeGreaterThan(0);
  for (const row of rows) {
    for (const key of serverKeys) expect(() => aeadOpen(key, row.sealed, `stash:${row.keyHash}:${row.position}`)).toThrow();
  }
}

describe("a canary typed into a report is found nowhere in the raw database", () => {
  it.skipIf(Boolean(process.env.DATABASE_URL))("PGlite: no file of the data folder (tables, indexes, WAL) contains it", { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-canary-"));
    const canary = `CANARY${crypto.randomUUID().replace(/-/g, "")}`;
    try {
      const handle = await openDatabase({ dataDir, migrationsDir });
      const result = await fileReportWithCanary(handle, canary);
      await handle.close();
      const needle = Buffer.from(canary);
      const reference = Buffer.from(result.reference);
      let sawReference = false;
      for (const file of filesUnder(dataDir)) {
        const bytes = fs.readFileSync(file);
        expect(bytes.includes(needle), file).toBe(false);
        sawReference ||= bytes.includes(reference);
      }
      expect(sawReference).toBe(true); // the search itself works: the plain reference is there
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.DATABASE_URL)("PostgreSQL: pg_dump of the database does not contain it", { timeout: 120_000 }, async () => {
    const fresh = await createFreshPostgresDatabase(process.env.DATABASE_URL!, "canary");
    const canary = `CANARY${crypto.randomUUID().replace(/-/g, "")}`;
    try {
      const handle = await openDatabase({ url: fresh.url, migrationsDir });
      const result = await fileReportWithCanary(handle, canary);
      await handle.close();
      const dump = spawnSync("pg_dump", ["--data-only", fresh.url], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      expect(dump.status).toBe(0);
      expect(dump.stdout).toContain(result.reference);
      expect(dump.stdout).not.toContain(canary);
    } finally {
      await fresh.drop();
    }
  });
});
