import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { unitOfficers, units, users, type OfficerRole } from "@db/schema";
import { isLocale, type Locale } from "~/i18n/locales";

export interface Recipient {
  userId: string;
  email: string;
  locale: Locale;
}

/** Active officers of a unit in a role, at the address confirmed for the unit. */
export async function unitOfficersInRole(db: Executor, unitId: string, role: OfficerRole): Promise<Recipient[]> {
  const rows = await db
    .select({ userId: users.id, email: unitOfficers.email, locale: users.locale })
    .from(unitOfficers)
    .innerJoin(users, eq(users.id, unitOfficers.userId))
    .where(and(eq(unitOfficers.unitId, unitId), eq(unitOfficers.role, role), eq(users.status, "active")));
  return rows.map((row) => ({ ...row, locale: isLocale(row.locale) ? row.locale : "da" }));
}

export async function activeAdministrators(db: Executor): Promise<Recipient[]> {
  const rows = await db
    .select({ userId: users.id, email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.status, "active"), sql`'administrator' = any(${users.roles})`));
  return rows.map((row) => ({ ...row, locale: isLocale(row.locale) ? row.locale : "da" }));
}

/** The officers of a national unit; while it has none, the administrators (who can see only metadata). */
export async function nationalRecipients(db: Executor, unitId: string): Promise<Recipient[]> {
  const officers = [...(await unitOfficersInRole(db, unitId, "primary")), ...(await unitOfficersInRole(db, unitId, "deputy"))];
  return officers.length ? officers : activeAdministrators(db);
}

/**
 * Who is told of a new report: the unit's primary officer, or the national unit's officers for the
 * national queue. A caller that has the unit's row at hand passes its kind and saves a query.
 */
export async function firstRecipients(db: Executor, unitId: string, kind?: string): Promise<Recipient[]> {
  if (kind === undefined) {
    const [unit] = await db.select({ kind: units.kind }).from(units).where(eq(units.id, unitId));
    if (!unit) return [];
    kind = unit.kind;
  }
  if (kind === "national") return nationalRecipients(db, unitId);
  return unitOfficersInRole(db, unitId, "primary");
}
