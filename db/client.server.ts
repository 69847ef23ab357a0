/**
 * The one place that decides which database Trygg talks to: PostgreSQL through the `postgres`
 * driver when a URL is given, otherwise embedded PGlite in a data folder (or in memory).
 * Everything else sees a drizzle `Database` and does not know which is behind it.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite, PglitePreparedQuery } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, PostgresJsPreparedQuery } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: domain functions accept either. */
export type Executor = Pick<Database, "select" | "selectDistinct" | "insert" | "update" | "delete" | "execute" | "transaction">;

export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** Resolves true when the database answers a trivial query within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; without it PGlite is used. */
  url?: string;
  /** PGlite's data folder; without it (and without url) the database lives in memory. */
  dataDir?: string;
  migrationsDir: string;
}

/**
 * Queries sent and not yet answered, for the metrics (the postgres driver keeps no pool
 * statistics). Every drizzle query, in a transaction or not, on either driver, runs through a
 * prepared query's `execute` or `all`: those are wrapped once for the process.
 */
let inFlight = 0;
export function queriesInFlight(): number {
  return inFlight;
}

function countQueries(prototype: { execute: (...args: never[]) => unknown; all: (...args: never[]) => unknown }) {
  const marked = prototype as unknown as { __tryggCounted?: boolean };
  if (marked.__tryggCounted) return;
  marked.__tryggCounted = true;
  for (const method of ["execute", "all"] as const) {
    const original = prototype[method] as (...args: unknown[]) => unknown;
    (prototype as unknown as Record<string, unknown>)[method] = async function (this: unknown, ...args: unknown[]) {
      inFlight++;
      try {
        return await original.apply(this, args);
      } finally {
        inFlight--;
      }
    };
  }
}
countQueries(PostgresJsPreparedQuery.prototype as never);
countQueries(PglitePreparedQuery.prototype as never);

/** Opens the database and applies the migrations in `migrationsDir`. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.url ? openPostgres(options.url) : await openPglite(options.dataDir);
  try {
    if (options.url) await migratePostgresDatabase(options.url, options.migrationsDir);
    else await migratePglite(handle.db as never, { migrationsFolder: options.migrationsDir });
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** Rows of a raw query, whichever driver ran it. */
export async function queryRows<T>(db: Pick<Database, "execute">, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

function openPostgres(url: string): DatabaseHandle {
  const client = postgres(url, {
    max: 10,
    idle_timeout: 20,
    connect_timeout: 10,
    onnotice: () => {},
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "postgres",
    ping: (timeoutMs = 2000) => pingWithTimeout(db, timeoutMs),
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  let releaseLock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = lockDataDir(dataDir);
  }
  let client: PGlite;
  try {
    client = dataDir ? new PGlite(path.resolve(dataDir)) : new PGlite();
    await client.waitReady;
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    ping: (timeoutMs = 2000) => pingWithTimeout(db, timeoutMs),
    close: async () => {
      try {
        await client.close();
      } finally {
        releaseLock();
      }
    },
  };
}

/**
 * Several app instances may start at once: each migrates on its own single connection, holding
 * an advisory lock, so one applies the migrations while the others wait and then find none left.
 */
async function migratePostgresDatabase(url: string, migrationsFolder: string) {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await client`select pg_advisory_lock(7216001)`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(7216001)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function pingWithTimeout(db: Database, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * PGlite has no lock between processes, and a second process opening a live data folder corrupts
 * it. A lock file holding our pid keeps a second Trygg out; a stale one (dead pid) is replaced.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, "trygg.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The data folder ${dataDir} is in use by process ${holder}. Stop it first, or set DATA_DIR to another folder.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
