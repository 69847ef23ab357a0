import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { recoveryCodes } from "@db/schema";
import { generateToken, hashToken } from "./tokens.server";

export const RECOVERY_CODE_COUNT = 10;

/** "abcde-fghij": 50 random bits, easy to read aloud and type. */
function newRecoveryCode(): string {
  const raw = generateToken(7).slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

const normalize = (code: string) => code.toLowerCase().replace(/[^a-z2-7]/g, "");

/** Replaces a user's recovery codes with ten new ones; returns them for one-time display. */
export async function replaceRecoveryCodes(db: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashToken(normalize(code)) })));
  return codes;
}

/** Uses up a recovery code; false when it is unknown or was used already. */
export async function consumeRecoveryCode(db: Executor, userId: string, code: string, now: Date): Promise<boolean> {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashToken(normalize(code))), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}
