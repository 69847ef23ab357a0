import { useTranslation } from "react-i18next";
import { localeInfo, type Locale } from "~/i18n/locales";

/** 112 and the police non-emergency number of the locale's country, as two lines; fire and ambulance where 112 is not both. */
export function EmergencyNumbers({ locale }: { locale: Locale }) {
  const { t } = useTranslation("guidance");
  const { emergency, policeNonEmergency, fire, ambulance } = localeInfo[locale];
  return (
    <>
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
      {fire && ambulance ? (
        <p>
          {t("emergencyBox.fire")}{" "}
          <a className="emergency-box__number" href={`tel:${fire.tel}`}>
            {fire.shown}
          </a>{" "}
          · {t("emergencyBox.ambulance")}{" "}
          <a className="emergency-box__number" href={`tel:${ambulance.tel}`}>
            {ambulance.shown}
          </a>
        </p>
      ) : null}
    </>
  );
}

/** The box beside every article: what to do if you are in danger now. */
export function EmergencyBox({ locale }: { locale: Locale }) {
  const { t } = useTranslation("guidance");
  return (
    <aside className="emergency-box" aria-labelledby="emergency-box-title">
      <h2 id="emergency-box-title">{t("emergencyBox.title")}</h2>
      <EmergencyNumbers locale={locale} />
      <p className="no-print">
        <a href={`/${locale}/report`}>{t("emergencyBox.report")}</a>
      </p>
    </aside>
  );
}
