import { and, eq, exists, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportAttachments, reportEvents, reports, reportStatistics, unitKeyGrants, unitKeys, unitOfficers, units, users, type CountryCode, type UnitKey } from "@db/schema";
import {
  hashOneTimeKey,
  newReportKey,
  openRepeatReceipt,
  reportCipher,
  sealRepeatReceipt,
  sealReportKeyToUnits,
  submissionDigest,
  wrapForReceipt,
} from "~/domain/sealing/report-keys.server";
import { ensureUnitKey, type SealingKeys } from "~/domain/sealing/unit-keys.server";
import type { Locale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";
import type { AllowedType } from "./attachments";
import { escalationDelayMs } from "./deadlines";
import { attachmentColumns, type Evidence, type FileChoice } from "./evidence-files.server";
import { storeEvidenceItems, type IncomingEvidence } from "./evidence.server";
import { deleteStash } from "./form-stash.server";
import { firstRecipients } from "./recipients.server";
import { generateReceiptCode, generateReference, hashReceiptCode } from "./receipt.server";
import type { ReportContents, ReportInput } from "./report-form";
import { routeReport, type RoutingUnit } from "./routing";

/**
 * The units of a country as routing sees them: kind, tree, and whether an active primary serves
 * it, which now means an active primary who holds the unit's current key (docs/design.md, Units and routing).
 */
export async function loadRoutingUnits(db: Executor, country: string): Promise<RoutingUnit[]> {
  const rows = await db
    .select({
      id: units.id,
      kind: units.kind,
      country: units.country,
      parentId: units.parentId,
      areaUnitId: units.areaUnitId,
      name: units.name,
      hasActivePrimary: exists(
        db
          .select({ one: sql`1` })
          .from(unitOfficers)
          .innerJoin(users, eq(users.id, unitOfficers.userId))
          .innerJoin(unitKeys, and(eq(unitKeys.unitId, unitOfficers.unitId), isNull(unitKeys.retiredAt)))
          .innerJoin(unitKeyGrants, and(eq(unitKeyGrants.unitKeyId, unitKeys.id), eq(unitKeyGrants.userId, unitOfficers.userId)))
          .where(and(eq(unitOfficers.unitId, units.id), eq(unitOfficers.role, "primary"), eq(users.status, "active"))),
      ),
    })
    .from(units)
    .where(eq(units.country, country as CountryCode));
  return rows.map((row) => ({ ...row, hasActivePrimary: Boolean(row.hasActivePrimary) }));
}

export interface IncomingAttachment {
  name: string;
  type: AllowedType;
  bytes: Uint8Array;
  /** Hash, metadata and copy without metadata (evidence.server.ts), with the reporter's choice. */
  evidence?: Evidence;
  choice?: FileChoice;
}

export type SubmitResult =
  | { reference: string; receiptCode: string; duplicate: boolean }
  /** The form's one-time key was used already, with other content or too long ago: no receipt is shown again. */
  | { refused: "alreadySent" };

/** How long a double submit may still show the receipt code of the first. */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/**
 * The units a report's key is sealed to at submission: the routed unit, every unit above it (the
 * parent its escalation opens it to), and the country's national unit (the last stage). The
 * escalation job runs without anyone's session and could not seal later.
 */
async function unitKeysToSealTo(db: Executor, keys: SealingKeys, routed: RoutingUnit[], unitId: string, country: string, now: Date): Promise<UnitKey[]> {
  const byId = new Map(routed.map((unit) => [unit.id, unit]));
  const chain: string[] = [];
  for (let unit = byId.get(unitId); unit && !chain.includes(unit.id); unit = unit.parentId ? byId.get(unit.parentId) : undefined) chain.push(unit.id);
  const national = routed.find((unit) => unit.kind === "national" && unit.country === country);
  const wanted = national && !chain.includes(national.id) ? [...chain, national.id] : chain;
  const found = wanted.length ? await db.select().from(unitKeys).where(and(inArray(unitKeys.unitId, wanted), isNull(unitKeys.retiredAt))) : [];
  if (!national) return found;
  // The national unit always has a key (made now, under a lock, if it has none yet, and sealed to
  // escrow): no report is sealed to nobody. The usual case needs no second look.
  if (found.some((key) => key.unitId === national.id)) return found;
  return [...found, await ensureUnitKey(db, keys, national.id, now)];
}

/**
 * Files a report in one transaction: the report sealed under its own new key, that key sealed to
 * the units that may read it and wrapped for the receipt code, its attachments, the routing
 * decision, the first timeline event, the statistics row, and mail to the unit's officers
 * (reference, level and link only). The receipt code is random and stored only as a hash.
 * A second submit of the same form, with the same content and within 10 minutes, shows the same
 * code again (it is sealed by a key only that form and content derive); anything else gets none.
 */
export async function submitReport(
  db: Executor,
  keys: SealingKeys,
  input: {
    form: ReportInput;
    locale: Locale;
    partyName: string | null;
    placeName: string | null;
    attachments: IncomingAttachment[];
    /** Files kept from a failed try of this form (form-stash.server.ts): the positions the form asked for, and those files. */
    kept?: { positions: number[]; files: IncomingAttachment[] };
    /** Evidence items (evidence.server.ts), stored in this transaction. */
    evidence?: IncomingEvidence;
  },
  context: { origin: string; now: Date; escalationHours: readonly [number, number, number] },
): Promise<SubmitResult> {
  const { form } = input;
  const { now } = context;
  const { idempotencyKey, ...submitted } = form;
  // Kept files count in the digest by the positions the form asked for: a double submit finds
  // them gone (the first took them) and must still get its receipt back. They are bound to the
  // one-time key already.
  const keptPositions = input.kept?.positions ?? [];
  // Evidence items count too: a repeat of the key with other items is another submission.
  const hasEvidence = Boolean(input.evidence && (input.evidence.items.length || input.evidence.posts?.length));
  const fields = { ...submitted, ...(keptPositions.length ? { keptFiles: keptPositions } : {}), ...(hasEvidence ? { evidence: input.evidence } : {}) };
  const digest = submissionDigest(idempotencyKey, fields, input.attachments);
  const attachments = [...(input.kept?.files ?? []), ...input.attachments];

  const routingUnits = await loadRoutingUnits(db, form.country);
  const decision = routeReport({ country: form.country, partyId: form.party === "none" ? null : form.party, placeId: form.place ?? null }, routingUnits);
  const contents: ReportContents = {
    role: form.role,
    partyName: input.partyName,
    placeName: input.placeName,
    when: form.when,
    time: form.time ?? null,
    where: form.where ?? null,
    description: form.description,
    perpetrator: form.perpetrator ?? null,
    policeTold: form.policeTold === "yes",
    // A number typed before answering "no" to the police question is not kept.
    policeCaseNumber: form.policeTold === "yes" ? (form.policeCaseNumber ?? null) : null,
    contactMethod: form.contactMethod,
    contactEmail: form.contactMethod === "email" ? (form.contactEmail ?? null) : null,
    contactPhone: form.contactMethod === "phone" ? (form.contactPhone ?? null) : null,
  };

  return db.transaction(async (tx): Promise<SubmitResult> => {
    const id = crypto.randomUUID();
    const reference = generateReference();
    const receiptCode = generateReceiptCode();
    const reportKey = newReportKey();
    const cipher = reportCipher(id, reportKey);
    const inserted = await tx
      .insert(reports)
      .values({
        id,
        reference,
        receiptHash: hashReceiptCode(receiptCode),
        idempotencyHash: hashOneTimeKey(idempotencyKey),
        ...wrapForReceipt(id, reportKey, receiptCode),
        repeatSealed: sealRepeatReceipt(id, idempotencyKey, digest, receiptCode),
        locale: input.locale,
        country: form.country,
        threatLevel: form.level,
        inDanger: form.inDanger,
        unitId: decision.unitId,
        routingReason: decision.reason,
        visibleUnitIds: [decision.unitId],
        sealed: cipher.sealContents(contents),
        policeCaseSealed: contents.policeCaseNumber ? cipher.sealText("police", contents.policeCaseNumber) : null,
        hasContactEmail: Boolean(contents.contactEmail),
        nextEscalationAt: new Date(now.getTime() + escalationDelayMs(form.level, context.escalationHours)),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: reports.idempotencyHash })
      .returning({ id: reports.id });
    if (inserted.length === 0) {
      // The same one-time key came before (a double submit, or a replay): the receipt comes back
      // only for the same content, within the window; nothing else is revealed.
      const [first] = await tx
        .select({ id: reports.id, reference: reports.reference, repeatSealed: reports.repeatSealed, createdAt: reports.createdAt })
        .from(reports)
        .where(eq(reports.idempotencyHash, hashOneTimeKey(idempotencyKey)));
      const fresh = first && now.getTime() - first.createdAt.getTime() <= REPEAT_WINDOW_MS;
      const code = fresh && first.repeatSealed ? openRepeatReceipt(first.id, idempotencyKey, digest, first.repeatSealed) : undefined;
      return code ? { reference: first!.reference, receiptCode: code, duplicate: true } : { refused: "alreadySent" };
    }
    // The files kept for a retry are in the report now (or nowhere, if this transaction fails).
    await deleteStash(tx, idempotencyKey);
    for (const attachment of attachments) {
      const attachmentId = crypto.randomUUID();
      await tx.insert(reportAttachments).values({
        id: attachmentId,
        reportId: id,
        nameSealed: cipher.sealAttachmentName(attachmentId, attachment.name.slice(0, 200)),
        contentType: attachment.type,
        ...attachmentColumns(cipher, attachmentId, attachment),
        addedBy: "reporter",
        createdAt: now,
      });
    }
    if (input.evidence) await storeEvidenceItems(tx, cipher, input.evidence, { now });
    await sealReportKeyToUnits(tx, id, reportKey, await unitKeysToSealTo(tx, keys, routingUnits, decision.unitId, form.country, now), now);
    await tx.insert(reportEvents).values({
      reportId: id,
      at: now,
      type: "received",
      actorKind: "system",
      public: true,
      details: { unitId: decision.unitId, reason: decision.reason, attachments: attachments.length },
    });
    await tx.insert(reportStatistics).values({ reportId: id, country: form.country, unitId: decision.unitId, threatLevel: form.level, createdAt: now });
    for (const recipient of await firstRecipients(tx, decision.unitId, routingUnits.find((unit) => unit.id === decision.unitId)?.kind)) {
      await enqueueMail(tx, {
        now,
        to: recipient.email,
        locale: recipient.locale,
        idempotencyKey: `report-received:${id}:${recipient.userId}`,
        reportId: id,
        message: { kind: "reportReceived", reference, level: String(form.level), link: `${context.origin}/${recipient.locale}/staff/reports/${id}` },
      }, keys.ring);
    }
    return { reference, receiptCode, duplicate: false };
  });
}
