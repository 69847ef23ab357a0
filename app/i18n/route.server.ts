import type { TFunction } from "i18next";
import { getT } from "./i18next.server";
import { isLocale, type Locale, type Namespace } from "./locales";

/** The locale of a `$lang` route, or a 404 for anything else. */
export function requireLocale(params: { lang?: string }): Locale {
  if (!isLocale(params.lang)) throw new Response("Not found", { status: 404 });
  return params.lang;
}

/** Locale and translator for a `$lang` route's loader or action. */
export function localeAndT(params: { lang?: string }, ns: Namespace = "common"): { locale: Locale; t: TFunction } {
  const locale = requireLocale(params);
  return { locale, t: getT(locale, ns) };
}
