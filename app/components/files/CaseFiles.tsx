import { useTranslation } from "react-i18next";
import type { EvidenceView } from "~/domain/reports/evidence-files.server";
import { FindingList } from "./FindingList";

export interface CaseFile {
  id: string;
  name: string | null;
  contentType: string;
  size: number;
  evidence: EvidenceView | null;
}

/**
 * A case's files on the officer's case page (issue #16): the link downloads the copy without
 * metadata; beside it the SHA-256 of the file as the reporter uploaded it, what its metadata said,
 * and, when the original is kept, a form "original for the police" whose confirmation box must be
 * ticked (a plain POST: the download is audited as the original's).
 */
export function CaseFiles({ locale, reportId, files }: { locale: string; reportId: string; files: CaseFile[] }) {
  const { t } = useTranslation("staff");
  return (
    <ul data-attachments="" className="case-files">
      {files.map((file) => {
        const href = `/${locale}/staff/reports/${reportId}/attachments/${file.id}`;
        const evidence = file.evidence;
        return (
          <li key={file.id} data-attachment={file.id}>
            <a href={href}>{file.name}</a> ({file.contentType}, {Math.ceil(file.size / 1024)} kB) <span className="field-hint">{t("files.copyLink")}</span>
            {evidence ? (
              <div className="case-files__evidence">
                {evidence.sha256 ? (
                  <p>
                    {t("files.sha256")} <code className="case-files__hash" data-sha256="">{evidence.sha256}</code>
                  </p>
                ) : null}
                {evidence.unreviewed ? (
                  <p>{t("files.unreviewed")}</p>
                ) : evidence.kinds.length ? (
                  <>
                    <p>{evidence.keptOriginal ? t("files.foundKept") : t("files.foundRemoved")}</p>
                    <FindingList entry={evidence} namespace="staff" />
                  </>
                ) : (
                  <p>{t("files.nothingFound")}</p>
                )}
                {evidence.keptOriginal ? (
                  <form method="post" action={href} className="case-files__original" data-original-form="">
                    <input type="hidden" name="intent" value="original" />
                    <div className="checkbox">
                      <input type="checkbox" id={`original-confirm-${file.id}`} name="confirm" value="yes" required />
                      <label htmlFor={`original-confirm-${file.id}`}>{t("files.original.confirm")}</label>
                    </div>
                    <button type="submit" className="button--secondary">
                      {t("files.original.button")}
                    </button>
                  </form>
                ) : (
                  <p data-no-original="">{t("files.noOriginal")}</p>
                )}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
