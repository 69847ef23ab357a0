import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@db/client.server";
import { reports } from "@db/schema";
import { hashOneTimeKey } from "~/domain/sealing/report-keys.server";
import { MAX_ATTACHMENTS } from "./attachments";
import { openStash, stashFiles, type StashedFile } from "./form-stash.server";
import type { IncomingAttachment } from "./submit.server";
import type { RejectedFile, UploadError } from "./upload.server";

/**
 * The files of one report form submit: those kept from its last failed try (asked for by the form's
 * hidden `keptFile` fields, minus the `dropKept` boxes ticked) and the new uploads, within the limit
 * of MAX_ATTACHMENTS together. What a failed submit keeps for the next try, and what it says.
 */

export type FilesError = UploadError | "errors.keptLost";

export interface CollectedFiles {
  /** The form's one-time key when it is well formed (files are kept only under one). */
  oneTimeKey: string | null;
  /** The positions of kept files the form asked for, and those found. */
  keptPositions: number[];
  kept: StashedFile[];
  attachments: IncomingAttachment[];
  rejected: RejectedFile[];
  /** Kept files the form asked for are gone (expired, or they do not open): they must be attached again. */
  lost: boolean;
  fileError?: FilesError;
}

/** What the form shows about files after a failed submit. */
export interface RetryFiles {
  kept: Array<{ position: number; name: string }>;
  /** Files to attach again, each with the reason. */
  rejected: Array<{ name: string; error: UploadError | "errors.notKept" }>;
  lost: boolean;
}

const positionsOf = (values: FormDataEntryValue[]) =>
  [...new Set(values.map((value) => (typeof value === "string" && /^\d{1,2}$/.test(value) ? Number(value) : -1)).filter((position) => position >= 0 && position < MAX_ATTACHMENTS))];

async function oneTimeKeyUsed(db: Executor, oneTimeKey: string): Promise<boolean> {
  const [row] = await db.select({ id: reports.id }).from(reports).where(eq(reports.idempotencyHash, hashOneTimeKey(oneTimeKey)));
  return Boolean(row);
}

/** Reads the kept-file choices out of the form (they are not report fields) and gathers the files. */
export async function collectFiles(db: Executor, upload: { formData: FormData; attachments: IncomingAttachment[]; rejected: RejectedFile[] }, now: Date): Promise<CollectedFiles> {
  const { formData } = upload;
  const dropped = new Set(positionsOf(formData.getAll("dropKept")));
  const keptPositions = positionsOf(formData.getAll("keptFile")).filter((position) => !dropped.has(position));
  formData.delete("keptFile");
  formData.delete("dropKept");
  const parsedKey = z.uuid().safeParse(formData.get("idempotencyKey"));
  const oneTimeKey = parsedKey.success ? parsedKey.data : null;

  let kept: StashedFile[] = [];
  let lost = false;
  if (keptPositions.length) {
    kept = oneTimeKey ? (await openStash(db, oneTimeKey, now)).files.filter((file) => keptPositions.includes(file.position)) : [];
    // A double submit finds the files taken by the first, which filed the report: not lost, the
    // submit answers with the first one's receipt.
    lost = kept.length < keptPositions.length && !(oneTimeKey && (await oneTimeKeyUsed(db, oneTimeKey)));
  }
  let attachments = upload.attachments;
  const rejected = [...upload.rejected];
  const room = MAX_ATTACHMENTS - kept.length;
  if (attachments.length > room) {
    rejected.push(...attachments.slice(room).map((file) => ({ name: file.name, error: "errors.tooManyFiles" as const })));
    attachments = attachments.slice(0, room);
  }
  const fileError: FilesError | undefined = rejected[0]?.error ?? (lost ? "errors.keptLost" : undefined);
  return { oneTimeKey, keptPositions, kept, attachments, rejected, lost, fileError };
}

/**
 * After a failed submit: keeps the kept and new files for the next try, in place of the form's
 * earlier stash, and says what the form shows. Without a well-formed one-time key nothing is kept.
 */
export async function keepForRetry(db: Executor, files: CollectedFiles, now: Date): Promise<RetryFiles> {
  if (!files.oneTimeKey) return { kept: [], rejected: [...files.rejected, ...[...files.kept, ...files.attachments].map((file) => ({ name: file.name, error: "errors.notKept" as const }))], lost: files.lost };
  const kept = await stashFiles(db, files.oneTimeKey, [...files.kept, ...files.attachments], now);
  return { kept, rejected: files.rejected, lost: files.lost };
}
