import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { RetryFiles } from "~/domain/reports/retry-files.server";

/**
 * After a failed submit of the report form: the files kept for this try (each with a box to leave
 * it out; hidden fields tell the server which were listed), and the files that must be attached
 * again, by name. Plain form fields: it works without JavaScript.
 */
export function ReportKeptFiles({ files, inputId }: { files: RetryFiles | null; inputId: string }) {
  const { t } = useTranslation("report");
  // With JavaScript the page stays and the file field still holds what was sent; the server kept
  // those files (or named them to attach again), so the field is emptied as a page load empties it.
  useEffect(() => {
    const input = files ? (document.getElementById(inputId) as HTMLInputElement | null) : null;
    if (input) input.value = "";
  }, [files, inputId]);
  if (!files) return null;
  return (
    <>
      {files.rejected.length ? (
        <div className="field-error" data-files-rejected="">
          <p>{t("kept.attachAgain")}</p>
          <ul>
            {files.rejected.map((file, index) => (
              <li key={index} data-rejected-file={file.name}>
                {t("kept.rejectedItem", { name: file.name, reason: t(file.error) })}
              </li>
            ))}
          </ul>
          {files.lost ? <p>{t("errors.keptLost")}</p> : null}
        </div>
      ) : null}
      {files.kept.length ? (
        <fieldset className="kept-files" data-kept-files="">
          <legend>{t("kept.intro", { names: files.kept.map((file) => file.name).join(", ") })}</legend>
          <p className="field-hint">{t("kept.hint")}</p>
          {files.kept.map((file) => (
            <div className="checkbox" key={file.position} data-kept-file={file.name}>
              <input type="hidden" name="keptFile" value={file.position} />
              <input type="checkbox" id={`kept-file-${file.position}`} name="dropKept" value={file.position} />
              <label htmlFor={`kept-file-${file.position}`}>{t("kept.drop", { name: file.name })}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}
