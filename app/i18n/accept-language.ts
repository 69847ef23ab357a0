import { defaultLocale, type Locale } from "./locales";

const byLanguage: Record<string, Locale> = { da: "da", sv: "sv", nb: "nb", no: "nb", nn: "nb" };

/**
 * The reader's most preferred language that Trygg has, from an Accept-Language header.
 * Norwegian in any form (nb, no, nn) gets Bokmål; nothing usable gets Danish.
 */
export function pickLocale(header: string | null | undefined): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(",")
    .map((part, position) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), position };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.position - b.position);
  for (const entry of ranked) {
    const locale = byLanguage[entry.language];
    if (locale) return locale;
  }
  return defaultLocale;
}
