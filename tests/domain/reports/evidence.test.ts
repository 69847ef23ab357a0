import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, reportEvidenceItems, units, type User } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { evidenceItemsOf, markEvidenceForPolice } from "~/domain/reports/evidence.server";
import { readEvidenceForm } from "~/domain/reports/evidence-items";
import { loadEvidencePackage } from "~/domain/reports/evidence-package.server";
import { evidenceCaseView } from "~/domain/reports/evidence-view";
import { findReport, openReportWithCode } from "~/domain/reports/reporter.server";
import type { ReportInput } from "~/domain/reports/report-form";
import { submitReport } from "~/domain/reports/submit.server";
import { evidencePackageFile } from "~/components/evidence/package-file.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { assignTestOfficer, createStaffUser, testKeys } from "../../setup/staff";

describe("evidence items in the database", () => {
  let database: TestDatabase;
  let officer: User;
  let place: string;
  const t0 = new Date("2026-11-25T10:00:00Z");
  const marker = `QUOTED-${crypto.randomUUID()}`;
  const urlMarker = `hatprofil${crypto.randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    place = (await database.db.select().from(units).where(eq(units.name, "Københavns Kommune")))[0]!.id;
    officer = (await createStaffUser(database.db, { email: "a@t.test", roles: ["officer"], name: "Officer A" })).user;
    await assignTestOfficer(database.db, { unitId: place, user: officer, role: "primary", email: "a@t.test" });
  });
  afterAll(async () => database?.close());

  const form = (): ReportInput => ({
    idempotencyKey: crypto.randomUUID(),
    role: "candidate",
    country: "dk",
    party: "none",
    place,
    level: 1,
    when: "2026-11-24",
    time: undefined,
    where: undefined,
    description: "A storm of hateful comments after the debate.",
    perpetrator: undefined,
    policeTold: "no",
    policeCaseNumber: undefined,
    inDanger: false,
    contactMethod: "anonymous",
    contactEmail: undefined,
    contactPhone: undefined,
    consent: true,
    website: undefined,
  });

  it("stores typed items and a pasted list sealed, in the report's transaction, and nothing of them in plain", async () => {
    const data = new FormData();
    data.append("evidence[0].kind", "online_post");
    data.append("evidence[0].url", `https://x.com/${urlMarker}/status/1?utm_source=share`);
    data.append("evidence[0].date", "2026-11-24");
    data.append("evidence[0].time", "21:14");
    data.append("evidence[0].quote", `Vi ved hvor du bor ${marker}`);
    data.append("evidence[1].kind", "message");
    data.append("evidence[1].channel", "sms");
    data.append("evidence[1].sender", "+45 12 34 56 78");
    data.append("evidencePostList", [`https://x.com/${urlMarker}/status/2`, `https://twitter.com/${urlMarker}/status/2/`, "https://www.instagram.com/trold/", "junk line"].join("\n"));
    data.append("evidencePostListSkipBad", "on");
    const evidence = readEvidenceForm(data);
    expect(evidence.errors).toEqual({});
    const result = await submitReport(
      database.db,
      testKeys,
      { form: form(), locale: "sv", partyName: null, placeName: "Københavns Kommune", attachments: [], evidence: { items: evidence.items, posts: evidence.posts } },
      { origin: "http://trygg.test", now: t0, escalationHours: [1, 8, 24] },
    );
    if ("refused" in result) throw new Error("refused");
    const rows = await database.db.select().from(reportEvidenceItems);
    expect(rows.map((row) => [row.kind, row.source, row.position])).toEqual([["online_post", "form", 0], ["message", "form", 1], ["online_post", "bulk", 2], ["online_post", "bulk", 3]]);
    expect(rows.every((row) => row.receivedAt.getTime() === t0.getTime())).toBe(true);
    // The whole table as text: no quoted text, no address, no sender.
    const dump = JSON.stringify(await database.db.execute(sql`select * from report_evidence_items`));
    for (const secret of [marker, urlMarker, "12 34 56 78", "instagram", "trold"]) expect(dump).not.toContain(secret);

    const opened = await openReportWithCode(database.db, { reference: result.reference, code: result.receiptCode, ip: null }, t0);
    if (!opened.ok) throw new Error("does not open");
    const items = await evidenceItemsOf(database.db, opened.cipher);
    expect(items[0]!.contents).toMatchObject({ kind: "online_post", url: `https://x.com/${urlMarker}/status/1`, platform: "x", profileName: `@${urlMarker}`, time: "21:14" });
    const view = evidenceCaseView(items, (date) => date.toISOString());
    expect(view.groups.map((group) => [group.profileName, group.items.length])).toEqual(expect.arrayContaining([[`@${urlMarker}`, 1], ["trold", 1]]));
    const hater = view.groups.find((group) => group.profileName === `@${urlMarker}`)!;

    // An officer marks every post of the profile: audited with a count, the other items untouched.
    const marked = await markEvidenceForPolice(database.db, opened.cipher, { profile: hater.key, forPolice: true }, { userId: officer.id, ip: null, now: t0 });
    expect(marked.changed).toBe(1);
    const again = await markEvidenceForPolice(database.db, opened.cipher, { itemIds: [items[0]!.id, items[2]!.id], forPolice: true }, { userId: officer.id, ip: null, now: t0 });
    expect(again.changed).toBe(1);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, "evidence.marked-for-police"));
    expect(audits.map((entry) => entry.details)).toEqual([{ count: 1 }, { count: 1 }]);

    // The package: in the report's language (Swedish), the marked items only, in the order they happened.
    const report = (await findReport(database.db, opened.report.id))!;
    const pkg = await loadEvidencePackage(database.db, opened.cipher, report, { audience: "staff", onlyForPolice: true, now: t0 });
    expect(pkg.model.lang).toBe("sv");
    // Item 1 was posted the evening before; item 3 has only the time Trygg received it.
    expect(pkg.model.items.map((item) => item.number)).toEqual([1, 3]);
    expect(pkg.model.role.statement).toContain("kandidat");
    expect(pkg.model.role.advice).toContain("politiskt uppdrag");
    const file = evidencePackageFile(pkg.model);
    expect(file).toContain(marker);
    expect(file).toContain(`https://x.com/${urlMarker}/status/1`);
    expect(file).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
    const everything = await loadEvidencePackage(database.db, opened.cipher, report, { audience: "reporter", onlyForPolice: false, now: t0 });
    expect(everything.model.items).toHaveLength(4);
  });

  it("never touches another report's items", async () => {
    const [someItem] = await database.db.select().from(reportEvidenceItems).limit(1);
    const other = await submitReport(database.db, testKeys, { form: form(), locale: "da", partyName: null, placeName: null, attachments: [] }, { origin: "http://trygg.test", now: t0, escalationHours: [1, 8, 24] });
    if ("refused" in other) throw new Error("refused");
    const opened = await openReportWithCode(database.db, { reference: other.reference, code: other.receiptCode, ip: null }, t0);
    if (!opened.ok) throw new Error("does not open");
    const result = await markEvidenceForPolice(database.db, opened.cipher, { itemIds: [someItem!.id], forPolice: false }, { userId: officer.id, ip: null, now: t0 });
    expect(result.changed).toBe(0);
  });

  it("treats a repeat of the form's one-time key with other evidence as another submission, not a double submit", async () => {
    const first = form();
    const items = (url: string) => readEvidenceForm((() => {
      const data = new FormData();
      data.append("evidence[0].kind", "online_post");
      data.append("evidence[0].url", url);
      return data;
    })()).items;
    const context = { origin: "http://trygg.test", now: t0, escalationHours: [1, 8, 24] as const };
    const input = (url: string) => ({ form: first, locale: "da" as const, partyName: null, placeName: "Københavns Kommune", attachments: [], evidence: { items: items(url), posts: null } });
    const filed = await submitReport(database.db, testKeys, input("https://x.com/one/status/1"), context);
    expect("receiptCode" in filed).toBe(true);
    // The same content again: the same receipt (a double click).
    const again = await submitReport(database.db, testKeys, input("https://x.com/one/status/1"), context);
    expect(again).toMatchObject({ duplicate: true });
    // Other evidence under the same key: refused, no receipt shown.
    expect(await submitReport(database.db, testKeys, input("https://x.com/two/status/2"), context)).toEqual({ refused: "alreadySent" });
  });
});
