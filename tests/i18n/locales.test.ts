import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locales, namespaces, pathInLocale } from "~/i18n/locales";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`),
  );
}

function load(locale: string, ns: string): Tree {
  return JSON.parse(fs.readFileSync(path.join("locales", locale, `${ns}.json`), "utf8")) as Tree;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe("UI strings", () => {
  it("has every namespace file in every locale", () => {
    for (const locale of locales) {
      for (const ns of namespaces) {
        expect(fs.existsSync(path.join("locales", locale, `${ns}.json`)), `locales/${locale}/${ns}.json`).toBe(true);
      }
    }
  });

  it("has the same keys in every locale, none of them empty", () => {
    for (const ns of namespaces) {
      const reference = flatten(load("da", ns)).sort();
      for (const locale of locales) {
        const tree = load(locale, ns);
        expect(flatten(tree).sort(), `${locale}/${ns}`).toEqual(reference);
        for (const key of flatten(tree)) {
          const value = key.split(".").reduce<Tree | string>((node, part) => (node as Tree)[part]!, tree);
          expect(String(value).trim(), `${locale}/${ns}:${key}`).not.toBe("");
        }
      }
    }
  });

  it("has every key the code asks for, in every locale", () => {
    const missing: string[] = [];
    for (const file of sourceFiles("app")) {
      const source = fs.readFileSync(file, "utf8");
      // Namespaces this file works in: its useTranslation/getT/localeAndT calls, plus common.
      const fileNamespaces = new Set(["common"]);
      // A shared component whose namespace is chosen by its page says which ones it serves; a key
      // must then exist in each of them.
      const declared = /\/\/ i18n-namespaces: ([\w ]+)/.exec(source)?.[1]?.split(" ");
      for (const match of source.matchAll(/(?:useTranslation|getT|localeAndT)\([^)]*?"(\w+)"\)/g)) {
        fileNamespaces.add(match[1]!);
      }
      // The staff route helpers (app/auth/staff-route.server.ts) translate in "staff" unless given a namespace.
      if (/\bstaff(?:Route|Action|Form)\(/.test(source)) fileNamespaces.add("staff");
      for (const match of source.matchAll(/\bnamespace: "(\w+)"/g)) fileNamespaces.add(match[1]!);
      for (const match of source.matchAll(/\bt\(\s*"([\w.:-]+)"/g)) {
        const raw = match[1]!;
        const [ns, key] = raw.includes(":") ? (raw.split(":") as [string, string]) : [undefined, raw];
        for (const locale of locales) {
          const candidates = ns ? [ns] : declared ?? [...fileNamespaces];
          const found = candidates[declared && !ns ? "every" : "some"]((candidate) => {
            if (!(namespaces as readonly string[]).includes(candidate)) return false;
            const keys = flatten(load(locale, candidate));
            // A plural key is asked for by its base name and stored as _one and _other.
            return keys.includes(key) || (keys.includes(`${key}_one`) && keys.includes(`${key}_other`));
          });
          if (!found) missing.push(`${file}: ${raw} (${locale})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("error messages given as keys in schemas and domain code", () => {
  it("exist in the namespace of their area (events, report or staff) in every locale", () => {
    const missing: string[] = [];
    for (const file of sourceFiles("app")) {
      const source = fs.readFileSync(file, "utf8");
      const ns = /event/i.test(file) ? "events" : /report/i.test(file) ? "report" : "staff";
      for (const match of source.matchAll(/"((?:errors|auth)\.\w+|(?:units|case|status)\.errors\.\w+|users\.(?:emailTaken|rolesRequired)|(?:invite|reset)\.expired|coverage\.deadlineInvalid|units\.phoneFormat)"/g)) {
        for (const locale of locales) {
          if (!flatten(load(locale, ns)).includes(match[1]!)) missing.push(`${file}: ${match[1]} (${locale}/${ns})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("pathInLocale", () => {
  it("keeps the page and the query when switching language", () => {
    expect(pathInLocale("/da/guidance/threat-ladder", "?x=1", "sv")).toBe("/sv/guidance/threat-ladder?x=1");
    expect(pathInLocale("/nb", "", "da")).toBe("/da");
    expect(pathInLocale("/", "", "nb")).toBe("/nb");
  });
});
