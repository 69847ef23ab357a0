import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportAttachments, reportFormStashes, reports, reportStatistics, units } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import type { Executor } from "@db/client.server";
import { deleteExpiredStashes, openStash, STASH_MS, stashFiles } from "~/domain/reports/form-stash.server";
import { openReportWithCode } from "~/domain/reports/reporter.server";
import type { ReportInput } from "~/domain/reports/report-form";
import { collectFiles, keepForRetry } from "~/domain/reports/retry-files.server";
import { submitReport, type IncomingAttachment } from "~/domain/reports/submit.server";
import { hashOneTimeKey } from "~/domain/sealing/report-keys.server";
import { purgeExpiredFormStashes } from "~/jobs/purge-form-stashes.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { assignTestOfficer, createStaffUser, testKeys } from "../../setup/staff";

const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const pdf = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.4 ${text}`));
const photo: IncomingAttachment = { name: "photo.png", type: "image/png", bytes: new Uint8Array(png) };
const police = (text = "police report"): IncomingAttachment => ({ name: "police.pdf", type: "application/pdf", bytes: pdf(text) });
const t0 = new Date("2026-11-25T10:00:00Z");
const minutes = (count: number) => new Date(t0.getTime() + count * 60_000);

describe("files kept for a report form's retry (issue #13)", () => {
  let database: TestDatabase;
  let placeId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    const [place] = await database.db.select().from(units).where(eq(units.name, "Københavns Kommune"));
    placeId = place!.id;
    const { user } = await createStaffUser(database.db, { email: "stash-officer@t.test", roles: ["officer"] });
    await assignTestOfficer(database.db, { unitId: placeId, user, role: "primary" });
  });
  afterAll(async () => database?.close());

  const rowsOf = async (oneTimeKey: string) => database.db.select().from(reportFormStashes).where(eq(reportFormStashes.keyHash, hashOneTimeKey(oneTimeKey)));
  const plain = (files: IncomingAttachment[]) => files.map((file) => ({ name: file.name, type: file.type, bytes: Buffer.from(file.bytes).toString("hex") }));
  const form = (idempotencyKey: string, overrides: Partial<ReportInput> = {}): ReportInput => ({
    idempotencyKey, role: "candidate", country: "dk", party: "none", place: placeId, level: 3, when: "2026-11-24", time: undefined, where: undefined,
    description: "Someone left a threatening note on my car.", perpetrator: undefined, policeTold: "no", policeCaseNumber: undefined, inDanger: false,
    contactMethod: "anonymous", contactEmail: undefined, contactPhone: undefined, consent: true, website: undefined, ...overrides,
  });
  const formData = (oneTimeKey: string, entries: Array<[string, string]> = []) => {
    const data = new FormData();
    data.set("idempotencyKey", oneTimeKey);
    for (const [name, value] of entries) data.append(name, value);
    return data;
  };

  it("gives the files back, in order, to the right key only; the wrong key gets nothing; changed bytes are left out, not thrown", async () => {
    const key = crypto.randomUUID();
    expect(await stashFiles(database.db, key, [photo, police()], t0)).toEqual([{ position: 0, name: "photo.png" }, { position: 1, name: "police.pdf" }]);
    const opened = await openStash(database.db, key, minutes(29));
    expect(opened.unreadable).toBe(0);
    expect(opened.files.map((file) => file.position)).toEqual([0, 1]);
    expect(plain(opened.files)).toEqual(plain([photo, police()]));
    const rows = await rowsOf(key);
    expect(rows.map((row) => row.expiresAt.getTime())).toEqual([t0.getTime() + STASH_MS, t0.getTime() + STASH_MS]);

    expect(await openStash(database.db, crypto.randomUUID(), minutes(1))).toEqual({ files: [], unreadable: 0 });
    // The rows of one key moved under another key's hash do not open with that key either.
    const other = crypto.randomUUID();
    await database.db.update(reportFormStashes).set({ keyHash: hashOneTimeKey(other) }).where(eq(reportFormStashes.id, rows[0]!.id));
    expect(await openStash(database.db, other, minutes(1))).toEqual({ files: [], unreadable: 1 });
    // A changed byte: that file is left out, the other still comes back.
    const flipped = Buffer.from(rows[1]!.sealed);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 1, flipped.length - 1);
    await database.db.update(reportFormStashes).set({ keyHash: hashOneTimeKey(key) }).where(eq(reportFormStashes.id, rows[0]!.id));
    await database.db.update(reportFormStashes).set({ sealed: flipped }).where(eq(reportFormStashes.id, rows[1]!.id));
    const afterTamper = await openStash(database.db, key, minutes(1));
    expect(afterTamper.unreadable).toBe(1);
    expect(afterTamper.files.map((file) => file.name)).toEqual(["photo.png"]);
  });

  it("a new stash of the same key replaces the old one", async () => {
    const key = crypto.randomUUID();
    await stashFiles(database.db, key, [photo, police()], t0);
    await stashFiles(database.db, key, [police("second try")], minutes(5));
    expect(await rowsOf(key)).toHaveLength(1);
    expect(plain((await openStash(database.db, key, minutes(6))).files)).toEqual(plain([police("second try")]));
    await stashFiles(database.db, key, [], minutes(7));
    expect(await rowsOf(key)).toHaveLength(0);
  });

  it("an expired stash is ignored, and the job deletes it and only it", async () => {
    const old = crypto.randomUUID();
    const live = crypto.randomUUID();
    // A day before the other tests' stashes, which stay live through this one.
    const dayBefore = (count: number) => minutes(count - 24 * 60);
    await stashFiles(database.db, old, [photo, police()], dayBefore(0));
    await stashFiles(database.db, live, [photo], dayBefore(20));
    const now = dayBefore(30);
    expect(await openStash(database.db, old, now)).toEqual({ files: [], unreadable: 0 });
    // The form that listed them is told they are gone.
    const collected = await collectFiles(database.db, { formData: formData(old, [["keptFile", "0"], ["keptFile", "1"]]), attachments: [], rejected: [] }, now);
    expect(collected).toMatchObject({ lost: true, kept: [], fileError: "errors.keptLost" });

    const before = (await database.db.select().from(reportFormStashes)).length;
    expect(await purgeExpiredFormStashes(database.db, now)).toEqual({ deleted: 2 });
    expect(await rowsOf(old)).toHaveLength(0);
    expect(await rowsOf(live)).toHaveLength(1);
    expect((await database.db.select().from(reportFormStashes)).length).toBe(before - 2);
    expect(await deleteExpiredStashes(database.db, now)).toBe(0);
  });

  it("collects kept files minus those left out, with new ones within the limit of five; a failed try keeps them all again", async () => {
    const key = crypto.randomUUID();
    await stashFiles(database.db, key, [photo, police(), { ...photo, name: "third.png" }], t0);
    const data = formData(key, [["keptFile", "0"], ["keptFile", "1"], ["keptFile", "2"], ["dropKept", "1"], ["keptFile", "99"], ["dropKept", "x"]]);
    const news = Array.from({ length: 4 }, (_, index) => ({ ...photo, name: `new-${index}.png` }));
    const collected = await collectFiles(database.db, { formData: data, attachments: news, rejected: [{ name: "virus.exe", error: "errors.fileType" }] }, minutes(1));
    expect(data.has("keptFile") || data.has("dropKept")).toBe(false);
    expect(collected.keptPositions).toEqual([0, 2]);
    expect(collected.kept.map((file) => file.name)).toEqual(["photo.png", "third.png"]);
    expect(collected.attachments.map((file) => file.name)).toEqual(["new-0.png", "new-1.png", "new-2.png"]);
    expect(collected.rejected).toEqual([{ name: "virus.exe", error: "errors.fileType" }, { name: "new-3.png", error: "errors.tooManyFiles" }]);
    expect(collected.fileError).toBe("errors.fileType");
    expect(collected.lost).toBe(false);
    const shown = await keepForRetry(database.db, collected, minutes(1));
    expect(shown.kept.map((file) => file.name)).toEqual(["photo.png", "third.png", "new-0.png", "new-1.png", "new-2.png"]);
    expect(shown.rejected.map((file) => file.name)).toEqual(["virus.exe", "new-3.png"]);
    expect(await rowsOf(key)).toHaveLength(5);
    // Without a well-formed one-time key nothing is kept, and the form says so by name.
    const noKey = await collectFiles(database.db, { formData: formData("replay"), attachments: [photo], rejected: [] }, minutes(1));
    expect(await keepForRetry(database.db, noKey, minutes(1))).toEqual({ kept: [], rejected: [{ name: "photo.png", error: "errors.notKept" }], lost: false });
  });

  it("a successful submit moves the kept files (not those left out) into the report and deletes the stash, all or nothing", async () => {
    const key = crypto.randomUUID();
    await stashFiles(database.db, key, [photo, police("left out")], t0);
    const collected = await collectFiles(database.db, { formData: formData(key, [["keptFile", "0"], ["keptFile", "1"], ["dropKept", "1"]]), attachments: [police("new")], rejected: [] }, minutes(2));
    const input = { form: form(key), locale: "da" as const, partyName: null, placeName: "Københavns Kommune", attachments: collected.attachments, kept: { positions: collected.keptPositions, files: collected.kept } };
    const context = { origin: "http://trygg.test", now: minutes(2), escalationHours: [1, 8, 24] as const };

    // The transaction fails late (at the statistics row): no report, no files, and the stash is still there.
    const failing = failingAt(database.db, reportStatistics);
    await expect(submitReport(failing, testKeys, input, context)).rejects.toThrow("statistics refused");
    expect(await database.db.select().from(reports).where(eq(reports.idempotencyHash, hashOneTimeKey(key)))).toHaveLength(0);
    expect(await rowsOf(key)).toHaveLength(2);

    const result = await submitReport(database.db, testKeys, input, context);
    if ("refused" in result) throw new Error("refused");
    expect(await rowsOf(key)).toHaveLength(0);
    const opened = await openReportWithCode(database.db, { reference: result.reference, code: result.receiptCode, ip: "9.9.9.9" }, minutes(3));
    if (!opened.ok) throw new Error("does not open");
    const files = await database.db.select().from(reportAttachments).where(eq(reportAttachments.reportId, opened.report.id));
    const contents = files.map((file) => ({ name: opened.cipher.openAttachmentName(file.id, file.nameSealed), type: file.contentType, bytes: opened.cipher.openFile(file.id, file.data!).toString("hex") }));
    expect(contents.sort((a, b) => a.name.localeCompare(b.name))).toEqual(plain([police("new"), photo]).sort((a, b) => a.name.localeCompare(b.name)));

    // A double submit of that same form finds the files taken: not "lost", and the same receipt comes back.
    const again = await collectFiles(database.db, { formData: formData(key, [["keptFile", "0"], ["keptFile", "1"], ["dropKept", "1"]]), attachments: [police("new")], rejected: [] }, minutes(3));
    expect(again).toMatchObject({ lost: false, kept: [], keptPositions: [0] });
    expect(await submitReport(database.db, testKeys, { ...input, kept: { positions: again.keptPositions, files: again.kept }, attachments: again.attachments }, { ...context, now: minutes(3) })).toEqual({ ...result, duplicate: true });
  });
});

/** The database, except that inserting into `table` inside a transaction throws. */
function failingAt(db: Executor, table: unknown): Executor {
  const wrap = (tx: Executor): Executor =>
    new Proxy(tx, {
      get(target, property, receiver) {
        if (property === "insert") return (into: unknown) => (into === table ? (() => { throw new Error("statistics refused"); })() : target.insert(into as never));
        if (property === "transaction") return (run: (inner: Executor) => Promise<unknown>) => target.transaction((inner) => run(wrap(inner as Executor)));
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return wrap(db);
}
