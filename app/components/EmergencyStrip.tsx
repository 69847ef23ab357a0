import { useTranslation } from "react-i18next";
import { localeInfo, type Locale } from "~/i18n/locales";

/** 112 and the police non-emergency number of the locale's country, on every page. */
export function EmergencyStrip({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const { emergency, policeNonEmergency } = localeInfo[locale];
  return (
    <aside className="emergency-strip" aria-label={t("emergency.label")}>
      <p>
        <strong>{t("emergency.danger")}</strong>{" "}
        <a className="emergency-strip__number" href={`tel:${emergency.tel}`} data-emergency-number="">
          {emergency.shown}
        </a>
      </p>
      <p>
        {t("emergency.police")}{" "}
        <a className="emergency-strip__number" href={`tel:${policeNonEmergency.tel}`} data-police-number="">
          {policeNonEmergency.shown}
        </a>
      </p>
    </aside>
  );
}
