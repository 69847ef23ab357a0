import type { Locale } from "~/i18n/locales";

/**
 * Words and phrases that must not appear in a locale's articles or UI strings: words of a
 * neighbouring language, forms the UI does not use, phrases a native reader misreads. A string
 * matches whole words, in any case; a RegExp is used as it is.
 */
export const bannedTerms: Record<Locale, Array<string | RegExp>> = {
  da: [
    "stjålen", // Norwegian form: stjålet
    "valgfolk", // valgmedarbejdere
    "opsøgende kontakt", // social-work outreach, not someone seeking you out
    "fast bagtæppe",
    "naturlig afgrænsning",
    "du skal ikke tie", // reads as an order
    "valgbod",
    "valgboder", // Danish says valgstand
    "totrinsbekræftelse", // one term for 2FA: tofaktorgodkendelse
    "ordret ordlyd",
    "trukket tilbage af indberetteren", // the UI's outcome is "Trukket tilbage"
    /\bIT-(?=\p{L})/u, // Danish writes it-sikkerhed, it-udstyr
  ],
  sv: [
    "chikane", // Danish: trakasserier
    /\bvalförrättar\p{L}*/iu, // Finland-Swedish; in Sweden röstmottagare
    "säkerhetsansvarige", // the UI's form is säkerhetsansvariga
    "säkerhetsansvarigs",
    "oberoende kandidat", // Swedish elections have no independent candidacies
    "en kapad e-post",
    "tvåstegsverifiering", // one term for 2FA: tvåfaktorsautentisering
    "hat och hot", // the articles' order: hot och hat
    /\bIt-(?=\p{L})/u, // the articles write IT-säkerhet
  ],
  nb: [
    "overlevert til politiet", // suggests handing a person into custody: Henvist til politiet
    "trukket av melderen",
    /\bmelderen\b/iu, // a report is a rapport; the UI says "den som rapporterte"
    /\bmeld(?:e|er|es|t)?(?: det| den| dem| hendelsen)? i Trygg\b/iu, // rapportere i Trygg
    /\bfunksjonær\p{L}*/iu, // from the Swedish source: frivillige
    "lederen for valgstyrerne", // in Norway valgstyret is the municipal election board
    /\bvalgbu(?:a|er|ene)\b/iu, // valgbod, valgboder
    "hat og trusler", // the article: hets og trusler på nett
    "la seg skremme", // puts the burden on the victim
    "et enkelt mønster", // ambiguous: a simple or a single pattern
    "tofaktorinnlogging", // one term for 2FA: tofaktorautentisering
    "sjikane", // the UI says trakassering
  ],
};

/** The banned terms found in a text. */
export function bannedTermsIn(text: string, terms: Array<string | RegExp>): string[] {
  return terms.flatMap((term) => {
    const pattern =
      typeof term === "string"
        ? new RegExp(`(?<![\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+")}(?![\\p{L}\\p{N}])`, "iu")
        : term;
    const match = pattern.exec(text);
    return match ? [match[0]] : [];
  });
}
