import { createHash, createHmac, randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportKeys, unitKeys, type UnitKey } from "@db/schema";
import { aeadOpen, aeadOpenText, aeadSeal, aeadSealText, deriveKey, SealError } from "./aead.server";
import { decodeKey, openSealed, sealTo } from "./boxes.server";
import { grantsOf, openUnitKey, type SealingKeys } from "./unit-keys.server";

/**
 * Report keys: every report has its own random content key. Its contents, timeline texts, police
 * case number, closing note, file names and files are sealed under it (AES-256-GCM, each value
 * bound to the report and field); the key itself is stored only sealed to unit keys and wrapped
 * by a key derived from the reporter's receipt code.
 */

export function newReportKey(): Buffer {
  return randomBytes(32);
}

export type ReportTextField = "police" | "police-district" | "police-decision" | "closing" | "event";

/** Everything sealed under one report's key goes through here: the contexts live nowhere else. */
export function reportCipher(reportId: string, key: Uint8Array) {
  const context = (field: string) => `report:${reportId}:${field}`;
  const attachment = (attachmentId: string) => `attachment:${reportId}:${attachmentId}`;
  return {
    reportId,
    /** For sealing this report's key to another unit key (a transfer to a newer key). */
    key: Buffer.from(key),
    sealContents: <T>(contents: T) => aeadSealText(key, JSON.stringify(contents), context("contents")),
    openContents: <T>(sealed: string) => JSON.parse(aeadOpenText(key, sealed, context("contents"))) as T,
    sealText: (field: ReportTextField, text: string) => aeadSealText(key, text, context(field)),
    openText: (field: ReportTextField, sealed: string) => aeadOpenText(key, sealed, context(field)),
    sealAttachmentName: (attachmentId: string, name: string) => aeadSealText(key, name, `${attachment(attachmentId)}:name`),
    openAttachmentName: (attachmentId: string, sealed: string) => aeadOpenText(key, sealed, `${attachment(attachmentId)}:name`),
    /** A file's recorded SHA-256 and what its metadata said (issue #16). */
    sealAttachmentText: (attachmentId: string, field: "sha256" | "metadata", text: string) => aeadSealText(key, text, `${attachment(attachmentId)}:${field}`),
    openAttachmentText: (attachmentId: string, field: "sha256" | "metadata", sealed: string) => aeadOpenText(key, sealed, `${attachment(attachmentId)}:${field}`),
    sealFile: (attachmentId: string, bytes: Uint8Array) => aeadSeal(key, bytes, attachment(attachmentId)),
    openFile: (attachmentId: string, sealed: Uint8Array) => aeadOpen(key, sealed, attachment(attachmentId)),
    /** An evidence item's contents (app/domain/reports/evidence.server.ts), bound to the item. */
    sealEvidenceItem: <T>(itemId: string, contents: T) => aeadSealText(key, JSON.stringify(contents), `${context("evidence")}:${itemId}`),
    openEvidenceItem: <T>(itemId: string, sealed: string) => JSON.parse(aeadOpenText(key, sealed, `${context("evidence")}:${itemId}`)) as T,
  };
}
export type ReportCipher = ReturnType<typeof reportCipher>;

const unitSealContext = (reportId: string, unitKeyId: string) => `report-key:${reportId}:${unitKeyId}`;

/** Seals a report's key to unit keys (the routed unit and every unit its escalation can reach). */
export async function sealReportKeyToUnits(db: Executor, reportId: string, key: Uint8Array, keys: UnitKey[], now: Date): Promise<void> {
  const unique = [...new Map(keys.map((unitKey) => [unitKey.id, unitKey])).values()];
  if (unique.length === 0) return;
  await db
    .insert(reportKeys)
    .values(unique.map((unitKey) => ({ reportId, unitKeyId: unitKey.id, sealed: sealTo(decodeKey(unitKey.publicKey), key, unitSealContext(reportId, unitKey.id)), createdAt: now })))
    .onConflictDoNothing();
}

/** The unit keys a report is sealed to. */
export async function reportUnitKeyIds(db: Executor, reportId: string): Promise<string[]> {
  return (await db.select({ id: reportKeys.unitKeyId }).from(reportKeys).where(eq(reportKeys.reportId, reportId))).map((row) => row.id);
}

/**
 * The report's key for a staff member: through a unit key they hold that the report is sealed to.
 * Undefined when they hold none (they see metadata only). Access itself is decided elsewhere.
 */
export async function openReportKeyForStaff(
  db: Executor,
  keys: SealingKeys,
  reportId: string,
  account: { id: string; publicKey: string | null; privateKey: Uint8Array | null },
): Promise<Buffer | undefined> {
  const sealedKeys = await db.select().from(reportKeys).where(eq(reportKeys.reportId, reportId));
  if (sealedKeys.length === 0) return undefined;
  const byUnitKey = new Map(sealedKeys.map((row) => [row.unitKeyId, row]));
  const unitIds = (await db.select({ unitId: unitKeys.unitId }).from(unitKeys).where(inArray(unitKeys.id, [...byUnitKey.keys()]))).map((row) => row.unitId);
  for (const grant of await grantsOf(db, account.id, unitIds)) {
    const sealed = byUnitKey.get(grant.unitKeyId);
    if (!sealed) continue;
    try {
      const pair = openUnitKey(keys, grant, grant.publicKey, account);
      return openSealed(pair, sealed.sealed, unitSealContext(reportId, grant.unitKeyId));
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
    }
  }
  return undefined;
}

/** Does this unit key already carry the report's key? */
export async function isSealedTo(db: Executor, reportId: string, unitKeyId: string): Promise<boolean> {
  const [row] = await db.select({ id: reportKeys.unitKeyId }).from(reportKeys).where(and(eq(reportKeys.reportId, reportId), eq(reportKeys.unitKeyId, unitKeyId)));
  return Boolean(row);
}

const normalizeCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");

/**
 * The reporter's copy: the report key wrapped by a key derived from the receipt code (≈ 99 bits,
 * so HKDF with a per-report salt is enough; a slow KDF is for passwords).
 */
export function wrapForReceipt(reportId: string, key: Uint8Array, code: string): { receiptSalt: string; receiptWrap: string } {
  const salt = randomBytes(16);
  const wrapKey = deriveKey(normalizeCode(code), salt, "trygg receipt wrap");
  return { receiptSalt: salt.toString("base64url"), receiptWrap: aeadSeal(wrapKey, key, `receipt:${reportId}`).toString("base64url") };
}

export function openWithReceipt(report: { id: string; receiptSalt: string | null; receiptWrap: string | null }, code: string): Buffer | undefined {
  if (!report.receiptSalt || !report.receiptWrap) return undefined;
  try {
    const wrapKey = deriveKey(normalizeCode(code), Buffer.from(report.receiptSalt, "base64url"), "trygg receipt wrap");
    return aeadOpen(wrapKey, Buffer.from(report.receiptWrap, "base64url"), `receipt:${report.id}`);
  } catch {
    return undefined;
  }
}

/**
 * A reporter's visit: the report key wrapped by a key derived from the visit's token (in the
 * cookie only), bound to the visit and the report. The stored row alone opens nothing.
 */
export function wrapForVisit(visitId: string, reportId: string, key: Uint8Array, token: string): string {
  return aeadSeal(deriveKey(token, visitId, "trygg reporter visit"), key, `reporter-visit:${visitId}:${reportId}`).toString("base64url");
}

export function openWithVisit(visitId: string, reportId: string, keyWrap: string, token: string): Buffer | undefined {
  try {
    return aeadOpen(deriveKey(token, visitId, "trygg reporter visit"), Buffer.from(keyWrap, "base64url"), `reporter-visit:${visitId}:${reportId}`);
  } catch {
    return undefined;
  }
}

/** What is stored of a form's one-time key: its SHA-256 (the key itself would give a receipt back). */
export function hashOneTimeKey(oneTimeKey: string): string {
  return createHash("sha256").update(oneTimeKey, "utf8").digest("hex");
}

/**
 * A keyed hash of what a form submitted (fields and files), keyed by the form's one-time key: a
 * repeat of the key with other content gives another digest.
 */
export function submissionDigest(oneTimeKey: string, fields: Record<string, unknown>, files: Array<{ name: string; type: string; bytes: Uint8Array }>): Buffer {
  const mac = createHmac("sha256", Buffer.from(oneTimeKey, "utf8"));
  const sorted = Object.keys(fields).sort().map((name) => [name, fields[name] ?? null]);
  mac.update(JSON.stringify(sorted));
  for (const file of files) mac.update(`\0${file.name}\0${file.type}\0`).update(createHash("sha256").update(file.bytes).digest());
  return mac.digest();
}

/** For a double submit: the receipt code sealed by a key that only the same form with the same content derives. */
export function sealRepeatReceipt(reportId: string, oneTimeKey: string, digest: Uint8Array, code: string): string {
  return aeadSeal(deriveKey(oneTimeKey, digest, "trygg repeat receipt"), Buffer.from(code, "utf8"), `repeat:${reportId}`).toString("base64url");
}

export function openRepeatReceipt(reportId: string, oneTimeKey: string, digest: Uint8Array, sealed: string): string | undefined {
  try {
    return aeadOpen(deriveKey(oneTimeKey, digest, "trygg repeat receipt"), Buffer.from(sealed, "base64url"), `repeat:${reportId}`).toString("utf8");
  } catch {
    return undefined;
  }
}
