import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reportEventTypes } from "@db/schema";
import { locales } from "~/i18n/locales";

type Tree = { [key: string]: string | Tree };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** The codes of a template literal's family: every value its placeholder can take. */
const families: Record<string, readonly string[]> = {
  "report.${type}": reportEventTypes.map((type) => `report.${type}`),
  "unit.officer-phone-verified-${kind}": ["call", "sms"].map((kind) => `unit.officer-phone-verified-${kind}`),
};

/** Every action code app/ writes to the audit log: the literals in recordAudit calls, plus the dynamic families. */
function actionCodes(): { codes: Set<string>; unknownTemplates: string[] } {
  const codes = new Set<string>();
  const unknownTemplates: string[] = [];
  for (const file of sourceFiles("app")) {
    const source = fs.readFileSync(file, "utf8");
    for (const call of source.matchAll(/recordAudit\((?:[^()]|\([^()]*\))*\)/g)) {
      const action = /\baction:\s*(`[^`]*`|[^,\n]+)/.exec(call[0])?.[1];
      if (!action) continue;
      for (const literal of action.matchAll(/"([^"]+)"/g)) codes.add(literal[1]!);
      for (const template of action.matchAll(/`([^`]+)`/g)) {
        const family = families[template[1]!];
        if (family) family.forEach((code) => codes.add(code));
        else unknownTemplates.push(`${file}: ${template[1]}`);
      }
    }
  }
  return { codes, unknownTemplates };
}

function lookup(tree: Tree, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Tree)[part] : undefined), tree);
}

describe("audit log sentences", () => {
  const { codes, unknownTemplates } = actionCodes();

  it("finds the action codes in the source, including the dynamic ones", () => {
    expect(unknownTemplates, "a template action code with no family in this test").toEqual([]);
    for (const code of ["report.viewed", "login.password-ok", "event.checked-in", "event.check-in-undone", "user.disabled", "user.enabled", "account.mail-language", "logout", "report.status_changed", "unit.officer-phone-verified-sms", "audit.exported"]) {
      expect(codes, code).toContain(code);
    }
    expect(codes.size).toBeGreaterThan(60);
  });

  it("has a sentence and a name for every action code in every locale", () => {
    const missing: string[] = [];
    for (const locale of locales) {
      const staff = JSON.parse(fs.readFileSync(`locales/${locale}/staff.json`, "utf8")) as Tree;
      for (const code of codes) {
        if (typeof lookup(staff, `auditLog.sentences.${code}`) !== "string") missing.push(`${locale}: auditLog.sentences.${code}`);
        if (typeof lookup(staff, `auditLog.names.${code}`) !== "string") missing.push(`${locale}: auditLog.names.${code}`);
      }
      const unknown = lookup(staff, "auditLog.sentences.unknown");
      expect(typeof unknown === "string" && unknown.includes("{{code}}"), `${locale}: the generic sentence shows the code`).toBe(true);
    }
    expect(missing).toEqual([]);
  });

  it("links the subject in every sentence of an action that has one", () => {
    const wrong: string[] = [];
    for (const locale of locales) {
      const staff = JSON.parse(fs.readFileSync(`locales/${locale}/staff.json`, "utf8")) as Tree;
      for (const code of codes) {
        const sentence = lookup(staff, `auditLog.sentences.${code}`);
        if (typeof sentence === "string" && sentence.includes("{{subject}}") && !sentence.includes("<subject>{{subject}}</subject>")) wrong.push(`${locale}: ${code}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
