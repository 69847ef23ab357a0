import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@db/client.server";
import type { OutboxContent } from "@db/schema";
import { decryptText, encryptText, keyIdOf, type KeyRing } from "./server-key.server";

/**
 * What the server key seals: only what jobs must read without anyone's session (mail waiting to
 * be sent, TOTP secrets, server-held unit key copies of accounts from before sealing). Never a
 * report. Each such column is registered here, so `keys:rotate` re-seals it and the stolen-server
 * test knows it; a new sealed column adds one entry.
 */
export interface ServerSealedColumn {
  table: string;
  column: string;
  /** The columns that identify a row (for the update). */
  idColumns: string[];
  /** The associated data a value was sealed with, from its row's ids. */
  context: (ids: Record<string, string>) => string;
  /** Extra SQL condition on the rows that hold server-sealed values. */
  where?: string;
}

const columns: ServerSealedColumn[] = [];

export function registerServerSealedColumn(column: ServerSealedColumn): void {
  if (!columns.some((known) => known.table === column.table && known.column === column.column)) columns.push(column);
}

export function serverSealedColumns(): readonly ServerSealedColumn[] {
  return columns;
}

export const totpContext = (userId: string) => `totp:${userId}`;
export const outboxContext = (idempotencyKey: string) => `outbox:${idempotencyKey}`;

registerServerSealedColumn({ table: "users", column: "totp_secret", idColumns: ["id"], context: (ids) => totpContext(ids.id!) });
registerServerSealedColumn({ table: "outbox", column: "sealed", idColumns: ["idempotency_key"], context: (ids) => outboxContext(ids.idempotency_key!) });
registerServerSealedColumn({
  table: "unit_key_grants",
  column: "sealed",
  idColumns: ["unit_key_id", "user_id"],
  where: "kind = 'server'",
  context: (ids) => `unit-key-server:${ids.unit_key_id}:${ids.user_id}`,
});

export const sealTotpSecret = (ring: KeyRing, userId: string, secret: string) => encryptText(ring, secret, totpContext(userId));
export const openTotpSecret = (ring: KeyRing, userId: string, sealed: string) => decryptText(ring, sealed, totpContext(userId));
export const sealOutboxContent = (ring: KeyRing, idempotencyKey: string, content: OutboxContent) => encryptText(ring, JSON.stringify(content), outboxContext(idempotencyKey));
export const openOutboxContent = (ring: KeyRing, idempotencyKey: string, sealed: string) => JSON.parse(decryptText(ring, sealed, outboxContext(idempotencyKey))) as OutboxContent;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Re-seals every registered column under the ring's current key, `batchSize` rows at a time.
 * Each row is updated only if it still holds the value read (a concurrent change wins), so it is
 * safe while the portal serves, and safe to stop and run again: rows already done are skipped.
 */
export async function resealServerColumns(db: Executor, ring: KeyRing, options: { batchSize?: number; onProgress?: (line: string) => void } = {}) {
  const { batchSize = 200, onProgress = () => {} } = options;
  const totals: Record<string, number> = {};
  for (const column of columns) {
    const name = `${column.table}.${column.column}`;
    let done = 0;
    const skipped = new Set<string>();
    for (;;) {
      const select = `select ${column.idColumns.map(ident).join(", ")}, ${ident(column.column)} as value from ${ident(column.table)}
        where ${ident(column.column)} is not null and ${ident(column.column)} not like $1 ${column.where ? `and ${column.where}` : ""}
        limit ${batchSize + skipped.size}`;
      const rows = await queryRows<Record<string, string>>(db, sql.raw(select.replace("$1", `'enc1.${ring.currentId.replace(/'/g, "''")}.%'`)));
      const list = rows.filter((row) => !skipped.has(column.idColumns.map((id) => row[id]).join("|")));
      if (list.length === 0) break;
      for (const row of list) {
        const ids = Object.fromEntries(column.idColumns.map((id) => [id, String(row[id])]));
        const value = row.value!;
        const keyId = keyIdOf(value);
        if (!keyId || !ring.keys.has(keyId)) {
          // Sealed with a key this ring no longer has: it cannot be re-sealed; report it and go on.
          skipped.add(column.idColumns.map((id) => row[id]).join("|"));
          onProgress(`${name}: a value sealed with unknown key "${keyId ?? "?"}" was skipped`);
          continue;
        }
        const resealed = encryptText(ring, decryptText(ring, value, column.context(ids)), column.context(ids));
        const conditions = column.idColumns.map((id) => sql`${sql.raw(ident(id))} = ${ids[id]}`);
        await db.execute(sql`update ${sql.raw(ident(column.table))} set ${sql.raw(ident(column.column))} = ${resealed} where ${sql.join(conditions, sql` and `)} and ${sql.raw(ident(column.column))} = ${value}`);
        done++;
      }
      onProgress(`${name}: ${done} re-sealed`);
      if (list.length < batchSize) break;
    }
    totals[name] = done;
  }
  return totals;
}
