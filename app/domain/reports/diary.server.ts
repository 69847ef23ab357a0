import { randomUUID } from "node:crypto";
import { and, eq, inArray, lt, lte, or } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { diaryVisits, reporterDiaries, reporterDiaryFiles, type ReporterDiary } from "@db/schema";
import { throttleClientKey } from "~/auth/client-key";
import { checkThrottle, recordFailure } from "~/auth/throttle.server";
import { generateToken, hashToken } from "~/auth/tokens.server";
import { diaryCipher, newDiaryKey, openDiaryKeyWithCode, openDiaryKeyWithVisit, wrapDiaryKeyForCode, wrapDiaryKeyForVisit, type DiaryCipher } from "~/domain/sealing/diary-keys.server";
import type { Locale } from "~/i18n/locales";
import { MAX_ATTACHMENTS } from "./attachments";
import type { DiaryEntryInput } from "./diary-entry";
import { generateReceiptCode, hashReceiptCode, receiptCodeMatches } from "./receipt.server";
import { receiptPolicy } from "./reporter.server";
import type { IncomingAttachment } from "./submit.server";

/**
 * A private diary (issue #16): a reporter notes incidents over days or weeks under a code of their
 * own, and later sends all or some of them to a security officer as a report. Until then the diary
 * is sealed to its code only (diary-keys.server.ts): no officer, job or statistic can read it.
 */

/** Files a diary may hold in all (each entry may carry some). */
export const MAX_DIARY_FILES = MAX_ATTACHMENTS * 2;
/** Entries a diary may hold: a long campaign fits; a runaway script does not. */
export const MAX_DIARY_ENTRIES = 200;

export const DIARY_VISIT_IDLE_MS = 15 * 60 * 1000;
export const DIARY_VISIT_ABSOLUTE_MS = 2 * 60 * 60 * 1000;

export interface DiaryEntry {
  id: string;
  /** When Trygg received the entry (server clock), ISO. */
  addedAt: string;
  input: DiaryEntryInput;
  /** The diary files that belong to this entry. */
  fileIds: string[];
  /** Once sent: the report it went with, and when. */
  sentAs?: { reference: string; at: string };
}

export interface DiaryContents {
  locale: Locale;
  entries: DiaryEntry[];
}

export interface OpenDiary {
  diary: ReporterDiary;
  cipher: DiaryCipher;
  contents: DiaryContents;
}

const diaryReference = () => {
  const [, a, b] = generateReceiptCode().split("-");
  return `TRD-${a}-${b}`;
};

/** A reference as a person types it, cleaned to the stored shape (TRD-XXXX-XXXX); anything else finds nothing. */
export function normalizeDiaryReference(reference: string): string {
  const bare = reference.toUpperCase().replace(/[\s\-\u2010-\u2015]+/g, "");
  const shape = /^TRD([A-Z0-9]{4})([A-Z0-9]{4})$/.exec(bare);
  return shape ? `TRD-${shape[1]}-${shape[2]}` : bare;
}

export function isDiaryReference(reference: string): boolean {
  return /^TRD-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(normalizeDiaryReference(reference));
}

/** When a diary changed last on `updatedAt` is deleted: `months` later. */
export function diaryDeletionDate(updatedAt: Date, months: number): Date {
  const date = new Date(updatedAt);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date;
}

/** A new, empty diary: its reference and code are shown once; only the code's hash is stored. */
export async function createDiary(db: Executor, locale: Locale, now: Date): Promise<{ diaryId: string; reference: string; code: string }> {
  const id = randomUUID();
  const key = newDiaryKey();
  const code = generateReceiptCode();
  const cipher = diaryCipher(id, key);
  for (let attempt = 0; ; attempt++) {
    const reference = diaryReference();
    const inserted = await db
      .insert(reporterDiaries)
      .values({ id, reference, codeHash: hashReceiptCode(code), ...wrapDiaryKeyForCode(id, key, code), sealed: cipher.sealContents<DiaryContents>({ locale, entries: [] }), updatedAt: now })
      .onConflictDoNothing({ target: reporterDiaries.reference })
      .returning({ id: reporterDiaries.id });
    if (inserted.length) return { diaryId: id, reference, code };
    if (attempt > 5) throw new Error("Could not find a free diary reference");
  }
}

// A hash to compare against when the reference does not exist, so the work (and the answer) is the same.
const absentHash = hashReceiptCode("absent-diary-placeholder");

export type OpenDiaryResult = { ok: true; diaryId: string; key: Buffer } | { ok: false; reason: "invalid" | "throttled"; retryAfterSeconds?: number };

/** Reference and code, compared in constant time; wrong guesses count per client with the receipt codes'. */
export async function openDiaryWithCode(db: Executor, input: { reference: string; code: string; ip: string | null }, now: Date): Promise<OpenDiaryResult> {
  const throttleKey = `receipt:client:${throttleClientKey(input.ip)}`;
  const state = await checkThrottle(db, throttleKey, now, receiptPolicy);
  if (!state.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: state.retryAfterSeconds };
  const [diary] = await db.select().from(reporterDiaries).where(eq(reporterDiaries.reference, normalizeDiaryReference(input.reference).slice(0, 40)));
  const matches = receiptCodeMatches(diary?.codeHash ?? absentHash, input.code);
  const key = diary && matches ? openDiaryKeyWithCode(diary, input.code) : undefined;
  if (!diary || !key) {
    await recordFailure(db, throttleKey, now, receiptPolicy);
    return { ok: false, reason: "invalid" };
  }
  return { ok: true, diaryId: diary.id, key };
}

/** A visit to the diary, kept by a short-lived cookie; `previousToken`'s visit ends. */
export async function startDiaryVisit(db: Executor, diaryId: string, key: Uint8Array, now: Date, previousToken?: string): Promise<{ token: string }> {
  if (previousToken) await endDiaryVisit(db, previousToken);
  const token = generateToken(20);
  const id = hashToken(token);
  await db.insert(diaryVisits).values({ id, diaryId, keyWrap: wrapDiaryKeyForVisit(id, diaryId, key, token), lastSeenAt: now, expiresAt: new Date(now.getTime() + DIARY_VISIT_ABSOLUTE_MS) });
  return { token };
}

/** The diary behind a visit token, or null when the visit is unknown, idle too long or past its end (its row goes). */
export async function openDiaryVisit(db: Executor, token: string, now: Date): Promise<OpenDiary | null> {
  const id = hashToken(token);
  const [row] = await db.select().from(diaryVisits).innerJoin(reporterDiaries, eq(reporterDiaries.id, diaryVisits.diaryId)).where(eq(diaryVisits.id, id));
  if (!row) return null;
  const { diary_visits: visit, reporter_diaries: diary } = row;
  const live = now < visit.expiresAt && now.getTime() - visit.lastSeenAt.getTime() < DIARY_VISIT_IDLE_MS;
  const key = live ? openDiaryKeyWithVisit(id, diary.id, visit.keyWrap, token) : undefined;
  if (!key) {
    await db.delete(diaryVisits).where(eq(diaryVisits.id, id));
    return null;
  }
  await db.update(diaryVisits).set({ lastSeenAt: now }).where(eq(diaryVisits.id, id));
  const cipher = diaryCipher(diary.id, key);
  return { diary, cipher, contents: cipher.openContents<DiaryContents>(diary.sealed) };
}

export async function endDiaryVisit(db: Executor, token: string): Promise<void> {
  await db.delete(diaryVisits).where(eq(diaryVisits.id, hashToken(token)));
}

/** Deletes every diary visit openDiaryVisit would refuse. */
export async function deleteExpiredDiaryVisits(db: Executor, now: Date): Promise<number> {
  const deleted = await db
    .delete(diaryVisits)
    .where(or(lte(diaryVisits.expiresAt, now), lte(diaryVisits.lastSeenAt, new Date(now.getTime() - DIARY_VISIT_IDLE_MS))))
    .returning({ id: diaryVisits.id });
  return deleted.length;
}

type Change = { ok: true; contents: DiaryContents } | { ok: false; error: string };

/** Reads the diary locked, lets `change` edit its contents, and seals them back with `updatedAt` = now. */
async function changeDiary(db: Executor, cipher: DiaryCipher, now: Date, change: (tx: Executor, contents: DiaryContents) => Promise<string | null>): Promise<Change> {
  return db.transaction(async (tx) => {
    const [diary] = await tx.select().from(reporterDiaries).where(eq(reporterDiaries.id, cipher.diaryId)).for("update");
    if (!diary) return { ok: false as const, error: "diary.errors.gone" };
    const contents = cipher.openContents<DiaryContents>(diary.sealed);
    const error = await change(tx, contents);
    if (error) return { ok: false as const, error };
    await tx.update(reporterDiaries).set({ sealed: cipher.sealContents(contents), updatedAt: now }).where(eq(reporterDiaries.id, diary.id));
    return { ok: true as const, contents };
  });
}

/** A new entry (and its files), timed by the server's clock. */
export async function addDiaryEntry(db: Executor, cipher: DiaryCipher, input: DiaryEntryInput, files: IncomingAttachment[], now: Date): Promise<Change> {
  return changeDiary(db, cipher, now, async (tx, contents) => {
    if (contents.entries.length >= MAX_DIARY_ENTRIES) return "diary.errors.full";
    const held = await tx.select({ id: reporterDiaryFiles.id }).from(reporterDiaryFiles).where(eq(reporterDiaryFiles.diaryId, cipher.diaryId));
    if (held.length + files.length > MAX_DIARY_FILES) return "errors.tooManyFiles";
    const fileIds: string[] = [];
    for (const file of files) {
      const id = randomUUID();
      await tx.insert(reporterDiaryFiles).values({ id, diaryId: cipher.diaryId, sealed: cipher.sealFile(id, file) });
      fileIds.push(id);
    }
    contents.entries.push({ id: randomUUID(), addedAt: now.toISOString(), input, fileIds });
    return null;
  });
}

/** Removes an entry not yet sent, with its files. */
export async function removeDiaryEntry(db: Executor, cipher: DiaryCipher, entryId: string, now: Date): Promise<Change> {
  return changeDiary(db, cipher, now, async (tx, contents) => {
    const entry = contents.entries.find((candidate) => candidate.id === entryId);
    if (!entry) return "diary.errors.noEntry";
    if (entry.fileIds.length) await tx.delete(reporterDiaryFiles).where(and(eq(reporterDiaryFiles.diaryId, cipher.diaryId), inArray(reporterDiaryFiles.id, entry.fileIds)));
    contents.entries = contents.entries.filter((candidate) => candidate.id !== entryId);
    return null;
  });
}

/** The entries chosen to send (unsent ones only), with their files opened. */
export async function entriesToSend(db: Executor, open: OpenDiary, entryIds: string[]): Promise<Array<{ entry: DiaryEntry; files: IncomingAttachment[] }>> {
  const chosen = open.contents.entries.filter((entry) => entryIds.includes(entry.id) && !entry.sentAs);
  const fileIds = chosen.flatMap((entry) => entry.fileIds);
  const rows = fileIds.length ? await db.select().from(reporterDiaryFiles).where(and(eq(reporterDiaryFiles.diaryId, open.diary.id), inArray(reporterDiaryFiles.id, fileIds))) : [];
  const byId = new Map(rows.map((row) => [row.id, open.cipher.openFile(row.id, row.sealed)]));
  return chosen.map((entry) => ({
    entry,
    files: entry.fileIds.flatMap((id) => {
      const file = byId.get(id);
      return file ? [{ name: file.name, type: file.type as IncomingAttachment["type"], bytes: file.bytes }] : [];
    }),
  }));
}

/**
 * After a report was filed from the diary: the entries sent are marked with its reference, and
 * their files leave the diary (the report holds them now). Run in the report's transaction.
 */
export async function markDiaryEntriesSent(tx: Executor, cipher: DiaryCipher, entryIds: string[], reference: string, now: Date): Promise<Change> {
  return changeDiary(tx, cipher, now, async (inner, contents) => {
    for (const entry of contents.entries) {
      if (!entryIds.includes(entry.id) || entry.sentAs) continue;
      if (entry.fileIds.length) await inner.delete(reporterDiaryFiles).where(and(eq(reporterDiaryFiles.diaryId, cipher.diaryId), inArray(reporterDiaryFiles.id, entry.fileIds)));
      entry.sentAs = { reference, at: now.toISOString() };
    }
    return null;
  });
}

/** The reporter deletes the diary: entries, files and visits go at once. */
export async function deleteDiary(db: Executor, diaryId: string): Promise<void> {
  await db.delete(reporterDiaries).where(eq(reporterDiaries.id, diaryId));
}

/** Deletes diaries not changed for `months` (sent or not: a sent entry lives on in its report), 200 at a time. */
export async function purgeStaleDiaries(db: Executor, now: Date, months: number): Promise<{ purged: number }> {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return db.transaction(async (tx) => {
    const due = await tx.select({ id: reporterDiaries.id }).from(reporterDiaries).where(lt(reporterDiaries.updatedAt, cutoff)).limit(200).for("update", { skipLocked: true });
    if (due.length === 0) return { purged: 0 };
    await tx.delete(reporterDiaries).where(inArray(reporterDiaries.id, due.map((row) => row.id)));
    return { purged: due.length };
  });
}
