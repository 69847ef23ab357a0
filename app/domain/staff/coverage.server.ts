import { asc, eq, like, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { appMeta, unitOfficers, units, users, type CountryCode, type UnitKind } from "@db/schema";
import { recordAudit } from "~/domain/audit.server";

export type CoverageStatus = "no-primary" | "unverified" | "verified";

export interface CoverageRow {
  unitId: string;
  country: CountryCode;
  kind: UnitKind;
  name: string;
  primaryName: string | null;
  status: CoverageStatus;
  /** What is missing for a verified primary: e-mail, call, SMS. */
  missing: Array<"email" | "call" | "sms">;
  deputies: number;
}

/**
 * Per unit: is there a primary officer, and have their e-mail (by link), phone by call and phone
 * by SMS been confirmed? A unit is covered only when all three are.
 */
export async function coverageReport(db: Executor, filter: { country?: CountryCode; status?: CoverageStatus } = {}): Promise<CoverageRow[]> {
  const rows = await db
    .select({
      unitId: units.id,
      country: units.country,
      kind: units.kind,
      name: units.name,
      role: unitOfficers.role,
      officerName: users.name,
      emailVerifiedAt: unitOfficers.emailVerifiedAt,
      phoneCallVerifiedAt: unitOfficers.phoneCallVerifiedAt,
      phoneSmsVerifiedAt: unitOfficers.phoneSmsVerifiedAt,
    })
    .from(units)
    .leftJoin(unitOfficers, eq(unitOfficers.unitId, units.id))
    .leftJoin(users, eq(users.id, unitOfficers.userId))
    .where(filter.country ? eq(units.country, filter.country) : undefined)
    .orderBy(asc(units.country), asc(units.kind), asc(units.name));

  const byUnit = new Map<string, CoverageRow>();
  for (const row of rows) {
    let entry = byUnit.get(row.unitId);
    if (!entry) {
      entry = { unitId: row.unitId, country: row.country, kind: row.kind, name: row.name, primaryName: null, status: "no-primary", missing: [], deputies: 0 };
      byUnit.set(row.unitId, entry);
    }
    if (row.role === "deputy") entry.deputies++;
    if (row.role === "primary") {
      entry.primaryName = row.officerName;
      entry.missing = [
        ...(row.emailVerifiedAt ? [] : (["email"] as const)),
        ...(row.phoneCallVerifiedAt ? [] : (["call"] as const)),
        ...(row.phoneSmsVerifiedAt ? [] : (["sms"] as const)),
      ];
      entry.status = entry.missing.length === 0 ? "verified" : "unverified";
    }
  }
  const all = [...byUnit.values()];
  return filter.status ? all.filter((row) => row.status === filter.status) : all;
}

const deadlineKey = (country: CountryCode) => `coverage_deadline:${country}`;

/** The date by which every unit of a country should have a verified officer, if one is set. */
export async function coverageDeadlines(db: Executor): Promise<Partial<Record<CountryCode, string>>> {
  const rows = await db.select().from(appMeta).where(like(appMeta.key, "coverage_deadline:%"));
  return Object.fromEntries(rows.map((row) => [row.key.split(":")[1], row.value]));
}

export async function setCoverageDeadline(db: Executor, country: CountryCode, date: string | null) {
  if (!date) {
    await db.delete(appMeta).where(eq(appMeta.key, deadlineKey(country)));
    return;
  }
  await db
    .insert(appMeta)
    .values({ key: deadlineKey(country), value: date })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: date, updatedAt: sql`now()` } });
}

/** An administrator sets (or, with null, clears) a country's deadline: the change and its audit entry together. */
export async function changeCoverageDeadline(db: Executor, country: CountryCode, date: string | null, actor: { userId: string; ip: string | null }) {
  await db.transaction(async (tx) => {
    await setCoverageDeadline(tx, country, date);
    await recordAudit(tx, { actorUserId: actor.userId, action: "coverage.deadline-set", ip: actor.ip, details: { country, deadline: date ?? "" } });
  });
}

/** Whole days from `now` to the deadline date (end of that day, UTC); negative once passed. */
export function daysUntil(deadline: string, now: Date): number {
  const end = Date.parse(`${deadline}T23:59:59Z`);
  return Math.ceil((end - now.getTime()) / 86_400_000) - 1;
}

/** RFC 4180 CSV; a cell that starts with = + - @ (or a tab/CR) is prefixed with ' so no spreadsheet runs it. */
export function toCsv(rows: string[][]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}
