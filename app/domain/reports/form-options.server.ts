import { and, asc, eq, inArray } from "drizzle-orm";
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

/** The unit's name when it is of the expected kind and country, else undefined. */
export async function unitNameIf(db: Executor, id: string, country: CountryCode, kinds: Array<"party" | "region" | "municipality">) {
  const [row] = await db.select({ name: units.name, kind: units.kind }).from(units).where(and(eq(units.id, id), eq(units.country, country)));
  return row && (kinds as string[]).includes(row.kind) ? row.name : undefined;
}
