import type { Executor } from "@db/client.server";
import { isEvidenceItem, type DiaryNote } from "./diary-entry";
import type { EvidenceItemInput } from "./evidence-items";
import { entriesToSend, markDiaryEntriesSent, openDiaryVisit, type OpenDiary } from "./diary.server";
import { checkEvidence } from "./evidence-check.server";
import type { IncomingAttachment } from "./submit.server";
import type { RejectedFile, UploadError } from "./upload.server";

/**
 * Sending diary entries with a report (issue #16): the report form carries the chosen entries' ids
 * (`diaryEntry`), the diary's visit cookie opens them. Items go as evidence items, their files as
 * attachments (reviewed for metadata like any upload), notes below the description.
 */

export const DIARY_ENTRY_FIELD = "diaryEntry";
/** Set once the diary's files are among the form's kept files (a review step or a failed try). */
export const DIARY_FILES_KEPT_FIELD = "diaryFilesKept";
const MAX_CHOSEN = 200;

export function chosenEntryIds(values: Iterable<unknown>): string[] {
  const ids = [...values].filter((value): value is string => typeof value === "string" && /^[0-9a-f-]{36}$/.test(value));
  return [...new Set(ids)].slice(0, MAX_CHOSEN);
}

export interface DiaryPart {
  open: OpenDiary;
  reference: string;
  entryIds: string[];
  items: EvidenceItemInput[];
  notes: DiaryNote[];
  files: IncomingAttachment[];
}

/**
 * The chosen entries of the diary behind `token`, still unsent; "ended" when the visit is gone (the
 * reporter is told, and the report is not filed without them); null when none were chosen.
 */
export async function diaryPartOfReport(db: Executor, token: string | undefined, entryIds: string[], now: Date): Promise<DiaryPart | "ended" | null> {
  if (entryIds.length === 0) return null;
  const open = token ? await openDiaryVisit(db, token, now) : null;
  if (!open) return "ended";
  const chosen = await entriesToSend(db, open, entryIds);
  if (chosen.length === 0) return null;
  return {
    open,
    reference: open.diary.reference,
    entryIds: chosen.map(({ entry }) => entry.id),
    items: chosen.flatMap(({ entry }) => (isEvidenceItem(entry.input) ? [entry.input] : [])),
    notes: chosen.flatMap(({ entry }) => (entry.input.kind === "note" ? [entry.input] : [])),
    files: chosen.flatMap(({ files }) => files),
  };
}

/** The description with the diary's notes below it, under a heading in the report's language. */
export function descriptionWithNotes(description: string, notes: DiaryNote[], heading: string): string {
  if (notes.length === 0) return description;
  const lines = notes.map((note) => `– ${[note.date, note.time].filter(Boolean).join(" ")}${note.date || note.time ? ": " : ""}${note.text}`);
  return `${description}\n\n${heading}:\n${lines.join("\n")}`;
}

/** After the report is filed: the entries are marked sent with its reference, their files leave the diary. */
export async function markSent(db: Executor, part: DiaryPart, reportReference: string, now: Date): Promise<void> {
  await markDiaryEntriesSent(db, part.open.cipher, part.entryIds, reportReference, now);
}

/** What the report form shows of the diary part, and carries back in hidden fields. */
export interface DiaryPartView {
  reference: string;
  entryIds: string[];
  /** The diary's files are among the form's kept files already (they are not added twice). */
  filesKept: boolean;
}

export function diaryPartView(part: DiaryPart, filesKept: boolean): DiaryPartView {
  return { reference: part.reference, entryIds: part.entryIds, filesKept };
}

/**
 * The diary's files join the new uploads of this try, checked like any upload (a PDF with active
 * content is refused by name, every file gets its hash, metadata and copy for the review step).
 */
export async function addDiaryFiles(upload: { attachments: IncomingAttachment[]; rejected: RejectedFile[]; fileError?: UploadError }, files: IncomingAttachment[]): Promise<void> {
  for (const file of files) {
    const checked = await checkEvidence(file);
    if ("error" in checked) {
      upload.rejected.push({ name: file.name, error: checked.error });
      upload.fileError ??= checked.error;
    } else upload.attachments.push(checked.file);
  }
}
