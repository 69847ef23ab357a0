import type { HeldReplyFiles } from "~/domain/reports/reply-files.server";
import { ReportKeptFiles } from "~/components/ReportKeptFiles";
import { FileReview } from "./FileReview";

/** The status page's reply form after a try that held its files (issue #16): the kept files, their review, and the key that finds them. */
export function ReplyFiles({ held, inputId }: { held: HeldReplyFiles | null; inputId: string }) {
  if (!held) return null;
  return (
    <>
      {held.oneTimeKey ? <input type="hidden" name="idempotencyKey" value={held.oneTimeKey} /> : null}
      <ReportKeptFiles files={held.files} inputId={inputId} />
      <FileReview review={held.review} />
    </>
  );
}
