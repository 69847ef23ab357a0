import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diaryVisits, reporterDiaries, reporterDiaryFiles } from "@db/schema";
import { hashToken } from "~/auth/tokens.server";
import {
  addDiaryEntry,
  createDiary,
  deleteDiary,
  deleteExpiredDiaryVisits,
  DIARY_VISIT_IDLE_MS,
  diaryDeletionDate,
  entriesToSend,
  markDiaryEntriesSent,
  normalizeDiaryReference,
  openDiaryVisit,
  openDiaryWithCode,
  purgeStaleDiaries,
  removeDiaryEntry,
  startDiaryVisit,
} from "~/domain/reports/diary.server";
import { noteSchema } from "~/domain/reports/diary-entry";
import { createTestDatabase, type TestDatabase } from "../../setup/database";

describe("a private diary", () => {
  let database: TestDatabase;
  const t0 = new Date("2026-11-25T10:00:00Z");
  const later = (minutes: number, from = t0) => new Date(from.getTime() + minutes * 60_000);
  const canary = `DIARY-CANARY-${Date.now()}`;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  /** A diary opened with its code, and a visit to it. */
  const openedDiary = async (ip = "10.0.0.9") => {
    const created = await createDiary(database.db, "sv", t0);
    const opened = await openDiaryWithCode(database.db, { reference: created.reference, code: created.code, ip }, t0);
    if (!opened.ok) throw new Error("does not open");
    const { token } = await startDiaryVisit(database.db, opened.diaryId, opened.key, t0);
    const visit = await openDiaryVisit(database.db, token, t0);
    if (!visit) throw new Error("no visit");
    return { ...created, token, visit };
  };

  it("opens only with its reference and code, typed any way a person types them", async () => {
    const created = await createDiary(database.db, "da", t0);
    expect(created.reference).toMatch(/^TRD-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const typed = { reference: created.reference.toLowerCase().replace(/-/g, " "), code: created.code.toLowerCase().replace(/-/g, ""), ip: "10.0.0.1" };
    expect(normalizeDiaryReference(typed.reference)).toBe(created.reference);
    expect((await openDiaryWithCode(database.db, typed, t0)).ok).toBe(true);
    const wrong = await openDiaryWithCode(database.db, { ...typed, code: created.code.replace(/^./, (first) => (first === "A" ? "B" : "A")) }, t0);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(await openDiaryWithCode(database.db, { ...typed, reference: "TRD-AAAA-AAAA" }, t0)).toEqual({ ok: false, reason: "invalid" });
  });

  it("stops a guesser after five wrong codes, counted with the receipt codes' per client", async () => {
    const created = await createDiary(database.db, "nb", t0);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await openDiaryWithCode(database.db, { reference: created.reference, code: "WRONG-CODE-WRONG-CODE", ip: "10.9.9.9" }, t0)).toMatchObject({ ok: false, reason: "invalid" });
    }
    expect(await openDiaryWithCode(database.db, { reference: created.reference, code: created.code, ip: "10.9.9.9" }, t0)).toMatchObject({ ok: false, reason: "throttled" });
    // Another client is not locked out.
    expect((await openDiaryWithCode(database.db, { reference: created.reference, code: created.code, ip: "10.9.9.8" }, t0)).ok).toBe(true);
  });

  it("keeps entries and files sealed: the row shows only that a diary exists and when it changed", async () => {
    const { visit, code, token } = await openedDiary();
    const note = noteSchema.parse({ kind: "note", date: "2026-11-24", time: "21:15", text: `He called again at night. ${canary}` });
    const file = { name: `${canary}.png`, type: "image/png" as const, bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, ...new TextEncoder().encode(canary)]) };
    const added = await addDiaryEntry(database.db, visit.cipher, note, [file], later(5));
    expect(added.ok).toBe(true);
    const [row] = await database.db.select().from(reporterDiaries).where(eq(reporterDiaries.id, visit.diary.id));
    expect(row!.updatedAt).toEqual(later(5));
    const files = await database.db.select().from(reporterDiaryFiles).where(eq(reporterDiaryFiles.diaryId, visit.diary.id));
    expect(files).toHaveLength(1);
    const stored = JSON.stringify(row) + files.map((one) => one.sealed.toString("latin1")).join("");
    for (const secret of [canary, code, code.replace(/-/g, ""), "sv", "note", "2026-11-24"]) expect(stored).not.toContain(secret === "sv" ? '"sv"' : secret);
    const visitRows = await database.db.select().from(diaryVisits).where(eq(diaryVisits.id, hashToken(token)));
    expect(JSON.stringify(visitRows)).not.toContain(token);
    // Opened again through the visit: the entry, timed by the server, and its file.
    const again = await openDiaryVisit(database.db, token, later(6));
    expect(again!.contents.locale).toBe("sv");
    expect(again!.contents.entries).toHaveLength(1);
    expect(again!.contents.entries[0]).toMatchObject({ addedAt: later(5).toISOString(), input: note });
    const [toSend] = await entriesToSend(database.db, again!, [again!.contents.entries[0]!.id]);
    expect(toSend!.files[0]!.name).toBe(file.name);
    expect(Buffer.from(toSend!.files[0]!.bytes).equals(Buffer.from(file.bytes))).toBe(true);
  });

  it("removes an entry with its files, and marks sent entries without sending them twice", async () => {
    const { visit, token } = await openedDiary();
    const one = noteSchema.parse({ kind: "note", date: "", time: "", text: "First incident by the office" });
    const two = noteSchema.parse({ kind: "note", date: "", time: "", text: "Second incident, the same man" });
    await addDiaryEntry(database.db, visit.cipher, one, [{ name: "a.png", type: "image/png", bytes: new Uint8Array([1, 2, 3]) }], later(1));
    await addDiaryEntry(database.db, visit.cipher, two, [{ name: "b.png", type: "image/png", bytes: new Uint8Array([4, 5, 6]) }], later(2));
    let open = (await openDiaryVisit(database.db, token, later(3)))!;
    const [first, second] = open.contents.entries;
    expect((await removeDiaryEntry(database.db, open.cipher, first!.id, later(3))).ok).toBe(true);
    expect(await removeDiaryEntry(database.db, open.cipher, first!.id, later(3))).toEqual({ ok: false, error: "diary.errors.noEntry" });
    expect(await database.db.select().from(reporterDiaryFiles).where(eq(reporterDiaryFiles.diaryId, visit.diary.id))).toHaveLength(1);
    await markDiaryEntriesSent(database.db, open.cipher, [second!.id], "TRG-AAAA-BBBB", later(4));
    open = (await openDiaryVisit(database.db, token, later(5)))!;
    expect(open.contents.entries).toEqual([expect.objectContaining({ id: second!.id, sentAs: { reference: "TRG-AAAA-BBBB", at: later(4).toISOString() } })]);
    // The sent entry's files left the diary with the report, and it is not offered again.
    expect(await database.db.select().from(reporterDiaryFiles).where(eq(reporterDiaryFiles.diaryId, visit.diary.id))).toHaveLength(0);
    expect(await entriesToSend(database.db, open, [second!.id])).toEqual([]);
  });

  it("ends a visit after 15 idle minutes, and the clean-up job removes it", async () => {
    const { token } = await openedDiary();
    expect(await openDiaryVisit(database.db, token, later(14))).not.toBeNull();
    const idle = new Date(later(14).getTime() + DIARY_VISIT_IDLE_MS);
    expect(await deleteExpiredDiaryVisits(database.db, idle)).toBeGreaterThan(0);
    expect(await openDiaryVisit(database.db, token, idle)).toBeNull();
  });

  it("is deleted the retention period after its last change, not before; deleting it at once takes everything", async () => {
    const { visit } = await openedDiary();
    await addDiaryEntry(database.db, visit.cipher, noteSchema.parse({ kind: "note", date: "", time: "", text: "Noted for the record" }), [{ name: "c.png", type: "image/png", bytes: new Uint8Array([7]) }], later(10));
    const due = diaryDeletionDate(later(10), 12);
    expect(due.toISOString()).toBe("2027-11-25T10:10:00.000Z");
    await purgeStaleDiaries(database.db, new Date(due.getTime() - 60_000), 12);
    expect(await database.db.select().from(reporterDiaries).where(eq(reporterDiaries.id, visit.diary.id))).toHaveLength(1);
    const { purged } = await purgeStaleDiaries(database.db, new Date(due.getTime() + 60_000), 12);
    expect(purged).toBeGreaterThan(0);
    expect(await database.db.select().from(reporterDiaries).where(eq(reporterDiaries.id, visit.diary.id))).toHaveLength(0);
    expect(await database.db.select().from(reporterDiaryFiles).where(eq(reporterDiaryFiles.diaryId, visit.diary.id))).toHaveLength(0);

    const other = await openedDiary();
    await deleteDiary(database.db, other.visit.diary.id);
    expect(await openDiaryVisit(database.db, other.token, later(1))).toBeNull();
  });
});

describe("sending diary entries with a report", () => {
  it("keeps only well-formed, distinct entry ids from the form", async () => {
    const { chosenEntryIds } = await import("~/domain/reports/diary-send.server");
    const id = "0b7d3f1e-2a4c-4e8f-9b1a-3c5d7e9f1a2b";
    expect(chosenEntryIds([id, id, "x'; drop table", 42, "", id.toUpperCase()])).toEqual([id]);
  });

  it("puts the notes below the description, dated where the reporter gave a date", async () => {
    const { descriptionWithNotes } = await import("~/domain/reports/diary-send.server");
    const notes = [noteSchema.parse({ kind: "note", date: "2026-11-18", time: "21:15", text: "The car again." }), noteSchema.parse({ kind: "note", date: "", time: "", text: "Calls at night." })];
    expect(descriptionWithNotes("He follows me.", notes, "Fra min dagbog")).toBe("He follows me.\n\nFra min dagbog:\n– 2026-11-18 21:15: The car again.\n– Calls at night.");
    expect(descriptionWithNotes("He follows me.", [], "Fra min dagbog")).toBe("He follows me.");
  });
});
