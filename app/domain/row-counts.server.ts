import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@db/client.server";

/**
 * Rows per table of the public schema: how the security tests prove that refused input wrote
 * nothing (the development-only /dev/row-counts).
 */
export async function rowCountsByTable(db: Executor): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from ${sql.identifier(name)}`);
    counts[name] = Number(row?.count ?? 0);
  }
  return counts;
}
