import { openDatabase, type Database, type DatabaseHandle } from "@db/client.server";
import { getConfig } from "~/config.server";

let opening: Promise<DatabaseHandle> | undefined;

/** The process's database, opened and migrated on first use (at start-up in production). */
export function getDatabase(): Promise<DatabaseHandle> {
  opening ??= (() => {
    const config = getConfig();
    return openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
      migrationsDir: config.MIGRATIONS_DIR,
    });
  })();
  return opening;
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  if (!opening) return;
  const handle = await opening.catch(() => undefined);
  opening = undefined;
  await handle?.close();
}
