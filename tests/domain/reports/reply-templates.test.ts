import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, replyTemplates, units, type User } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { seedReplyTemplates } from "@db/seed/reply-templates-data";
import { servedUnitIds } from "~/domain/reports/access.server";
import { createTemplate, deleteTemplate, ensureReplyTemplatesSeeded, listManageableTemplates, templatesForCase, updateTemplate } from "~/domain/reports/reply-templates.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { assignTestOfficer, createStaffUser } from "../../setup/staff";

const texts = (word: string) => ({ da: `${word} på dansk`, sv: `${word} på svenska`, nb: `${word} på norsk` });

describe("reply templates", () => {
  let database: TestDatabase;
  let unitA: string;
  let unitB: string;
  let officerA: User;
  let officerB: User;
  let admin: User;
  const now = new Date("2026-11-25T10:00:00Z");
  const actor = async (user: User) => ({ user, servedUnitIds: await servedUnitIds(database.db, user.id), ip: null, now });

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    const byName = Object.fromEntries((await database.db.select().from(units)).map((unit) => [unit.name, unit.id]));
    unitA = byName["Københavns Kommune"]!;
    unitB = byName["Aarhus Kommune"]!;
    officerA = (await createStaffUser(database.db, { email: "a@r.test", roles: ["officer"] })).user;
    officerB = (await createStaffUser(database.db, { email: "b@r.test", roles: ["officer"] })).user;
    admin = (await createStaffUser(database.db, { email: "admin@r.test", roles: ["administrator"] })).user;
    await assignTestOfficer(database.db, { unitId: unitA, user: officerA, role: "primary" });
    await assignTestOfficer(database.db, { unitId: unitB, user: officerB, role: "primary" });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("seeds the national templates once, in all three languages, with each country's police numbers", async () => {
    expect(await ensureReplyTemplatesSeeded(database.db, now)).toBe(3);
    expect(await ensureReplyTemplatesSeeded(database.db, now)).toBe(0);
    const rows = await database.db.select().from(replyTemplates);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.unitId === null && row.body.da && row.body.sv && row.body.nb)).toBe(true);
    const police = seedReplyTemplates[2]!.body;
    expect(police.da).toMatch(/112.*114/);
    expect(police.sv).toMatch(/112.*114 14/);
    expect(police.nb).toMatch(/112.*02800/);
  });

  it("lets officers manage their own units' templates and administrators the national ones, nothing else", async () => {
    expect(await createTemplate(database.db, { unitId: unitA, name: texts("Navn A"), body: texts("Tekst A") }, await actor(officerB))).toEqual({ ok: false });
    expect(await createTemplate(database.db, { unitId: null, name: texts("Navn"), body: texts("Tekst") }, await actor(officerA))).toEqual({ ok: false });
    expect(await createTemplate(database.db, { unitId: unitA, name: texts("Navn A"), body: texts("Tekst A") }, await actor(admin))).toEqual({ ok: false });
    const ofA = await createTemplate(database.db, { unitId: unitA, name: texts("Navn A"), body: texts("Tekst A") }, await actor(officerA));
    const ofB = await createTemplate(database.db, { unitId: unitB, name: texts("Navn B"), body: texts("Tekst B") }, await actor(officerB));
    const national = await createTemplate(database.db, { unitId: null, name: texts("Landsdækkende"), body: texts("Fælles") }, await actor(admin));
    expect([ofA.ok, ofB.ok, national.ok]).toEqual([true, true, true]);
    if (!ofA.ok || !ofB.ok || !national.ok) return;

    expect((await listManageableTemplates(database.db, officerA, await servedUnitIds(database.db, officerA.id))).map((row) => row.template.id)).toEqual([ofA.id]);
    expect((await listManageableTemplates(database.db, admin, [])).map((row) => row.template.unitId)).toEqual([null, null, null, null]);

    expect(await updateTemplate(database.db, ofA.id, { name: texts("Andet"), body: texts("Andet") }, await actor(officerB))).toEqual({ ok: false });
    expect(await deleteTemplate(database.db, national.id, await actor(officerA))).toEqual({ ok: false });
    expect(await updateTemplate(database.db, ofA.id, { name: texts("Ny A"), body: texts("Ny tekst A") }, await actor(officerA))).toEqual({ ok: true });
    expect(await deleteTemplate(database.db, national.id, await actor(admin))).toEqual({ ok: true });

    const audit = await database.db.select({ action: auditLog.action, subjectId: auditLog.subjectId }).from(auditLog).where(eq(auditLog.actorUserId, officerA.id));
    expect(audit).toEqual([
      { action: "reply-template.created", subjectId: unitA },
      { action: "reply-template.updated", subjectId: unitA },
    ]);
    expect((await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorUserId, admin.id))).map((row) => row.action)).toEqual(["reply-template.created", "reply-template.deleted"]);
  });

  it("offers on a case the national templates and the officer's units' the report reaches: named in the page's language, the text in the report's", async () => {
    const swedishReport = { locale: "sv", visibleUnitIds: [unitA] };
    const forA = await templatesForCase(database.db, await servedUnitIds(database.db, officerA.id), swedishReport, "da");
    expect(forA.map((template) => template.name)).toEqual([...seedReplyTemplates.map((template) => template.name.da), "Ny A på dansk"]);
    expect(forA.map((template) => template.text)).toEqual([...seedReplyTemplates.map((template) => template.body.sv), "Ny tekst A på svenska"]);

    // Unit B's template is not offered on unit A's report, even to B's officer (were B to see it).
    const forB = await templatesForCase(database.db, await servedUnitIds(database.db, officerB.id), swedishReport, "nb");
    expect(forB.map((template) => template.name)).toEqual(seedReplyTemplates.map((template) => template.name.nb));

    const norwegian = await templatesForCase(database.db, await servedUnitIds(database.db, officerB.id), { locale: "nb", visibleUnitIds: [unitB] }, "sv");
    expect(norwegian.map((template) => template.text)).toEqual([...seedReplyTemplates.map((template) => template.body.nb), "Tekst B på norsk"]);
    expect(norwegian.at(-1)!.name).toBe("Navn B på svenska");
  });
});
