import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@db/client.server";
import { unitOfficers, units, users, type CountryCode, type OfficerRole, type Unit, type UnitKind } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";
import { isLocale, type Locale } from "~/i18n/locales";
import { enqueueMail } from "~/mail/outbox.server";
import { consumeAuthToken, issueAuthToken } from "./auth-tokens.server";
import { forgetReportFormOptions } from "~/domain/reports/form-options.server";
import { createUnitKey, currentUnitKey, grantUnitKeys, revokeUnitKeys, type SealingKeys } from "~/domain/sealing/unit-keys.server";

/** Who acts, with their account keys when the session has them (granting a unit key needs them). */
export interface KeyActor {
  userId: string;
  ip: string | null;
  publicKey?: string | null;
  privateKey?: Buffer | null;
}

/** Which kinds may sit under which: a district under its party, a municipality under its region. */
export const parentKindOf: Record<UnitKind, UnitKind | null> = {
  party: null,
  "party-district": "party",
  region: null,
  municipality: "region",
  national: null,
};

export class UnitRuleError extends Error {
  constructor(readonly field: string, readonly messageKey: string) {
    super(messageKey);
  }
}

export async function listUnits(db: Executor, country?: CountryCode): Promise<Unit[]> {
  return db
    .select()
    .from(units)
    .where(country ? eq(units.country, country) : undefined)
    .orderBy(asc(units.country), asc(units.kind), asc(units.name));
}

interface UnitInput {
  country: CountryCode;
  kind: UnitKind;
  name: string;
  parentId: string | null;
  areaUnitId: string | null;
}

async function checkUnitShape(db: Executor, input: UnitInput) {
  const wantedParent = parentKindOf[input.kind];
  if (wantedParent === null && input.parentId) throw new UnitRuleError("parentId", "units.errors.noParentAllowed");
  if (wantedParent !== null) {
    if (!input.parentId) throw new UnitRuleError("parentId", "units.errors.parentRequired");
    const [parent] = await db.select().from(units).where(eq(units.id, input.parentId));
    if (!parent || parent.kind !== wantedParent || parent.country !== input.country) {
      throw new UnitRuleError("parentId", "units.errors.parentWrongKind");
    }
  }
  if (input.areaUnitId) {
    const [area] = await db.select().from(units).where(eq(units.id, input.areaUnitId));
    if (input.kind !== "party-district" || !area || area.kind !== "region" || area.country !== input.country) {
      throw new UnitRuleError("areaUnitId", "units.errors.areaWrongKind");
    }
  }
}

export async function createUnit(db: Executor, input: UnitInput, actor: { userId: string; ip: string | null }): Promise<Unit> {
  const created = await db.transaction(async (tx) => {
    await checkUnitShape(tx, input);
    const [duplicate] = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.country, input.country), eq(units.kind, input.kind), eq(units.name, input.name)));
    if (duplicate) throw new UnitRuleError("name", "units.errors.nameTaken");
    const [unit] = await tx.insert(units).values(input).returning();
    await recordAudit(tx, { actorUserId: actor.userId, action: "unit.created", subjectType: "unit", subjectId: unit!.id, ip: actor.ip, details: { ...input } });
    return unit!;
  });
  forgetReportFormOptions(db);
  return created;
}

export async function updateUnit(
  db: Executor,
  unitId: string,
  changes: { name: string; areaUnitId: string | null },
  actor: { userId: string; ip: string | null },
): Promise<Unit | undefined> {
  const updated = await db.transaction(async (tx) => {
    const [unit] = await tx.select().from(units).where(eq(units.id, unitId));
    if (!unit) return undefined;
    await checkUnitShape(tx, { ...unit, areaUnitId: changes.areaUnitId });
    const [updated] = await tx
      .update(units)
      .set({ name: changes.name, areaUnitId: changes.areaUnitId, updatedAt: new Date() })
      .where(eq(units.id, unitId))
      .returning();
    await recordAudit(tx, { actorUserId: actor.userId, action: "unit.updated", subjectType: "unit", subjectId: unitId, ip: actor.ip, details: { before: { name: unit.name, areaUnitId: unit.areaUnitId }, after: changes } });
    return updated;
  });
  forgetReportFormOptions(db);
  return updated;
}

export async function officersOfUnit(db: Executor, unitId: string) {
  return db
    .select({
      id: unitOfficers.id,
      role: unitOfficers.role,
      phone: unitOfficers.phone,
      email: unitOfficers.email,
      emailVerifiedAt: unitOfficers.emailVerifiedAt,
      phoneCallVerifiedAt: unitOfficers.phoneCallVerifiedAt,
      phoneSmsVerifiedAt: unitOfficers.phoneSmsVerifiedAt,
      userId: users.id,
      name: users.name,
      userStatus: users.status,
    })
    .from(unitOfficers)
    .innerJoin(users, eq(users.id, unitOfficers.userId))
    .where(eq(unitOfficers.unitId, unitId))
    .orderBy(sql`case when ${unitOfficers.role} = 'primary' then 0 else 1 end`, asc(users.name));
}

/**
 * Makes a staff member an officer of a unit, primary or deputy, with a phone that takes SMS and
 * an e-mail that they must confirm from a link (source 001's contact verification).
 */
export async function assignOfficer(
  db: Executor,
  keys: SealingKeys,
  input: { unitId: string; userId: string; role: OfficerRole; phone: string; email: string; origin: string },
  actor: KeyActor,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [unit] = await tx.select().from(units).where(eq(units.id, input.unitId));
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!unit) throw new UnitRuleError("unitId", "units.errors.unknownUnit");
    // Administrators may serve a national unit (they read its reports only as its officers).
    const mayServe = user && (user.roles.includes("officer") || (unit.kind === "national" && user.roles.includes("administrator")));
    if (!user || !mayServe) throw new UnitRuleError("userId", "units.errors.notAnOfficer");
    const existing = await tx.select().from(unitOfficers).where(eq(unitOfficers.unitId, input.unitId));
    if (existing.some((officer) => officer.userId === input.userId)) throw new UnitRuleError("userId", "units.errors.alreadyOfficer");
    if (input.role === "primary" && existing.some((officer) => officer.role === "primary")) {
      throw new UnitRuleError("role", "units.errors.primaryTaken");
    }
    const [officer] = await tx
      .insert(unitOfficers)
      .values({ unitId: input.unitId, userId: input.userId, role: input.role, phone: input.phone, email: input.email.trim().toLowerCase(), createdAt: now })
      .returning();
    const token = await issueAuthToken(tx, "officer-email", user.id, now, officer!.id);
    const locale: Locale = isLocale(user.locale) ? user.locale : "da";
    await enqueueMail(tx, {
      now,
      to: officer!.email,
      locale,
      idempotencyKey: `officer-email:${officer!.id}:${token.slice(0, 8)}`,
      message: { kind: "officerEmail", unitName: unit.name, link: `${input.origin}/${locale}/staff/verify-email/${token}` },
    });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "unit.officer-assigned",
      subjectType: "unit",
      subjectId: unit.id,
      ip: actor.ip,
      details: { officerUserId: user.id, role: input.role },
    });
    // The unit key: a unit's first officer with a key pair gets a new one; later officers get the
    // existing key from someone who holds it (the administrator now, if they do), else they wait.
    const current = await currentUnitKey(tx, unit.id);
    if (!current && user.publicKey) {
      await createUnitKey(tx, keys, unit.id, now, actor.userId);
      await recordAudit(tx, { actorUserId: actor.userId, action: "unit.key-created", subjectType: "unit", subjectId: unit.id, ip: actor.ip, details: { officerUserId: user.id } });
    } else if (current && user.publicKey && actor.privateKey) {
      const given = await grantUnitKeys(tx, keys, { unitId: unit.id, granter: { id: actor.userId, publicKey: actor.publicKey ?? null, privateKey: actor.privateKey }, granteeId: user.id }, now);
      if (given) await recordAudit(tx, { actorUserId: actor.userId, action: "unit.key-granted", subjectType: "unit", subjectId: unit.id, ip: actor.ip, details: { granteeUserId: user.id, keys: given } });
    }
    return officer!;
  });
}

/**
 * Removes an officer: their copies of the unit's keys are deleted, and the unit gets a new key
 * pair for future reports (given to the remaining officers), so nothing new reaches them.
 */
export async function removeOfficer(db: Executor, keys: SealingKeys, officerId: string, actor: { userId: string; ip: string | null }, now: Date) {
  return db.transaction(async (tx) => {
    const [removed] = await tx.delete(unitOfficers).where(eq(unitOfficers.id, officerId)).returning();
    if (removed) {
      await recordAudit(tx, { actorUserId: actor.userId, action: "unit.officer-removed", subjectType: "unit", subjectId: removed.unitId, ip: actor.ip, details: { officerUserId: removed.userId, role: removed.role } });
      await cutOffFromUnit(tx, keys, removed.unitId, removed.userId, actor, now);
    }
    return removed;
  });
}

/** Takes a person's keys of a unit away and gives the unit a new key for what comes next. */
export async function cutOffFromUnit(db: Executor, keys: SealingKeys, unitId: string, userId: string, actor: { userId: string; ip: string | null }, now: Date) {
  await revokeUnitKeys(db, unitId, userId);
  if (await currentUnitKey(db, unitId)) {
    await createUnitKey(db, keys, unitId, now, actor.userId);
    await recordAudit(db, { actorUserId: actor.userId, action: "unit.key-rotated", subjectType: "unit", subjectId: unitId, ip: actor.ip, details: { removedUserId: userId } });
  }
}

/**
 * A colleague who holds a unit's keys gives them to an officer waiting for access (a new officer,
 * or one whose key pair changed at a reset without the recovery key). Audited.
 */
export async function grantUnitAccess(db: Executor, keys: SealingKeys, input: { unitId: string; granteeId: string }, actor: KeyActor, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const [officer] = await tx.select().from(unitOfficers).where(and(eq(unitOfficers.unitId, input.unitId), eq(unitOfficers.userId, input.granteeId)));
    if (!officer || !actor.privateKey) return 0;
    const given = await grantUnitKeys(tx, keys, { unitId: input.unitId, granter: { id: actor.userId, publicKey: actor.publicKey ?? null, privateKey: actor.privateKey }, granteeId: input.granteeId }, now);
    if (given) await recordAudit(tx, { actorUserId: actor.userId, action: "unit.key-granted", subjectType: "unit", subjectId: input.unitId, ip: actor.ip, details: { granteeUserId: input.granteeId, keys: given } });
    return given;
  });
}

/** An administrator records that the officer's phone answered a call, or received an SMS. */
export async function recordPhoneVerification(
  db: Executor,
  officerId: string,
  kind: "call" | "sms",
  actor: { userId: string; ip: string | null },
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [officer] = await tx
      .update(unitOfficers)
      .set(kind === "call" ? { phoneCallVerifiedAt: now, phoneCallVerifiedBy: actor.userId } : { phoneSmsVerifiedAt: now, phoneSmsVerifiedBy: actor.userId })
      .where(eq(unitOfficers.id, officerId))
      .returning();
    if (officer) {
      await recordAudit(tx, { actorUserId: actor.userId, action: `unit.officer-phone-verified-${kind}`, subjectType: "unit", subjectId: officer.unitId, ip: actor.ip, details: { officerId } });
    }
    return officer;
  });
}

/** The officer clicked the link in their mail: their address works. */
export async function confirmOfficerEmail(db: Executor, token: string, now: Date) {
  return db.transaction(async (tx) => {
    const used = await consumeAuthToken(tx, "officer-email", token, now);
    if (!used?.subjectId) return undefined;
    const [officer] = await tx
      .update(unitOfficers)
      .set({ emailVerifiedAt: now })
      .where(and(eq(unitOfficers.id, used.subjectId), eq(unitOfficers.userId, used.userId)))
      .returning();
    if (officer) {
      await recordAudit(tx, { actorUserId: used.userId, action: "unit.officer-email-verified", subjectType: "unit", subjectId: officer.unitId, details: { officerId: officer.id } });
    }
    return officer;
  });
}

/** One unit, or undefined (also for an id that is not a uuid). */
export async function findUnit(db: Executor, unitId: string | undefined): Promise<Unit | undefined> {
  if (!unitId || !z.uuid().safeParse(unitId).success) return undefined;
  const [unit] = await db.select().from(units).where(eq(units.id, unitId));
  return unit;
}

/** Who can be made a unit's officer: accounts with the officer role that are not disabled. */
export async function officerCandidates(db: Executor) {
  return db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(sql`'officer' = any(${users.roles}) and ${users.status} <> 'disabled'`).orderBy(users.name);
}

/** A country's regions, by name: the areas a party district can cover. */
export async function regionsOfCountry(db: Executor, country: CountryCode) {
  return db.select({ id: units.id, name: units.name }).from(units).where(sql`${units.kind} = 'region' and ${units.country} = ${country}`).orderBy(units.name);
}
