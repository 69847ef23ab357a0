import { loginThrottleKey } from "./accounts.server";
import { asc, eq } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { unitOfficers, users, type StaffRole } from "@db/schema";
import type { SealingKeys } from "~/domain/sealing/unit-keys.server";
import { cutOffFromUnit } from "./units.server";
import { invalidateUserSessions } from "~/auth/session.server";
import { clearThrottle } from "~/auth/throttle.server";
import { recordAudit } from "~/domain/audit.server";

export async function listStaff(db: Executor) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, roles: users.roles, status: users.status, lockedAt: users.lockedAt, locale: users.locale })
    .from(users)
    .orderBy(asc(users.name));
}

/** Changes a person's roles; their sessions end, so the next login gets a fresh token. */
export async function setRoles(db: Executor, userId: string, roles: StaffRole[], actor: { userId: string; ip: string | null }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId));
    if (!before) return false;
    await tx.update(users).set({ roles, updatedAt: new Date() }).where(eq(users.id, userId));
    await invalidateUserSessions(tx, userId);
    await recordAudit(tx, { actorUserId: actor.userId, action: "user.roles-changed", subjectType: "user", subjectId: userId, ip: actor.ip, details: { before: before.roles, after: roles } });
    return true;
  });
}

export async function unlockUser(db: Executor, userId: string, actor: { userId: string; ip: string | null }) {
  return db.transaction(async (tx) => {
    const [user] = await tx.update(users).set({ lockedAt: null, updatedAt: new Date() }).where(eq(users.id, userId)).returning({ email: users.email });
    if (user) await clearThrottle(tx, loginThrottleKey(user.email));
    await clearThrottle(tx, `2fa:account:${userId}`);
    await recordAudit(tx, { actorUserId: actor.userId, action: "user.unlocked", subjectType: "user", subjectId: userId, ip: actor.ip });
  });
}

/** Disabling ends the person's sessions and cuts them off every unit's keys (each unit gets a new key). */
export async function setDisabled(db: Executor, keys: SealingKeys, userId: string, disabled: boolean, actor: { userId: string; ip: string | null }, now = new Date()) {
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user || user.status === "invited") return false;
    await tx.update(users).set({ status: disabled ? "disabled" : "active", updatedAt: now }).where(eq(users.id, userId));
    if (disabled) {
      await invalidateUserSessions(tx, userId);
      for (const { unitId } of await tx.select({ unitId: unitOfficers.unitId }).from(unitOfficers).where(eq(unitOfficers.userId, userId))) {
        await cutOffFromUnit(tx, keys, unitId, userId, actor, now);
      }
    }
    await recordAudit(tx, { actorUserId: actor.userId, action: disabled ? "user.disabled" : "user.enabled", subjectType: "user", subjectId: userId, ip: actor.ip });
    return true;
  });
}
