import { useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { localeInfo, type Locale } from "~/i18n/locales";
import { EmergencyStrip } from "./EmergencyStrip";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { QuickExit } from "./QuickExit";

// Plain links: a full page load works offline through the service worker and without JavaScript.
const sections = ["guidance", "report", "events", "search"] as const;

/**
 * The frame of every page: skip link, a header that stays at the top with the quick exit in it,
 * the navigation, emergency numbers, footer.
 */
export function SiteShell({ locale, quickExitUrl, children }: { locale: Locale; quickExitUrl?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const home = `/${locale}`;
  const { pathname } = useLocation();
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
          {/* The configured address; the built-in one when the root loader had no answer. */}
          <QuickExit url={quickExitUrl ?? localeInfo[locale].quickExitUrl} />
        </div>
      </header>
      {/* Outside the header, so that the header (with the exit) can stay at the top while the page scrolls. */}
      <div className="site-nav">
        <div className="site-header__inner site-header__nav">
          <nav aria-label={t("nav.label")}>
            <ul className="main-nav">
              {sections.map((section) => {
                const href = `${home}/${section}`;
                const current = pathname === href || pathname.startsWith(`${href}/`);
                return (
                  <li key={section}>
                    <a href={href} aria-current={current ? "page" : undefined}>
                      {t(`nav.${section}`)}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
          <LanguageSwitcher locale={locale} />
        </div>
      </div>
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
