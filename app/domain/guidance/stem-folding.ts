import type { Locale } from "~/i18n/locales";

/**
 * Snowball stems do not meet for some common inflections: Danish and Norwegian drop the e of
 * -el/-er/-en nouns in the plural (trussel → trusler: stems "trussel" and "trusl"), and the
 * Swedish stemmer keeps the definite -et (hotet vs hot). Folding a stem removes those
 * differences. It is applied alike to documents and queries, and folded matches rank below
 * exact stem matches, so over-folding costs precision, never recall.
 */
export function foldStem(stem: string, locale: Locale): string {
  let folded = stem.toLowerCase();
  if (locale === "sv" && folded.length >= 5 && folded.endsWith("et")) folded = folded.slice(0, -2);
  if ((locale === "da" || locale === "nb") && folded.length >= 5) {
    folded = folded.replace(/([^aeiouyæøå])e([lnr])$/, "$1$2");
  }
  // Doubled consonants fold to one (truss → trus), so the forms above meet.
  return folded.replace(/([^aeiouyæøåä])\1/g, "$1");
}
