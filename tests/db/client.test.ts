import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "@db/client.server";
import { appMeta } from "@db/schema";
import { createTestDatabase, migrationsDir, type TestDatabase } from "../setup/database";

describe(`the suite's database (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("starts empty, migrated, and on the driver the environment chose", async () => {
    expect(database.kind).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(["app_meta", "guidance_search"]));
    expect(await database.db.select().from(appMeta)).toEqual([]);
  });

  it("round-trips a row, including text that looks like SQL", async () => {
    const value = "Robert'); drop table app_meta;-- ÆØÅ æøå";
    await database.db.insert(appMeta).values({ key: "round-trip", value });
    const [row] = await database.db.select().from(appMeta).where(eq(appMeta.key, "round-trip"));
    expect(row?.value).toBe(value);
    expect(row?.updatedAt).toBeInstanceOf(Date);
  });

  it("answers a ping", async () => {
    expect(await database.ping(2000)).toBe(true);
  });
});

describe("PGlite in a data folder", () => {
  it("keeps data across a reopen, and refuses a second process while the folder is in use", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-pglite-"));
    try {
      const first = await openDatabase({ dataDir, migrationsDir });
      await first.db.insert(appMeta).values({ key: "kept", value: "yes" });
      // Pretend another live process holds the lock: our parent process is alive.
      const lockPath = path.join(dataDir, "trygg.lock");
      const ownLock = fs.readFileSync(lockPath, "utf8");
      fs.writeFileSync(lockPath, String(process.ppid));
      await expect(openDatabase({ dataDir, migrationsDir })).rejects.toThrow(/in use by process/);
      fs.writeFileSync(lockPath, ownLock);
      await first.close();
      expect(fs.existsSync(lockPath)).toBe(false);

      const again = await openDatabase({ dataDir, migrationsDir });
      const rows = await again.db.select().from(appMeta).where(eq(appMeta.key, "kept"));
      expect(rows.map((row) => row.value)).toEqual(["yes"]);
      await again.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
