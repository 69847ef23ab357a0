import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, reports, units, users, type User } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { totpCodeAt, totpStep } from "~/auth/totp.server";
import { findVisibleReport } from "~/domain/reports/access.server";
import { applyCaseAction, caseView, staffCipher } from "~/domain/reports/case.server";
import type { ReportInput } from "~/domain/reports/report-form";
import { REPEAT_WINDOW_MS, submitReport } from "~/domain/reports/submit.server";
import { newKeyPair } from "~/domain/sealing/boxes.server";
import { generateKey, parseKeyRing } from "~/domain/sealing/server-key.server";
import { resealServerColumns } from "~/domain/sealing/server-sealed.server";
import { restoreFromEscrow, waitingForAccess, type SealingKeys } from "~/domain/sealing/unit-keys.server";
import { loginWithPassword, resetPassword, verifySecondFactor } from "~/domain/staff/accounts.server";
import { issueAuthToken } from "~/domain/staff/auth-tokens.server";
import { assignOfficer, grantUnitAccess, removeOfficer } from "~/domain/staff/units.server";
import { enqueueMail, outboxContent } from "~/mail/outbox.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { createStaffUser, testKeys } from "../../setup/staff";

describe("unit keys, grants, resets, escrow and rotation", () => {
  let database: TestDatabase;
  let unitId: Record<string, string>;
  const escrow = newKeyPair();
  const keys: SealingKeys = { ...testKeys, escrowPublicKey: escrow.publicKey };
  const t0 = new Date("2026-11-25T10:00:00Z");
  const privateKeys = new Map<string, Buffer | null>();
  let admin: User;

  const form = (place: string, overrides: Partial<ReportInput> = {}): ReportInput => ({
    idempotencyKey: crypto.randomUUID(), role: "candidate", country: "dk", party: "none", place, level: 3, when: "2026-11-24", time: undefined, where: undefined,
    description: "Letters at my door every night.", perpetrator: undefined, policeTold: "no", policeCaseNumber: undefined, inDanger: false, contactMethod: "anonymous",
    contactEmail: undefined, contactPhone: undefined, consent: true, website: undefined, ...overrides,
  });
  const submit = (input: ReportInput, now = t0, attachments: Array<{ name: string; type: "image/png"; bytes: Uint8Array }> = []) =>
    submitReport(database.db, keys, { form: input, locale: "da", partyName: null, placeName: "x", attachments }, { origin: "http://x", now, escalationHours: [1, 8, 24] });
  const filed = async (input: ReportInput) => {
    const result = await submit(input);
    if ("refused" in result) throw new Error("refused");
    const [report] = await database.db.select().from(reports).where(eq(reports.reference, result.reference));
    return { ...result, report: report! };
  };
  const fresh = async (user: User) => (await database.db.select().from(users).where(eq(users.id, user.id)))[0]!;
  const cipherFor = async (user: User, reportId: string) => staffCipher(database.db, keys, reportId, { user: await fresh(user), privateKey: privateKeys.get(user.id) ?? null });
  const staff = async (email: string, roles: Array<"officer" | "administrator"> = ["officer"]) => {
    const made = await createStaffUser(database.db, { email, roles, password: "correct horse battery" }, keys);
    privateKeys.set(made.user.id, made.privateKey);
    return made;
  };
  const assign = (unit: string, user: User, role: "primary" | "deputy", by: User) =>
    assignOfficer(database.db, keys, { unitId: unitId[unit]!, userId: user.id, role, phone: "+45 11 22 33 44", email: user.email, origin: "http://x" }, { userId: by.id, ip: null, publicKey: by.publicKey, privateKey: privateKeys.get(by.id) ?? null }, t0);
  const audits = async (action: string) => (await database.db.select().from(auditLog)).filter((row) => row.action === action);

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    unitId = Object.fromEntries((await database.db.select().from(units)).map((unit) => [unit.name, unit.id]));
    admin = (await staff("admin@t.test", ["administrator"])).user;
  });
  afterAll(async () => database?.close());

  it("an officer added later reads nothing until a holder grants the key, then everything", async () => {
    const first = (await staff("first@t.test")).user;
    await assign("Odense Kommune", first, "primary", admin);
    const { report } = await filed(form(unitId["Odense Kommune"]!));
    const later = (await staff("later@t.test")).user;
    // The administrator does not hold the unit's key: the new officer waits.
    await assign("Odense Kommune", later, "deputy", admin);
    expect(await findVisibleReport(database.db, later, report.id)).toBeDefined();
    expect(await cipherFor(later, report.id)).toBeNull();
    const view = await caseView(database.db, null, report);
    expect(view).toMatchObject({ sealed: true, contents: null });
    expect(await applyCaseAction(database.db, report.id, { type: "acknowledge" }, { keys, user: later, privateKey: privateKeys.get(later.id)!, now: t0, origin: "http://x", ip: null, followUpHours: [24, 72, 168] })).toEqual({ ok: false, error: "case.errors.noKey" });
    expect((await waitingForAccess(database.db, unitId["Odense Kommune"]!)).map((person) => person.email)).toEqual(["later@t.test"]);
    // A colleague without the key cannot grant it.
    expect(await grantUnitAccess(database.db, keys, { unitId: unitId["Odense Kommune"]!, granteeId: later.id }, { userId: admin.id, ip: null, publicKey: admin.publicKey, privateKey: privateKeys.get(admin.id)! }, t0)).toBe(0);
    expect(await grantUnitAccess(database.db, keys, { unitId: unitId["Odense Kommune"]!, granteeId: later.id }, { userId: first.id, ip: null, publicKey: (await fresh(first)).publicKey, privateKey: privateKeys.get(first.id)! }, t0)).toBeGreaterThan(0);
    const cipher = await cipherFor(later, report.id);
    expect(cipher?.openContents<{ description: string }>(report.sealed).description).toBe("Letters at my door every night.");
    expect(await waitingForAccess(database.db, unitId["Odense Kommune"]!)).toEqual([]);
    expect((await audits("unit.key-granted")).some((row) => row.actorUserId === first.id)).toBe(true);
  });

  it("a reset with the recovery key keeps access; without it access comes back only after a grant", async () => {
    const keeper = await staff("keeper@t.test");
    const colleague = (await staff("colleague@t.test")).user;
    await assign("Vejle Kommune", keeper.user, "primary", admin);
    await assign("Vejle Kommune", colleague, "deputy", admin);
    // The colleague was assigned after the key was made: the keeper grants.
    await grantUnitAccess(database.db, keys, { unitId: unitId["Vejle Kommune"]!, granteeId: colleague.id }, { userId: keeper.user.id, ip: null, publicKey: (await fresh(keeper.user)).publicKey, privateKey: keeper.privateKey }, t0);
    const { report } = await filed(form(unitId["Vejle Kommune"]!));
    const login = async (password: string) => {
      const result = await loginWithPassword(database.db, { email: "keeper@t.test", password, ip: null }, t0, keys);
      if (!result.ok) throw new Error(`login: ${result.reason}`);
      privateKeys.set(keeper.user.id, result.privateKey);
      return result;
    };

    const withKey = await resetPassword(database.db, keys, { token: await issueAuthToken(database.db, "password-reset", keeper.user.id, t0), password: "second long passphrase", recoveryKey: keeper.recoveryKey }, t0, null);
    expect(withKey).toEqual({ ok: true, keptKeys: true, recoveryKey: null });
    await login("second long passphrase");
    expect(await cipherFor(keeper.user, report.id)).not.toBeNull();

    // A wrong recovery key changes nothing and leaves the link usable.
    const token = await issueAuthToken(database.db, "password-reset", keeper.user.id, t0);
    expect(await resetPassword(database.db, keys, { token, password: "third long passphrase", recoveryKey: "AAAA-".repeat(12) + "AAAA" }, t0, null)).toEqual({ ok: false, reason: "recoveryKey" });
    await login("second long passphrase");
    const without = await resetPassword(database.db, keys, { token, password: "third long passphrase", recoveryKey: null }, new Date(t0.getTime() + 60_000), null);
    expect(without).toMatchObject({ ok: true, keptKeys: false });
    await login("third long passphrase");
    expect(await cipherFor(keeper.user, report.id)).toBeNull();
    const waiting = await waitingForAccess(database.db, unitId["Vejle Kommune"]!);
    expect(waiting).toMatchObject([{ email: "keeper@t.test", keyChanged: true, hasKeyPair: true }]);
    await grantUnitAccess(database.db, keys, { unitId: unitId["Vejle Kommune"]!, granteeId: keeper.user.id }, { userId: colleague.id, ip: null, publicKey: (await fresh(colleague)).publicKey, privateKey: privateKeys.get(colleague.id)! }, t0);
    expect((await cipherFor(keeper.user, report.id))?.openContents<{ description: string }>(report.sealed).description).toBe("Letters at my door every night.");
    expect(await audits("user.keys-recovered")).toHaveLength(1);
    expect((await audits("user.keys-replaced")).length).toBeGreaterThan(0);
  });

  it("the escrow procedure restores a unit whose only key holder reset without the recovery key", async () => {
    const only = (await staff("only@t.test")).user;
    await assign("Esbjerg Kommune", only, "primary", admin);
    const { report } = await filed(form(unitId["Esbjerg Kommune"]!));
    await resetPassword(database.db, keys, { token: await issueAuthToken(database.db, "password-reset", only.id, t0), password: "new long passphrase", recoveryKey: null }, t0, null);
    const again = await loginWithPassword(database.db, { email: "only@t.test", password: "new long passphrase", ip: null }, t0, keys);
    if (!again.ok) throw new Error("login");
    privateKeys.set(only.id, again.privateKey);
    expect(await cipherFor(only, report.id)).toBeNull();
    const restored = await restoreFromEscrow(database.db, keys, { unitId: unitId["Esbjerg Kommune"]!, userId: only.id, escrowPrivateKey: escrow.privateKey, escrowPublicKey: escrow.publicKey }, t0);
    expect(restored).toBeGreaterThan(0);
    expect(await cipherFor(only, report.id)).not.toBeNull();
    // A wrong escrow key opens nothing.
    const wrong = newKeyPair();
    await expect(restoreFromEscrow(database.db, keys, { unitId: unitId["Esbjerg Kommune"]!, userId: only.id, escrowPrivateKey: wrong.privateKey, escrowPublicKey: wrong.publicKey }, t0)).rejects.toThrow();
  });

  it("removing an officer takes their keys; the unit's new key serves later reports", async () => {
    const stays = (await staff("stays@t.test")).user;
    const leaves = (await staff("leaves@t.test")).user;
    await assign("Aalborg Kommune", stays, "primary", admin);
    await assign("Aalborg Kommune", leaves, "deputy", admin);
    await grantUnitAccess(database.db, keys, { unitId: unitId["Aalborg Kommune"]!, granteeId: leaves.id }, { userId: stays.id, ip: null, publicKey: (await fresh(stays)).publicKey, privateKey: privateKeys.get(stays.id)! }, t0);
    const before = await filed(form(unitId["Aalborg Kommune"]!));
    expect(await cipherFor(leaves, before.report.id)).not.toBeNull();
    const rows = await database.db.execute(`select id from unit_officers where user_id = '${leaves.id}'` as never);
    const officerId = ((rows as unknown as { rows?: Array<{ id: string }> }).rows ?? (rows as unknown as Array<{ id: string }>))[0]!.id;
    await removeOfficer(database.db, keys, officerId, { userId: admin.id, ip: null }, t0);
    expect(await cipherFor(leaves, before.report.id)).toBeNull();
    const after = await filed(form(unitId["Aalborg Kommune"]!));
    expect(await cipherFor(stays, after.report.id)).not.toBeNull();
    expect(await cipherFor(stays, before.report.id)).not.toBeNull();
    expect(await audits("unit.key-rotated")).not.toHaveLength(0);
  });

  it("a repeated one-time key shows the receipt only with the same content and within 10 minutes", async () => {
    const input = form(unitId["Aalborg Kommune"]!);
    const first = await submit(input);
    if ("refused" in first) throw new Error("refused");
    const same = await submit(input, new Date(t0.getTime() + 60_000));
    expect(same).toEqual({ reference: first.reference, receiptCode: first.receiptCode, duplicate: true });
    expect(await submit({ ...input, description: "something else" }, new Date(t0.getTime() + 60_000))).toEqual({ refused: "alreadySent" });
    expect(await submit(input, new Date(t0.getTime() + REPEAT_WINDOW_MS + 1000))).toEqual({ refused: "alreadySent" });
  });

  it("an administrator who does not serve the national unit sees national reports as metadata only; one who serves it reads them", async () => {
    // No municipality officer in Ærø: the report goes to the national queue.
    const { report } = await filed(form(unitId["Ærø Kommune"]!));
    expect(report.routingReason).toBe("national");
    expect(await findVisibleReport(database.db, admin, report.id)).toBeDefined();
    expect(await cipherFor(admin, report.id)).toBeNull();
    const national = (await database.db.select().from(units).where(eq(units.kind, "national"))).find((unit) => unit.country === "dk")!;
    const nationalAdmin = (await staff("national@t.test", ["administrator"])).user;
    // The national key was made at the first national report (sealed to escrow); escrow gives it to the new national officer.
    await assignOfficer(database.db, keys, { unitId: national.id, userId: nationalAdmin.id, role: "primary", phone: "+45 1", email: "national@t.test", origin: "http://x" }, { userId: admin.id, ip: null }, t0);
    expect(await cipherFor(nationalAdmin, report.id)).toBeNull();
    await restoreFromEscrow(database.db, keys, { unitId: national.id, userId: nationalAdmin.id, escrowPrivateKey: escrow.privateKey, escrowPublicKey: escrow.publicKey }, t0);
    expect(await cipherFor(nationalAdmin, report.id)).not.toBeNull();
  });

  it("rotating the server key re-seals TOTP secrets and queued mail; the old key can then go", async () => {
    const oldRing = testKeys.ring;
    const person = await createStaffUser(database.db, { email: "rotate@t.test", roles: ["officer"] }, keys);
    await enqueueMail(database.db, { to: "someone@t.test", locale: "da", idempotencyKey: "rotation-check", message: { kind: "passwordReset", link: "http://x/reset" }, now: new Date() }, oldRing);
    const both = parseKeyRing(`${[...oldRing.keys].map(([id, key]) => `${id}:${key.toString("base64")}`).join(",")},new:${generateKey()}`, "new");
    const first = await resealServerColumns(database.db, both);
    expect(first["users.totp_secret"]).toBeGreaterThan(0);
    expect(first["outbox.sealed"]).toBeGreaterThan(0);
    // Safe to run again: nothing left to do.
    expect(Object.values(await resealServerColumns(database.db, both)).every((count) => count === 0)).toBe(true);
    const onlyNew = parseKeyRing(`new:${both.keys.get("new")!.toString("base64")}`);
    const code = totpCodeAt(person.secret, totpStep(t0));
    expect(await verifySecondFactor(database.db, onlyNew, { user: await fresh(person.user), code, ip: null }, t0)).toEqual({ ok: true });
    const rows = await database.db.execute(`select idempotency_key, sealed, legacy_plain from outbox where idempotency_key = 'rotation-check'` as never);
    const row = ((rows as unknown as { rows?: Array<Record<string, string>> }).rows ?? (rows as unknown as Array<Record<string, string>>))[0]!;
    expect(outboxContent({ idempotencyKey: row.idempotency_key!, sealed: row.sealed!, legacyPlain: null }, onlyNew)?.to).toBe("someone@t.test");
  });
});
