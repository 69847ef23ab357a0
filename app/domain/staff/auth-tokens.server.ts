import { and, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { authTokens, type AuthTokenPurpose } from "@db/schema";
import { generateToken, hashToken } from "~/auth/tokens.server";

export const TOKEN_LIFETIME_MS: Record<AuthTokenPurpose, number> = {
  invite: 7 * 24 * 60 * 60 * 1000,
  "password-reset": 30 * 60 * 1000,
  "officer-email": 7 * 24 * 60 * 60 * 1000,
};

/** A single-use link token; only its hash is stored. */
export async function issueAuthToken(
  db: Executor,
  purpose: AuthTokenPurpose,
  userId: string,
  now: Date,
  subjectId?: string,
): Promise<string> {
  const token = generateToken(20);
  await db.insert(authTokens).values({
    hash: hashToken(token),
    purpose,
    userId,
    subjectId: subjectId ?? null,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]),
  });
  return token;
}

/** The token's row when it is valid for `purpose`, unused and unexpired (without using it). */
export async function findAuthToken(db: Executor, purpose: AuthTokenPurpose, token: string, now: Date) {
  const [row] = await db
    .select()
    .from(authTokens)
    .where(
      and(eq(authTokens.hash, hashToken(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now)),
    );
  return row;
}

/** Uses the token up, atomically: of two concurrent uses only one succeeds. */
export async function consumeAuthToken(db: Executor, purpose: AuthTokenPurpose, token: string, now: Date) {
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(eq(authTokens.hash, hashToken(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now)),
    )
    .returning();
  return row;
}
