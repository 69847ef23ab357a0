import { asc, inArray } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { units, type CountryCode } from "@db/schema";

export interface PlaceGroup {
  country: CountryCode;
  label: string;
  options: Array<{ value: string; label: string }>;
}

/** How long the report form's lists are kept in memory; unit changes made here drop them at once. */
export const FORM_OPTIONS_TTL_MS = 30_000;
type FormOptions = Awaited<ReturnType<typeof loadReportFormOptions>>;
const kept = new WeakMap<Executor, { loadedAt: number; options: Promise<FormOptions> }>();

/**
 * The report form's lists, from memory when loaded less than FORM_OPTIONS_TTL_MS ago. Every form
 * view and every submission needs them; they change only when an administrator edits units (and
 * another app instance's edit shows here within the TTL). Routing never uses them.
 */
export function reportFormOptions(db: Executor, now = Date.now()): Promise<FormOptions> {
  const entry = kept.get(db);
  if (entry && now - entry.loadedAt < FORM_OPTIONS_TTL_MS) return entry.options;
  const options = loadReportFormOptions(db);
  kept.set(db, { loadedAt: now, options });
  options.catch(() => kept.delete(db));
  return options;
}

/** Drops the kept lists, after a unit is created or renamed. */
export function forgetReportFormOptions(db: Executor) {
  kept.delete(db);
}

/** Parties per country and places (regions with their municipalities) for the report form. */
export async function loadReportFormOptions(db: Executor) {
  const rows = await db
    .select({ id: units.id, name: units.name, kind: units.kind, country: units.country, parentId: units.parentId })
    .from(units)
    .where(inArray(units.kind, ["party", "region", "municipality"]))
    .orderBy(asc(units.name));
  const parties = rows.filter((row) => row.kind === "party").map((row) => ({ id: row.id, name: row.name, country: row.country }));
  const places: PlaceGroup[] = rows
    .filter((row) => row.kind === "region")
    .map((region) => ({
      country: region.country,
      label: region.name,
      options: [
        { value: region.id, label: region.name },
        ...rows.filter((row) => row.kind === "municipality" && row.parentId === region.id).map((row) => ({ value: row.id, label: row.name })),
      ],
    }));
  return { parties, places };
}

/**
 * The name of the party or place a reporter chose, when it is one the form offers for that
 * country (from the kept lists), else undefined.
 */
export async function chosenUnitName(db: Executor, id: string, country: CountryCode, list: "party" | "place", now = Date.now()) {
  const options = await reportFormOptions(db, now);
  if (list === "party") return options.parties.find((party) => party.id === id && party.country === country)?.name;
  for (const group of options.places) {
    if (group.country !== country) continue;
    const place = group.options.find((option) => option.value === id);
    if (place) return place.label;
  }
  return undefined;
}
