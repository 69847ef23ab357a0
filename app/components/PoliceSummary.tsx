import { useTranslation } from "react-i18next";
import type { ReportContents } from "~/domain/reports/report-form";

export interface PoliceSummaryProps {
  reference: string;
  createdAt: string;
  level: number;
  contents: ReportContents;
  policeCaseNumber: string | null;
}

/**
 * A printable summary for filing a police report: the facts, dates, threat level, and the
 * reporter's political role stated plainly (the police need it to route the case).
 */
export function PoliceSummary({ reference, createdAt, level, contents, policeCaseNumber }: PoliceSummaryProps) {
  const { t, i18n } = useTranslation("report");
  const rows: Array<[string, string | null]> = [
    [t("summary.reference"), reference],
    [t("summary.reported"), createdAt],
    [t("summary.role"), t("summary.roleStatement", { role: t(`roles.${contents.role}`).toLocaleLowerCase(i18n.language), party: contents.partyName ?? t("form.independent") })],
    [t("fields.when"), [contents.when, contents.time].filter(Boolean).join(" ")],
    [t("fields.where"), [contents.where, contents.placeName].filter(Boolean).join(", ") || null],
    [t("fields.level"), `${level} – ${t(`levels.${level}.label`)}`],
    [t("fields.perpetrator"), contents.perpetrator],
    [t("fields.policeCaseNumber"), policeCaseNumber ?? contents.policeCaseNumber],
  ];
  return (
    <section className="police-summary" aria-labelledby="police-summary-title" data-police-summary="">
      <h2 id="police-summary-title">{t("summary.title")}</h2>
      <p>{t("summary.intro")}</p>
      <dl>
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label} className="summary-row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <h3>{t("fields.description")}</h3>
      <p className="preserve-lines">{contents.description}</p>
    </section>
  );
}
