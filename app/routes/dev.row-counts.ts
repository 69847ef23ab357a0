import { getDb } from "~/db.server";
import { rowCountsByTable } from "~/domain/row-counts.server";
import { devOutboxEnabled } from "~/mail/mailer-instance.server";

/**
 * Rows per table, as JSON: how the security tests prove that refused input wrote nothing
 * (PGlite allows one process only, so they cannot open the database beside the server).
 * Demo mode only, like the outbox page, which already shows far more.
 */
export async function loader() {
  if (!devOutboxEnabled()) throw new Response("Not found", { status: 404 });
  const counts = await rowCountsByTable(await getDb());
  return new Response(JSON.stringify(counts), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
}
