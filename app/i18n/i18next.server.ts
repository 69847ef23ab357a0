import { createInstance, type i18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { pickLocale } from "./accept-language";
import { defaultLocale, isLocale, locales, namespaces, type Locale, type Namespace } from "./locales";
import { resources } from "./resources.server";

/**
 * One i18next instance per locale, made once at start-up. Each is fixed to its language and
 * never changed afterwards, so concurrent requests can share it.
 */
const instances = Object.fromEntries(
  locales.map((locale) => {
    const instance = createInstance();
    void instance.use(initReactI18next).init({
      lng: locale,
      fallbackLng: false,
      supportedLngs: [...locales],
      ns: [...namespaces],
      defaultNS: "common",
      resources,
      initImmediate: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    return [locale, instance];
  }),
) as Record<Locale, i18n>;

export function getI18n(locale: Locale): i18n {
  return instances[locale];
}

export function getT(locale: Locale, ns: Namespace = "common"): TFunction {
  return instances[locale].getFixedT(locale, ns);
}

// Accept-Language negotiation for `/`, through remix-i18next's detector with our own ranking:
// its built-in header detection keeps only the reader's first language.
const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...locales],
    fallbackLanguage: defaultLocale,
    order: ["custom"],
    findLocale: async (request) => pickLocale(request.headers.get("Accept-Language")),
  },
});

export async function negotiateLocale(request: Request): Promise<Locale> {
  const found = await detector.getLocale(request);
  return isLocale(found) ? found : defaultLocale;
}
