import { createHmac, hkdfSync } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportAttachments, reportEvents, reports, units, type CountryCode } from "@db/schema";
import { newReportKey, reportCipher, sealReportKeyToUnits, wrapForReceipt } from "./report-keys.server";
import { decryptBytes, decryptText, type KeyRing } from "./server-key.server";
import { ensureUnitKey, type SealingKeys } from "./unit-keys.server";
import { hashReceiptCode } from "~/domain/reports/receipt.server";

/**
 * Reports filed before sealing (key scheme 1) had their contents under the server key and their
 * one-time key in clear, from which the server derived the receipt code. This re-seals them under
 * the new scheme in small batches, outside any start-up transaction: a new report key, every
 * sealed value re-sealed under it, the key sealed to the units that may read it, the reporter's
 * copy wrapped for the (re-derived) receipt code, and the one-time key dropped (its hash stays).
 * Backups taken before this ran still open everything: see docs/decisions/0007-sealed-reports.md.
 */

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
function legacyCode(serverKey: Buffer, idempotencyKey: string): string {
  const key = Buffer.from(hkdfSync("sha256", serverKey, Buffer.alloc(0), "trygg receipt code", 32));
  const mac = createHmac("sha256", key).update(idempotencyKey).digest().subarray(0, 16);
  let value = 0n;
  for (const byte of mac) value = (value << 8n) | BigInt(byte);
  let out = "";
  for (let index = 0; index < 20; index++) {
    out += ALPHABET[Number(value % BigInt(ALPHABET.length))];
    value /= BigInt(ALPHABET.length);
  }
  return out.match(/.{4}/g)!.join("-");
}

/** The old receipt code, re-derived with whichever server key made it (undefined if that key is gone). */
function recoverLegacyCode(ring: KeyRing, idempotencyKey: string, receiptHash: string): string | undefined {
  for (const key of ring.keys.values()) {
    const code = legacyCode(key, idempotencyKey);
    if (hashReceiptCode(code) === receiptHash) return code;
  }
  return undefined;
}

const old = (reportId: string, field: string) => `report:${reportId}:${field}`;
const oldAttachment = (reportId: string, attachmentId: string) => `attachment:${reportId}:${attachmentId}`;

export async function sealLegacyReports(db: Executor, keys: SealingKeys, now: Date, batchSize = 20): Promise<{ sealed: number }> {
  let sealed = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const batch = await tx.select().from(reports).where(eq(reports.keyScheme, 1)).limit(batchSize).for("update", { skipLocked: true });
      for (const report of batch) {
        const key = newReportKey();
        const cipher = reportCipher(report.id, key);
        const code = report.legacyIdempotencyKey ? recoverLegacyCode(keys.ring, report.legacyIdempotencyKey, report.receiptHash) : undefined;
        await tx
          .update(reports)
          .set({
            sealed: cipher.sealContents(JSON.parse(decryptText(keys.ring, report.sealed, old(report.id, "contents")))),
            policeCaseSealed: report.policeCaseSealed ? cipher.sealText("police", decryptText(keys.ring, report.policeCaseSealed, old(report.id, "police"))) : null,
            closingNoteSealed: report.closingNoteSealed ? cipher.sealText("closing", decryptText(keys.ring, report.closingNoteSealed, old(report.id, "closing"))) : null,
            ...(code ? wrapForReceipt(report.id, key, code) : {}),
            legacyIdempotencyKey: null,
            repeatSealed: null,
            keyScheme: 2,
          })
          .where(eq(reports.id, report.id));
        for (const event of await tx.select().from(reportEvents).where(eq(reportEvents.reportId, report.id))) {
          if (!event.bodySealed) continue;
          await tx.update(reportEvents).set({ bodySealed: cipher.sealText("event", decryptText(keys.ring, event.bodySealed, old(report.id, "event"))) }).where(eq(reportEvents.id, event.id));
        }
        for (const file of await tx.select().from(reportAttachments).where(eq(reportAttachments.reportId, report.id))) {
          const context = oldAttachment(report.id, file.id);
          await tx
            .update(reportAttachments)
            .set({ nameSealed: cipher.sealAttachmentName(file.id, decryptText(keys.ring, file.nameSealed, context)), data: file.data ? cipher.sealFile(file.id, decryptBytes(keys.ring, Buffer.from(file.data), context)) : null })
            .where(eq(reportAttachments.id, file.id));
        }
        // Every unit that may read it now or after escalation: its units, their parents, the national unit.
        const unitIds = new Set(report.visibleUnitIds.concat(report.unitId));
        const rows = await tx.select().from(units).where(inArray(units.id, [...unitIds]));
        for (const unit of rows) if (unit.parentId) unitIds.add(unit.parentId);
        const [national] = await tx.select().from(units).where(and(eq(units.country, report.country as CountryCode), eq(units.kind, "national")));
        if (national) unitIds.add(national.id);
        const unitKeyRows = [];
        for (const unitId of unitIds) unitKeyRows.push(await ensureUnitKey(tx, keys, unitId, now));
        await sealReportKeyToUnits(tx, report.id, key, unitKeyRows, now);
      }
      sealed += batch.length;
      return batch.length === batchSize;
    });
    if (!done) return { sealed };
  }
}
