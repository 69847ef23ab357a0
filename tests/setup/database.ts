import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "@db/client.server";

export const migrationsDir = path.resolve("db/migrations");

export interface TestDatabase extends DatabaseHandle {
  /** The URL of the fresh PostgreSQL database, when the suite runs on PostgreSQL. */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (dropped again by close()).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase({ migrationsDir });
  const fresh = await createFreshPostgresDatabase(serverUrl, "t");
  const handle = await openDatabase({ url: fresh.url, migrationsDir });
  return {
    ...handle,
    url: fresh.url,
    close: async () => {
      await handle.close();
      await fresh.drop();
    },
  };
}

/** CREATE DATABASE trygg_<prefix>_<random> on the server of `serverUrl`. */
export async function createFreshPostgresDatabase(serverUrl: string, prefix: string) {
  const name = `trygg_${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
