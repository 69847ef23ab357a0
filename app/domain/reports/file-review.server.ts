import { z } from "zod";
import { withEvidence, type FileChoice } from "./evidence-files.server";
import { findingKinds, findingsShown, hasFindings, type FindingsShown } from "./file-metadata.server";
import type { CollectedFiles, RetryFiles } from "./retry-files.server";
import type { IncomingAttachment } from "./submit.server";

/**
 * The reporter's review of what their files reveal (issue #16). A file with metadata is filed only
 * with the reporter's choice for it, a radio `fileChoice-<position>` beside the kept file: "keep the
 * original for the police" or "send a copy without metadata". Without that choice the form answers
 * with a review step: the files are kept (form-stash.server.ts) and each one's findings shown in
 * plain words; sending again files the report. Plain form fields: it works without JavaScript.
 */

/** What the review step shows for one kept file. */
export interface FileReviewEntry extends FindingsShown {
  position: number;
  name: string;
  /** The choice sent with the last try, if any. */
  choice: FileChoice | null;
}

const choiceSchema = z.enum(["original", "copy"]);
const choiceField = (position: number) => `fileChoice-${position}`;

/**
 * Gives every collected file its evidence (kept files are read again) and the reporter's choice
 * from the form. Kept files that no longer read are refused by name. Returns whether any file
 * with metadata still waits for a choice.
 */
export async function applyFileChoices(formData: FormData, files: CollectedFiles): Promise<{ pending: boolean }> {
  const choices = new Map<number, FileChoice>();
  for (const file of files.kept) {
    const parsed = choiceSchema.safeParse(formData.get(choiceField(file.position)));
    if (parsed.success) choices.set(file.position, parsed.data);
  }
  for (const [key] of [...formData.entries()]) if (key.startsWith("fileChoice-")) formData.delete(key);
  const kept = await withEvidence(files.kept);
  if (kept.unreadable.length) {
    files.rejected.push(...kept.unreadable.map((file) => ({ name: file.name, error: "files.errors.unreadable" as const })));
    files.fileError ??= "files.errors.unreadable";
  }
  files.kept = kept.ready.map((file) => ({ ...file, choice: choices.get(file.position) }));
  const all: IncomingAttachment[] = [...files.kept, ...files.attachments];
  return { pending: all.some((file) => file.evidence && hasFindings(file.evidence.findings) && !file.choice) };
}

/**
 * After the files were kept for the next try (keepForRetry, which numbers them anew in the order
 * kept then new): the review of each kept file that has metadata, under its new position.
 */
export function fileReview(files: CollectedFiles, retry: RetryFiles): FileReviewEntry[] {
  const all: IncomingAttachment[] = [...files.kept, ...files.attachments];
  if (retry.kept.length !== all.length) return [];
  return retry.kept.flatMap((stashed, index) => {
    const file = all[index]!;
    const findings = file.evidence?.findings;
    if (!findings || !hasFindings(findings)) return [];
    return [
      {
        position: stashed.position,
        name: stashed.name,
        ...findingsShown(findingKinds(findings), findings),
        choice: file.choice ?? null,
      },
    ];
  });
}
