import { eq } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { users, type StaffRole } from "@db/schema";
import { hashPassword } from "~/auth/password.server";
import { encodeTotpSecret, generateTotpSecret } from "~/auth/totp.server";
import { encryptText, generateKey, parseKeyRing } from "~/domain/sealing/server-key.server";

export const testKeyRing = parseKeyRing(`test:${generateKey()}`);

/** An active staff member with a password and an enrolled TOTP secret, made directly in the database. */
export async function createStaffUser(db: Executor, input: { email: string; roles: StaffRole[]; password?: string; name?: string }) {
  const secret = generateTotpSecret();
  const [user] = await db
    .insert(users)
    .values({
      email: input.email,
      name: input.name ?? input.email.split("@")[0]!,
      roles: input.roles,
      status: "active",
      passwordHash: await hashPassword(input.password ?? "correct horse battery"),
      totpEnrolledAt: new Date(),
    })
    .returning();
  await db.update(users).set({ totpSecret: encryptText(testKeyRing, encodeTotpSecret(secret), `totp:${user!.id}`) }).where(eq(users.id, user!.id));
  const [fresh] = await db.select().from(users).where(eq(users.id, user!.id));
  return { user: fresh!, secret };
}
