import { eq, inArray } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { unitOfficers, units } from "@db/schema";
import { holdsCurrentKey, keyHolderCounts, unitKeyHolderNames, waitingForAccess } from "~/domain/sealing/unit-keys.server";

/**
 * For one person: each unit they serve, whether they hold its key (and if not, whom to ask), and
 * who of their colleagues waits for it. What the dashboard shows about access to reports.
 */
export async function keyAccessOverview(db: Executor, userId: string, format: (date: Date) => string) {
  const served = await db.select({ unitId: units.id, name: units.name }).from(unitOfficers).innerJoin(units, eq(units.id, unitOfficers.unitId)).where(eq(unitOfficers.userId, userId)).orderBy(units.name);
  const overview = [];
  for (const unit of served) {
    const holds = await holdsCurrentKey(db, userId, unit.unitId);
    const waiting = (await waitingForAccess(db, unit.unitId)).filter((person) => person.userId !== userId).map((person) => ({ ...person, since: format(person.since) }));
    overview.push({ unitId: unit.unitId, name: unit.name, holds, askNames: holds ? [] : await unitKeyHolderNames(db, unit.unitId), waiting: holds ? waiting : [] });
  }
  return overview;
}

export async function unitKeyOverview(db: Executor, unitId: string, viewerId: string, format: (date: Date) => string) {
  return {
    waiting: (await waitingForAccess(db, unitId)).map((person) => ({ ...person, since: format(person.since) })),
    canGrant: await holdsCurrentKey(db, viewerId, unitId),
    holders: await unitKeyHolderNames(db, unitId),
  };
}

/** Units whose current key only one person holds (the coverage page warns of them when there is no escrow key). */
export async function singleKeyHolderUnits(db: Executor, country?: string | null) {
  const counts = await keyHolderCounts(db);
  const ids = [...counts].filter(([, holders]) => holders === 1).map(([unitId]) => unitId);
  if (ids.length === 0) return [];
  const rows = await db.select({ unitId: units.id, name: units.name, country: units.country }).from(units).where(inArray(units.id, ids));
  return rows.filter((row) => !country || row.country === country).sort((a, b) => a.name.localeCompare(b.name));
}
