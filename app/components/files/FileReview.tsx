import { useTranslation } from "react-i18next";
import type { FileReviewEntry } from "~/domain/reports/file-review.server";
import { FindingList } from "./FindingList";

/**
 * The review step of the report form (issue #16): for each kept file whose metadata says something
 * about the reporter, what it says in plain words, and the choice of what to send. Plain radios in
 * the report form: it works without JavaScript; the kept-file fields come from ReportKeptFiles.
 */
export function FileReview({ review }: { review: FileReviewEntry[] | null }) {
  const { t } = useTranslation("report");
  if (!review?.length) return null;
  return (
    <div className="file-review" data-file-review="">
      <p>{t("files.review.intro")}</p>
      {review.map((entry) => (
        <fieldset key={entry.position} className="file-review__file" data-review-file={entry.name}>
          <legend>{t("files.review.legend", { name: entry.name })}</legend>
          <FindingList entry={entry} namespace="report" />
          <div className="radio">
            <input type="radio" id={`file-choice-${entry.position}-copy`} name={`fileChoice-${entry.position}`} value="copy" defaultChecked={entry.choice === "copy"} required />
            <label htmlFor={`file-choice-${entry.position}-copy`}>{t("files.review.copy")}</label>
          </div>
          <div className="radio">
            <input type="radio" id={`file-choice-${entry.position}-original`} name={`fileChoice-${entry.position}`} value="original" defaultChecked={entry.choice === "original"} />
            <label htmlFor={`file-choice-${entry.position}-original`}>{t("files.review.original")}</label>
          </div>
        </fieldset>
      ))}
    </div>
  );
}
