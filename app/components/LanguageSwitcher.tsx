import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { locales, pathInLocale, type Locale } from "~/i18n/locales";

const ownNames: Record<Locale, string> = { da: "Dansk", sv: "Svenska", nb: "Norsk (bokmål)" };

/** Links to the same page in the other languages; a full load, so the new locale's strings come with it. */
export function LanguageSwitcher({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  return (
    <nav className="language-switcher" aria-label={t("language.label")}>
      <ul>
        {locales.map((target) => (
          <li key={target}>
            {target === locale ? (
              <span aria-current="true" lang={target}>
                {ownNames[target]}
              </span>
            ) : (
              <a href={pathInLocale(pathname, search, target)} hrefLang={target} lang={target}>
                {ownNames[target]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
