import { useTranslation } from "react-i18next";
import { PrintButton } from "./PrintButton";

/** A recovery key shown once: grouped, unbroken between groups, with advice to print it and keep it apart. */
export function RecoveryKeyCard({ recoveryKey }: { recoveryKey: string }) {
  const { t } = useTranslation("staff");
  return (
    <section className="recovery-key" aria-labelledby="recovery-key-heading">
      <h2 id="recovery-key-heading">{t("recoveryKey.heading")}</h2>
      <p className="recovery-key__value" data-recovery-key="">
        {recoveryKey.split("-").map((group, index) => (
          <span key={index} className="recovery-key__group">
            {group}
            {index < recoveryKey.split("-").length - 1 ? "-" : ""}
          </span>
        ))}
      </p>
      <ul>
        <li>{t("recoveryKey.advicePrint")}</li>
        <li>{t("recoveryKey.adviceApart")}</li>
        <li>{t("recoveryKey.adviceWhy")}</li>
      </ul>
      <PrintButton label={t("recoveryKey.print")} />
    </section>
  );
}
