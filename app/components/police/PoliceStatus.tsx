import { useTranslation } from "react-i18next";
import { PoliceAdvice } from "./PoliceAdvice";

export interface ReporterPoliceCase {
  state: string;
  /** Formatted for the page. */
  reportedOn: string | null;
  decidedOn: string | null;
}

/** The reporter's view of the police case: its state and dates (never district or decision text), then the advice. */
export function PoliceStatus({ police, country }: { police: ReporterPoliceCase | null; country: string }) {
  const { t } = useTranslation("report");
  return (
    <>
      {police ? (
        <section aria-labelledby="police-status-title" data-police-status={police.state}>
          <h2 id="police-status-title">{t("police.reporterTitle")}</h2>
          <dl className="case-facts">
            <div><dt>{t("police.reporterState")}</dt><dd>{t(`police.states.${police.state}`)}</dd></div>
            {police.reportedOn ? <div><dt>{t("police.reporterReportedOn")}</dt><dd>{police.reportedOn}</dd></div> : null}
            {police.decidedOn ? <div><dt>{t("police.reporterDecidedOn")}</dt><dd>{police.decidedOn}</dd></div> : null}
          </dl>
        </section>
      ) : null}
      <PoliceAdvice country={country} />
    </>
  );
}
