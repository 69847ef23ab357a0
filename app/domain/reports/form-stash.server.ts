import { and, asc, eq, gt, lte } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportFormStashes } from "@db/schema";
import { aeadOpen, aeadSeal, deriveKey, SealError } from "~/domain/sealing/aead.server";
import { hashOneTimeKey } from "~/domain/sealing/report-keys.server";
import { checkAttachment } from "./attachments";
import type { IncomingAttachment } from "./submit.server";

/**
 * Files of a report form that failed to submit, kept for the retry (issue #13). The rows are found
 * by the SHA-256 of the form's one-time key and sealed (name, type and bytes together) by a key
 * derived from the key itself, which only the browser holding the form has: a copy of the database
 * and the server's environment open none of them.
 */

/** How long files are kept for a retry. */
export const STASH_MS = 30 * 60_000;

export interface StashedFile extends IncomingAttachment {
  position: number;
}

const stashKey = (oneTimeKey: string, keyHash: string) => deriveKey(oneTimeKey, keyHash, "trygg form stash");
const stashContext = (keyHash: string, position: number) => `stash:${keyHash}:${position}`;

// A 4-byte length, the JSON of name and type, then the bytes.
function encode(file: IncomingAttachment): Buffer {
  const header = Buffer.from(JSON.stringify({ name: file.name, type: file.type }), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, file.bytes]);
}

function decode(plain: Buffer): IncomingAttachment | undefined {
  if (plain.length < 4) return undefined;
  const length = plain.readUInt32BE(0);
  if (plain.length < 4 + length) return undefined;
  const header = JSON.parse(plain.subarray(4, 4 + length).toString("utf8")) as { name?: unknown; type?: unknown };
  const bytes = new Uint8Array(plain.subarray(4 + length));
  // Checked again as on upload: only a file that passes then comes back.
  const checked = checkAttachment(bytes);
  if (!checked.ok || checked.type !== header.type || typeof header.name !== "string") return undefined;
  return { name: header.name, type: checked.type, bytes };
}

/**
 * Keeps these files for the form with this one-time key, in place of any it kept before (one
 * transaction: a failure leaves the earlier stash). Returns what the form lists as kept.
 */
export async function stashFiles(db: Executor, oneTimeKey: string, files: IncomingAttachment[], now: Date): Promise<Array<{ position: number; name: string }>> {
  const keyHash = hashOneTimeKey(oneTimeKey);
  const key = stashKey(oneTimeKey, keyHash);
  const expiresAt = new Date(now.getTime() + STASH_MS);
  await db.transaction(async (tx) => {
    await tx.delete(reportFormStashes).where(eq(reportFormStashes.keyHash, keyHash));
    if (files.length === 0) return;
    await tx
      .insert(reportFormStashes)
      .values(files.map((file, position) => ({ keyHash, position, sealed: aeadSeal(key, encode(file), stashContext(keyHash, position)), createdAt: now, expiresAt })));
  });
  return files.map((file, position) => ({ position, name: file.name }));
}

/**
 * The kept files of the form with this one-time key that have not expired, in order. A row that
 * does not open (another key, changed bytes) is counted as unreadable and left out, never thrown.
 */
export async function openStash(db: Executor, oneTimeKey: string, now: Date): Promise<{ files: StashedFile[]; unreadable: number }> {
  const keyHash = hashOneTimeKey(oneTimeKey);
  const rows = await db
    .select({ position: reportFormStashes.position, sealed: reportFormStashes.sealed })
    .from(reportFormStashes)
    .where(and(eq(reportFormStashes.keyHash, keyHash), gt(reportFormStashes.expiresAt, now)))
    .orderBy(asc(reportFormStashes.position));
  const key = stashKey(oneTimeKey, keyHash);
  const files: StashedFile[] = [];
  let unreadable = 0;
  for (const row of rows) {
    let file: IncomingAttachment | undefined;
    try {
      file = decode(aeadOpen(key, row.sealed, stashContext(keyHash, row.position)));
    } catch (error) {
      if (!(error instanceof SealError) && !(error instanceof SyntaxError)) throw error;
    }
    if (file) files.push({ ...file, position: row.position });
    else unreadable += 1;
  }
  return { files, unreadable };
}

/** Forgets the kept files of this form (its report took them). */
export async function deleteStash(db: Executor, oneTimeKey: string): Promise<void> {
  await db.delete(reportFormStashes).where(eq(reportFormStashes.keyHash, hashOneTimeKey(oneTimeKey)));
}

/** Deletes every stash past its time; returns how many files went. */
export async function deleteExpiredStashes(db: Executor, now: Date): Promise<number> {
  return (await db.delete(reportFormStashes).where(lte(reportFormStashes.expiresAt, now)).returning({ id: reportFormStashes.id })).length;
}
