import { useTranslation } from "react-i18next";

/** What to tell the police in the reporter's country, in the page's language. */
export function PoliceAdvice({ country }: { country: string }) {
  const { t } = useTranslation("report");
  const key = ["dk", "se", "no"].includes(country) ? country : "dk";
  const lines = t(`police.advice.${key}`, { returnObjects: true }) as unknown as string[];
  return (
    <section aria-labelledby="police-advice-title" className="police-advice" data-police-advice={key}>
      <h2 id="police-advice-title">{t("police.adviceTitle")}</h2>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
