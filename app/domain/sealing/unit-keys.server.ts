import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { unitKeyGrants, unitKeys, unitOfficers, users, type UnitKey } from "@db/schema";
import { accountKeyPair } from "./account-keys.server";
import { SealError } from "./aead.server";
import { decodeKey, encodeKey, newKeyPair, openSealed, sealTo, type KeyPair } from "./boxes.server";
import { decryptText, encryptText, type KeyRing } from "./server-key.server";

/**
 * Unit keys: each unit has key pairs (the newest seals new reports); the private key is stored
 * only sealed to its holders' account keys and to the offline escrow key. The server can make a
 * new unit key and give it to anyone at that moment (it reveals nothing older), but it can hand
 * out an existing one only in the session of someone who holds it.
 */

const grantContext = (unitKeyId: string, userId: string) => `unit-key:${unitKeyId}:${userId}`;
export const escrowContext = (unitKeyId: string) => `unit-key-escrow:${unitKeyId}`;
export const serverGrantContext = (unitKeyId: string, userId: string) => `unit-key-server:${unitKeyId}:${userId}`;

export interface SealingKeys {
  ring: KeyRing;
  /** ESCROW_PUBLIC_KEY: every unit key is also sealed to it. */
  escrowPublicKey?: Uint8Array | null;
}

export async function currentUnitKey(db: Executor, unitId: string): Promise<UnitKey | undefined> {
  const [key] = await db
    .select()
    .from(unitKeys)
    .where(and(eq(unitKeys.unitId, unitId), isNull(unitKeys.retiredAt)))
    .orderBy(desc(unitKeys.createdAt))
    .limit(1);
  return key;
}

/** The people a new unit key is given to at once: the unit's officers who are not disabled. */
async function officersToGrant(db: Executor, unitId: string) {
  const rows = await db
    .select({ userId: users.id, publicKey: users.publicKey, passwordHash: users.passwordHash })
    .from(unitOfficers)
    .innerJoin(users, eq(users.id, unitOfficers.userId))
    .where(and(eq(unitOfficers.unitId, unitId), sql`${users.status} <> 'disabled'`));
  // An invited person (no password yet) gets nothing now: they wait for a grant once they have keys.
  // Only accounts from before sealing (argon2's own password string, no key pair) get a server-sealed copy.
  return rows.filter((row) => row.publicKey || row.passwordHash?.startsWith("$argon2")).map(({ userId, publicKey }) => ({ userId, publicKey }));
}

/**
 * A new key pair for a unit, given to its current officers (and sealed to escrow); the previous
 * key, if any, is retired (it still opens the reports sealed to it, for those who hold it).
 * Officers whose accounts have no key pair yet (made before sealing) get a server-sealed copy
 * until their next login gives them one.
 */
export async function createUnitKey(db: Executor, keys: SealingKeys, unitId: string, now: Date, grantedBy: string | null = null): Promise<UnitKey> {
  await db.update(unitKeys).set({ retiredAt: now }).where(and(eq(unitKeys.unitId, unitId), isNull(unitKeys.retiredAt)));
  const pair = newKeyPair();
  const id = crypto.randomUUID();
  const [key] = await db
    .insert(unitKeys)
    .values({
      id,
      unitId,
      publicKey: encodeKey(pair.publicKey),
      escrowSealed: keys.escrowPublicKey ? sealTo(keys.escrowPublicKey, pair.privateKey, escrowContext(id)) : null,
      createdAt: now,
    })
    .returning();
  for (const officer of await officersToGrant(db, unitId)) {
    await insertGrant(db, keys, id, officer, pair.privateKey, now, grantedBy);
  }
  return key!;
}

async function insertGrant(
  db: Executor,
  keys: SealingKeys,
  unitKeyId: string,
  grantee: { userId: string; publicKey: string | null },
  unitPrivateKey: Uint8Array,
  now: Date,
  grantedBy: string | null,
) {
  const values = grantee.publicKey
    ? { kind: "account" as const, sealed: sealTo(decodeKey(grantee.publicKey), unitPrivateKey, grantContext(unitKeyId, grantee.userId)) }
    : { kind: "server" as const, sealed: encryptText(keys.ring, Buffer.from(unitPrivateKey).toString("base64url"), serverGrantContext(unitKeyId, grantee.userId)) };
  await db
    .insert(unitKeyGrants)
    .values({ unitKeyId, userId: grantee.userId, ...values, grantedBy, grantedAt: now })
    .onConflictDoUpdate({ target: [unitKeyGrants.unitKeyId, unitKeyGrants.userId], set: { ...values, grantedBy, grantedAt: now } });
}

/** The unit's current key, made now when it has none. */
export async function ensureUnitKey(db: Executor, keys: SealingKeys, unitId: string, now: Date): Promise<UnitKey> {
  // One key per unit even when two requests get here at once.
  await db.execute(sql`select pg_advisory_xact_lock(7216100, hashtext(${unitId}))`);
  return (await currentUnitKey(db, unitId)) ?? createUnitKey(db, keys, unitId, now);
}

/** The private half of a unit key, opened with a holder's account key. */
export function openUnitKey(
  keys: SealingKeys,
  grant: { unitKeyId: string; userId: string; kind: "account" | "server"; sealed: string },
  unitPublicKey: string,
  account: { publicKey: string | null; privateKey: Uint8Array | null },
): KeyPair {
  let privateKey: Uint8Array;
  if (grant.kind === "server") {
    privateKey = Buffer.from(decryptText(keys.ring, grant.sealed, serverGrantContext(grant.unitKeyId, grant.userId)), "base64url");
  } else {
    if (!account.privateKey) throw new SealError("No account key in this session");
    privateKey = openSealed(accountKeyPair(account, account.privateKey), grant.sealed, grantContext(grant.unitKeyId, grant.userId));
  }
  return { publicKey: decodeKey(unitPublicKey), privateKey };
}

/** Every unit key this person holds, for the given units (all when none are given). */
export async function grantsOf(db: Executor, userId: string, unitIds?: string[]) {
  return db
    .select({ unitKeyId: unitKeyGrants.unitKeyId, userId: unitKeyGrants.userId, kind: unitKeyGrants.kind, sealed: unitKeyGrants.sealed, unitId: unitKeys.unitId, publicKey: unitKeys.publicKey })
    .from(unitKeyGrants)
    .innerJoin(unitKeys, eq(unitKeys.id, unitKeyGrants.unitKeyId))
    .where(and(eq(unitKeyGrants.userId, userId), unitIds ? (unitIds.length ? inArray(unitKeys.unitId, unitIds) : sql`false`) : undefined))
    .orderBy(asc(unitKeys.createdAt));
}

/**
 * Gives a person every key of a unit that the granter holds, in the granter's session. Returns
 * how many keys were given (0 when the granter holds none of them or the grantee has no key pair).
 */
export async function grantUnitKeys(
  db: Executor,
  keys: SealingKeys,
  input: { unitId: string; granter: { id: string; publicKey: string | null; privateKey: Uint8Array | null }; granteeId: string },
  now: Date,
): Promise<number> {
  const [grantee] = await db.select({ userId: users.id, publicKey: users.publicKey }).from(users).where(eq(users.id, input.granteeId));
  if (!grantee?.publicKey) return 0;
  let given = 0;
  for (const grant of await grantsOf(db, input.granter.id, [input.unitId])) {
    const pair = openUnitKey(keys, grant, grant.publicKey, input.granter);
    await insertGrant(db, keys, grant.unitKeyId, grantee, pair.privateKey, now, input.granter.id);
    given++;
  }
  return given;
}

/** Takes every key of a unit away from a person (removal, disabling). */
export async function revokeUnitKeys(db: Executor, unitId: string, userId: string): Promise<void> {
  const ids = (await db.select({ id: unitKeys.id }).from(unitKeys).where(eq(unitKeys.unitId, unitId))).map((row) => row.id);
  if (ids.length) await db.delete(unitKeyGrants).where(and(eq(unitKeyGrants.userId, userId), inArray(unitKeyGrants.unitKeyId, ids)));
}

/** Does this person hold the unit's current key? */
export async function holdsCurrentKey(db: Executor, userId: string, unitId: string): Promise<boolean> {
  const current = await currentUnitKey(db, unitId);
  if (!current) return false;
  const [grant] = await db.select({ userId: unitKeyGrants.userId }).from(unitKeyGrants).where(and(eq(unitKeyGrants.unitKeyId, current.id), eq(unitKeyGrants.userId, userId)));
  return Boolean(grant);
}

/**
 * Officers of a unit waiting for its key: no grant of the current key. With when they started
 * waiting and whether their key pair is newer than their place in the unit (a reset without the
 * recovery key), so colleagues can see why before they grant.
 */
export async function waitingForAccess(db: Executor, unitId: string) {
  const current = await currentUnitKey(db, unitId);
  const officers = await db
    .select({ userId: users.id, name: users.name, email: users.email, publicKey: users.publicKey, keysCreatedAt: users.keysCreatedAt, status: users.status, assignedAt: unitOfficers.createdAt })
    .from(unitOfficers)
    .innerJoin(users, eq(users.id, unitOfficers.userId))
    .where(eq(unitOfficers.unitId, unitId));
  const holders = current
    ? new Set((await db.select({ userId: unitKeyGrants.userId }).from(unitKeyGrants).where(and(eq(unitKeyGrants.unitKeyId, current.id), eq(unitKeyGrants.kind, "account")))).map((row) => row.userId))
    : new Set<string>();
  return officers
    .filter((officer) => officer.status !== "disabled" && !holders.has(officer.userId))
    .map((officer) => ({
      userId: officer.userId,
      name: officer.name,
      email: officer.email,
      hasKeyPair: Boolean(officer.publicKey),
      since: officer.keysCreatedAt && officer.keysCreatedAt > officer.assignedAt ? officer.keysCreatedAt : officer.assignedAt,
      keyChanged: Boolean(officer.keysCreatedAt && officer.keysCreatedAt > officer.assignedAt),
    }));
}

/** How many people hold each unit's current key (for coverage: a single holder is a risk without escrow). */
export async function keyHolderCounts(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .select({ unitId: unitKeys.unitId, holders: sql<number>`count(${unitKeyGrants.userId})::int` })
    .from(unitKeys)
    .leftJoin(unitKeyGrants, and(eq(unitKeyGrants.unitKeyId, unitKeys.id), eq(unitKeyGrants.kind, "account")))
    .where(isNull(unitKeys.retiredAt))
    .groupBy(unitKeys.unitId);
  return new Map(rows.map((row) => [row.unitId, Number(row.holders)]));
}

/**
 * An account that had no key pair (made before sealing) has one now: its server-sealed grants
 * become proper ones, sealed to its new public key.
 */
export async function upgradeServerGrants(db: Executor, keys: SealingKeys, user: { id: string; publicKey: string }, now: Date): Promise<number> {
  const pending = await db.select().from(unitKeyGrants).where(and(eq(unitKeyGrants.userId, user.id), eq(unitKeyGrants.kind, "server")));
  for (const grant of pending) {
    const privateKey = Buffer.from(decryptText(keys.ring, grant.sealed, serverGrantContext(grant.unitKeyId, grant.userId)), "base64url");
    await insertGrant(db, keys, grant.unitKeyId, { userId: user.id, publicKey: user.publicKey }, privateKey, now, grant.grantedBy);
  }
  return pending.length;
}

/** Escrow recovery: the unit key opened with the offline escrow private key, given to a person. */
export async function restoreFromEscrow(db: Executor, keys: SealingKeys, input: { unitId: string; userId: string; escrowPrivateKey: Uint8Array; escrowPublicKey: Uint8Array }, now: Date): Promise<number> {
  const [grantee] = await db.select({ userId: users.id, publicKey: users.publicKey }).from(users).where(eq(users.id, input.userId));
  if (!grantee?.publicKey) throw new SealError("The person has no key pair yet: they must log in once first");
  const all = await db.select().from(unitKeys).where(eq(unitKeys.unitId, input.unitId));
  let restored = 0;
  for (const key of all) {
    if (!key.escrowSealed) continue;
    const privateKey = openSealed({ publicKey: input.escrowPublicKey, privateKey: input.escrowPrivateKey }, key.escrowSealed, escrowContext(key.id));
    await insertGrant(db, keys, key.id, grantee, privateKey, now, null);
    restored++;
  }
  return restored;
}

/** The names of the people who hold a unit's current key: whom to ask for access. */
export async function unitKeyHolderNames(db: Executor, unitId: string): Promise<string[]> {
  const current = await currentUnitKey(db, unitId);
  if (!current) return [];
  const rows = await db
    .select({ name: users.name })
    .from(unitKeyGrants)
    .innerJoin(users, eq(users.id, unitKeyGrants.userId))
    .where(and(eq(unitKeyGrants.unitKeyId, current.id), eq(unitKeyGrants.kind, "account"), eq(users.status, "active")))
    .orderBy(asc(users.name));
  return rows.map((row) => row.name);
}
