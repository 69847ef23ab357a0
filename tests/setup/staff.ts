import { eq } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { unitOfficers, users, type StaffRole, type User } from "@db/schema";
import { newPasswordSecrets } from "~/auth/password.server";
import { encodeTotpSecret, generateTotpSecret } from "~/auth/totp.server";
import { giveAccountKeys } from "~/domain/sealing/keyholders.server";
import { sealTotpSecret } from "~/domain/sealing/server-sealed.server";
import { createUnitKey, type SealingKeys } from "~/domain/sealing/unit-keys.server";
import { getKeyRing } from "~/encryption-keys.server";

/** The test process's server key ring (ENCRYPTION_KEYS from tests/setup/keys.ts). */
export const testKeyRing = getKeyRing();
export const testKeys: SealingKeys = { ring: testKeyRing, escrowPublicKey: null };

/**
 * An active staff member with a password, an enrolled TOTP secret and a key pair, made directly in
 * the database; `privateKey` is what their session would carry.
 */
export async function createStaffUser(db: Executor, input: { email: string; roles: StaffRole[]; password?: string; name?: string }, keys: SealingKeys = testKeys) {
  const secret = generateTotpSecret();
  const secrets = await newPasswordSecrets(input.password ?? "correct horse battery");
  const [user] = await db
    .insert(users)
    .values({
      email: input.email,
      name: input.name ?? input.email.split("@")[0]!,
      roles: input.roles,
      status: "active",
      passwordHash: secrets.record,
      totpEnrolledAt: new Date(),
    })
    .returning();
  await db.update(users).set({ totpSecret: sealTotpSecret(testKeyRing, user!.id, encodeTotpSecret(secret)) }).where(eq(users.id, user!.id));
  const made = await giveAccountKeys(db, keys, user!, secrets.wrapKey, new Date());
  const [fresh] = await db.select().from(users).where(eq(users.id, user!.id));
  return { user: fresh!, secret, privateKey: made.privateKey, recoveryKey: made.recoveryKey };
}

/** Puts a person on a unit as officer, and gives the unit a new key held by all its officers. */
export async function assignTestOfficer(db: Executor, input: { unitId: string; user: User; role: "primary" | "deputy"; email?: string }, keys: SealingKeys = testKeys) {
  await db.insert(unitOfficers).values({ unitId: input.unitId, userId: input.user.id, role: input.role, phone: "+45 1234 5678", email: input.email ?? input.user.email });
  await createUnitKey(db, keys, input.unitId, new Date());
}
