import { and, eq, exists, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reportAttachments, reportEvents, reports, reportStatistics, unitOfficers, units, users, type CountryCode } from "@db/schema";
import { encryptBytes, encryptText, type KeyRing } from "~/domain/encryption.server";
import type { Locale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";
import type { AllowedType } from "./attachments";
import { escalationDelayMs } from "./deadlines";
import { firstRecipients } from "./recipients.server";
import { generateReference, hashReceiptCode, receiptCodeFor } from "./receipt.server";
import type { ReportContents, ReportInput } from "./report-form";
import { routeReport, type RoutingUnit } from "./routing";

/** The units of a country as routing sees them: kind, tree, and whether an active primary serves. */
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
}

export interface SubmitResult {
  reference: string;
  receiptCode: string;
  duplicate: boolean;
}

export const attachmentContext = (reportId: string, attachmentId: string) => `attachment:${reportId}:${attachmentId}`;
export const reportContext = (reportId: string, field: string) => `report:${reportId}:${field}`;

/**
 * Files a report in one transaction: the report with its contents encrypted, its attachments
 * encrypted, the routing decision, the first timeline event, the statistics row, and mail to
 * the unit's officers (reference, level and link only). A second submit of the same form finds
 * the first report and shows the same receipt code.
 */
export async function submitReport(
  db: Executor,
  ring: KeyRing,
  input: { form: ReportInput; locale: Locale; partyName: string | null; placeName: string | null; attachments: IncomingAttachment[] },
  context: { origin: string; now: Date; escalationHours: readonly [number, number, number] },
): Promise<SubmitResult> {
  const { form } = input;
  const { now } = context;
  const receiptCode = receiptCodeFor(ring, form.idempotencyKey);
  // A repeated key (a double submit) is found by the insert's conflict below, in one round trip.

  const decision = routeReport(
    { country: form.country, partyId: form.party === "none" ? null : form.party, placeId: form.place ?? null },
    await loadRoutingUnits(db, form.country),
  );
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
    policeCaseNumber: form.policeCaseNumber ?? null,
    contactMethod: form.contactMethod,
    contactEmail: form.contactMethod === "email" ? (form.contactEmail ?? null) : null,
    contactPhone: form.contactMethod === "phone" ? (form.contactPhone ?? null) : null,
  };

  return db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const reference = generateReference();
    const inserted = await tx
      .insert(reports)
      .values({
        id,
        reference,
        receiptHash: hashReceiptCode(receiptCode),
        idempotencyKey: form.idempotencyKey,
        locale: input.locale,
        country: form.country,
        threatLevel: form.level,
        inDanger: form.inDanger,
        unitId: decision.unitId,
        routingReason: decision.reason,
        visibleUnitIds: [decision.unitId],
        sealed: encryptText(ring, JSON.stringify(contents), reportContext(id, "contents")),
        policeCaseSealed: contents.policeCaseNumber ? encryptText(ring, contents.policeCaseNumber, reportContext(id, "police")) : null,
        hasContactEmail: Boolean(contents.contactEmail),
        nextEscalationAt: new Date(now.getTime() + escalationDelayMs(form.level, context.escalationHours)),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: reports.idempotencyKey })
      .returning({ id: reports.id });
    if (inserted.length === 0) {
      // Another request with the same key won the race: it made the report.
      const [winner] = await tx.select({ reference: reports.reference }).from(reports).where(eq(reports.idempotencyKey, form.idempotencyKey));
      return { reference: winner!.reference, receiptCode, duplicate: true };
    }
    for (const attachment of input.attachments) {
      const attachmentId = crypto.randomUUID();
      await tx.insert(reportAttachments).values({
        id: attachmentId,
        reportId: id,
        nameSealed: encryptText(ring, attachment.name.slice(0, 200), attachmentContext(id, attachmentId)),
        contentType: attachment.type,
        size: attachment.bytes.length,
        data: encryptBytes(ring, Buffer.from(attachment.bytes), attachmentContext(id, attachmentId)),
        addedBy: "reporter",
        createdAt: now,
      });
    }
    await tx.insert(reportEvents).values({
      reportId: id,
      at: now,
      type: "received",
      actorKind: "system",
      public: true,
      details: { unitId: decision.unitId, reason: decision.reason, attachments: input.attachments.length },
    });
    await tx.insert(reportStatistics).values({ reportId: id, country: form.country, unitId: decision.unitId, threatLevel: form.level, createdAt: now });
    for (const recipient of await firstRecipients(tx, decision.unitId)) {
      await enqueueMail(tx, {
        to: recipient.email,
        locale: recipient.locale,
        idempotencyKey: `report-received:${id}:${recipient.userId}`,
        message: { kind: "reportReceived", reference, level: String(form.level), link: `${context.origin}/${recipient.locale}/staff/reports/${id}` },
      });
    }
    return { reference, receiptCode, duplicate: false };
  });
}
