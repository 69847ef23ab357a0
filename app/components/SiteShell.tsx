import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { localeInfo, type Locale } from "~/i18n/locales";
import { EmergencyStrip } from "./EmergencyStrip";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { QuickExit } from "./QuickExit";

/** The frame of every page: skip link, quick exit, header, emergency numbers, footer. */
export function SiteShell({ locale, children }: { locale: Locale; children: ReactNode }) {
  const { t } = useTranslation();
  const home = `/${locale}`;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <a className="brand" href={home}>
            <span className="brand__name">Trygg</span>
            <span className="brand__tagline">{t("meta.tagline")}</span>
          </a>
          <QuickExit url={localeInfo[locale].quickExitUrl} />
        </div>
        <div className="site-header__inner site-header__nav">
          <nav aria-label={t("nav.label")}>
            <ul className="main-nav">
              <li>
                <NavLink to={`${home}/guidance`}>{t("nav.guidance")}</NavLink>
              </li>
              <li>
                <NavLink to={`${home}/report`}>{t("nav.report")}</NavLink>
              </li>
              <li>
                <NavLink to={`${home}/events`}>{t("nav.events")}</NavLink>
              </li>
              <li>
                <NavLink to={`${home}/search`}>{t("nav.search")}</NavLink>
              </li>
            </ul>
          </nav>
          <LanguageSwitcher locale={locale} />
        </div>
      </header>
      <EmergencyStrip locale={locale} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.about")}</p>
        <p>{t("footer.privacy")}</p>
      </footer>
    </>
  );
}
