import { sql } from "drizzle-orm";
import { queryRows } from "@db/client.server";
import { getDb } from "~/db.server";
import { devOutboxEnabled } from "~/mail/mailer-instance.server";

/**
 * Rows per table, as JSON: how the security tests prove that refused input wrote nothing
 * (PGlite allows one process only, so they cannot open the database beside the server).
 * Demo mode only, like the outbox page, which already shows far more.
 */
export async function loader() {
  if (!devOutboxEnabled()) throw new Response("Not found", { status: 404 });
  const db = await getDb();
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from ${sql.identifier(name)}`);
    counts[name] = Number(row?.count ?? 0);
  }
  return new Response(JSON.stringify(counts), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
}
