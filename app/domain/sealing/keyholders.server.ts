import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { unitKeyGrants, unitKeys, unitOfficers, users, type User } from "@db/schema";
import { createAccountKeys } from "./account-keys.server";
import { createUnitKey, upgradeServerGrants, type SealingKeys } from "./unit-keys.server";

/**
 * An account gets its key pair (at invitation, at the first login after sealing came, or at a
 * reset without the recovery key). Returns the private key for the session and the new recovery
 * key to show once. Units the person serves that have no key yet get one now; server-held copies
 * for an account from before sealing become proper grants.
 */
export async function giveAccountKeys(db: Executor, keys: SealingKeys, user: Pick<User, "id">, passwordWrapKey: Uint8Array, now: Date) {
  const made = createAccountKeys(user.id, passwordWrapKey);
  await db.update(users).set({ ...made.columns, keysCreatedAt: now, updatedAt: now }).where(eq(users.id, user.id));
  await upgradeServerGrants(db, keys, { id: user.id, publicKey: made.columns.publicKey }, now);
  const served = (await db.select({ unitId: unitOfficers.unitId }).from(unitOfficers).where(eq(unitOfficers.userId, user.id))).map((row) => row.unitId);
  if (served.length) {
    const withKeys = new Set((await db.select({ unitId: unitKeys.unitId }).from(unitKeys).where(and(inArray(unitKeys.unitId, served), isNull(unitKeys.retiredAt)))).map((row) => row.unitId));
    for (const unitId of served) if (!withKeys.has(unitId)) await createUnitKey(db, keys, unitId, now);
  }
  return { privateKey: made.privateKey, recoveryKey: made.recoveryKey, publicKey: made.columns.publicKey };
}

/** A new key pair after a reset without the recovery key: the old grants are useless and go. */
export async function replaceAccountKeys(db: Executor, keys: SealingKeys, user: Pick<User, "id">, passwordWrapKey: Uint8Array, now: Date) {
  await db.delete(unitKeyGrants).where(eq(unitKeyGrants.userId, user.id));
  return giveAccountKeys(db, keys, user, passwordWrapKey, now);
}
