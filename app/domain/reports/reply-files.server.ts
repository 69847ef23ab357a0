import type { Executor } from "@db/client.server";
import { applyFileChoices, fileReview, type FileReviewEntry } from "./file-review.server";
import { deleteStash } from "./form-stash.server";
import { collectFiles, keepForRetry, type FilesError, type RetryFiles } from "./retry-files.server";
import type { IncomingAttachment } from "./submit.server";
import type { RejectedFile } from "./upload.server";

/**
 * Files a reporter adds on the status page, reviewed as on the report form (issue #16): a file with
 * metadata waits for the reporter's choice, kept meanwhile under a one-time key of the reply form
 * (sent back as its hidden `idempotencyKey`, as the report form does), and the reply is sent only
 * once every such file has one. The visit cookie still guards the page; the key only finds the files.
 */

export interface HeldReplyFiles {
  oneTimeKey: string | null;
  files: RetryFiles;
  review: FileReviewEntry[];
  error: FilesError | "files.review.needed";
}

export async function collectReplyFiles(
  db: Executor,
  upload: { formData: FormData; attachments: IncomingAttachment[]; rejected: RejectedFile[] },
  now: Date,
): Promise<{ ready: IncomingAttachment[]; oneTimeKey: string | null; held: null } | { held: HeldReplyFiles }> {
  const files = await collectFiles(db, upload, now);
  const { pending } = await applyFileChoices(upload.formData, files);
  const error = files.fileError ?? (pending ? "files.review.needed" : undefined);
  if (!error) return { ready: [...files.kept, ...files.attachments], oneTimeKey: files.oneTimeKey, held: null };
  files.oneTimeKey ??= crypto.randomUUID();
  const kept = await keepForRetry(db, files, now);
  return { held: { oneTimeKey: files.oneTimeKey, files: kept, review: fileReview(files, kept), error } };
}

/** After the reply was sent: its kept files are in the report now. */
export async function forgetReplyFiles(db: Executor, oneTimeKey: string | null): Promise<void> {
  if (oneTimeKey) await deleteStash(db, oneTimeKey);
}
