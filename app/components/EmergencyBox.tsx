import { useTranslation } from "react-i18next";
import { localeInfo, type Locale } from "~/i18n/locales";

/** The box beside every article: what to do if you are in danger now. */
export function EmergencyBox({ locale }: { locale: Locale }) {
  const { t } = useTranslation("guidance");
  const { emergency, policeNonEmergency } = localeInfo[locale];
  return (
    <aside className="emergency-box" aria-labelledby="emergency-box-title">
      <h2 id="emergency-box-title">{t("emergencyBox.title")}</h2>
      <p>
        {t("emergencyBox.call")}{" "}
        <a className="emergency-box__number" href={`tel:${emergency.tel}`}>
          {emergency.shown}
        </a>
      </p>
      <p>
        {t("emergencyBox.police")}{" "}
        <a className="emergency-box__number" href={`tel:${policeNonEmergency.tel}`}>
          {policeNonEmergency.shown}
        </a>
      </p>
      <p className="no-print">
        <a href={`/${locale}/report`}>{t("emergencyBox.report")}</a>
      </p>
    </aside>
  );
}
