import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The route edge stays thin: route modules parse, check and answer; database reads and writes
 * live in app/domain (and app/mail). A route may import types from the schema, never its tables.
 */
const routesDir = path.join(import.meta.dirname, "../../app/routes");
const routeFiles = readdirSync(routesDir).filter((name) => /\.(ts|tsx)$/.test(name));

/** Every import statement of a module, with its specifiers and source. */
function imports(source: string) {
  const statements = source.matchAll(/^\s*import\s+(type\s+)?([\s\S]*?)\s+from\s+["']([^"']+)["']/gm);
  return [...statements].map(([, typeOnly, clause = "", from = ""]) => ({ typeOnly: Boolean(typeOnly), clause, from }));
}

/** Whether an import clause brings in a value, not only types. */
function importsValue(typeOnly: boolean, clause: string): boolean {
  if (typeOnly) return false;
  const named = /\{([\s\S]*)\}/.exec(clause);
  const outside = clause.replace(/\{[\s\S]*\}/, "").replace(/,/g, "").trim();
  if (outside) return true; // a default or namespace import
  const specifiers = (named?.[1] ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  return specifiers.some((specifier) => !specifier.startsWith("type "));
}

export function edgeViolations(source: string): string[] {
  const found: string[] = [];
  for (const statement of imports(source)) {
    if (statement.from === "drizzle-orm" || statement.from.startsWith("drizzle-orm/")) found.push(`imports ${statement.from}`);
    if (statement.from === "@db/schema" && importsValue(statement.typeOnly, statement.clause)) found.push("imports a value from @db/schema");
    if (statement.from === "@db/client.server" && importsValue(statement.typeOnly, statement.clause)) found.push("imports a value from @db/client.server");
  }
  const queries = /(?:\bdb|\bgetDb\(\)\)?|\btx)\s*\.\s*(select|selectDistinct|insert|update|delete|execute|transaction)\s*\(/g;
  for (const match of source.matchAll(queries)) found.push(`calls .${match[1]}() on the database`);
  return found;
}

describe("the route edge", () => {
  it("finds the route modules", () => {
    expect(routeFiles.length).toBeGreaterThan(20);
  });

  it.each(routeFiles)("%s leaves database reads and writes to app/domain", (name) => {
    expect(edgeViolations(readFileSync(path.join(routesDir, name), "utf8"))).toEqual([]);
  });

  it("notices what it forbids", () => {
    expect(edgeViolations('import { eq } from "drizzle-orm";')).toEqual(["imports drizzle-orm"]);
    expect(edgeViolations('import { units, type Unit } from "@db/schema";')).toEqual(["imports a value from @db/schema"]);
    expect(edgeViolations('import * as schema from "@db/schema";')).toEqual(["imports a value from @db/schema"]);
    expect(edgeViolations('import type { Unit } from "@db/schema";\nimport { type StaffRole } from "@db/schema";')).toEqual([]);
    expect(edgeViolations("const rows = await (await getDb()).select().from(units);")).toEqual(["calls .select() on the database"]);
    expect(edgeViolations("await db\n    .insert(units).values({});\nawait db.transaction(async () => {});")).toEqual(["calls .insert() on the database", "calls .transaction() on the database"]);
    expect(edgeViolations("await getDb().then((db) => db.delete(units));")).toEqual(["calls .delete() on the database"]);
    expect(edgeViolations("const found = await unitCountries(db, ids);")).toEqual([]);
  });
});
