import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";

// docs/operations.md's table of environment variables is written from app/config.server.ts;
// this keeps it from falling behind when a variable is added there.
const source = fs.readFileSync("app/config.server.ts", "utf8");
const doc = fs.readFileSync("docs/operations.md", "utf8");
const schema = source.slice(source.indexOf("const configSchema = z.object({"), source.indexOf("\n});", source.indexOf("const configSchema")));
const variables = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]!);
const tableRows = doc.split("\n").filter((line) => line.startsWith("| `"));

describe("docs/operations.md", () => {
  it("names every variable the configuration reads, in its table", () => {
    expect(variables.length).toBeGreaterThan(25);
    const missing = variables.filter((name) => !tableRows.some((row) => row.split("|")[1]!.includes(`\`${name}\``)));
    expect(missing).toEqual([]);
  });

  it("marks as required exactly what production refuses to start without", () => {
    const required = tableRows.filter((row) => row.split("|")[3]!.includes("**required**")).map((row) => /`([A-Z_]+)`/.exec(row)![1]!);
    expect(required.sort()).toEqual(["ENCRYPTION_KEYS", "PUBLIC_URL"]);
    for (const name of required) {
      const env: Record<string, string> = { DEMO_DATA: "0", PUBLIC_URL: "https://trygg.example.org", ENCRYPTION_KEYS: `k:${Buffer.alloc(32, 1).toString("base64")}` };
      expect(() => parseConfig(env)).not.toThrow();
      delete env[name];
      expect(() => parseConfig(env)).toThrow(new RegExp(`${name}: required when DEMO_DATA=0`));
    }
  });
});
