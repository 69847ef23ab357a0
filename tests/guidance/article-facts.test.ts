import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GuidanceContentError, loadGuidanceCatalog, splitFrontMatter } from "~/domain/guidance/catalog.server";
import { formatHours } from "~/domain/guidance/placeholders.server";
import { localeInfo, locales, namespaces, type Locale, type LocaleInfo } from "~/i18n/locales";
import { bannedTerms, bannedTermsIn } from "./terms";

type Tree = { [key: string]: string | Tree };
const ui = (locale: Locale, ns: string) => JSON.parse(fs.readFileSync(path.join("locales", locale, `${ns}.json`), "utf8")) as Tree;
const values = (tree: Tree): string[] => Object.values(tree).flatMap((value) => (typeof value === "string" ? [value] : values(value)));

interface Source {
  file: string;
  countries: LocaleInfo["country"][];
  /** Title, summary and body, without link targets and web addresses. */
  text: string;
}

function articles(locale: Locale, contentDir = "content"): Source[] {
  const dir = path.join(contentDir, locale);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((file) => {
      const split = splitFrontMatter(fs.readFileSync(path.join(dir, file), "utf8"))!;
      const data = split.data as { title: string; summary: string; countries?: LocaleInfo["country"][] };
      const text = `${data.title}\n\n${data.summary}\n\n${split.body}`.replace(/\]\([^)]*\)/g, "]").replace(/https?:\/\/\S+/g, " ");
      return { file: `${locale}/${file}`, countries: data.countries ?? [localeInfo[locale].country], text };
    });
}

// ---------------------------------------------------------------------------------------------
// Numbers: every phone number is one the locale's configuration knows for the article's country,
// and no deadline is written into an article (they come from config through {{deadline.levelN}}).

const hourWords = /^(time|timen|timer|timme|timmar|timmer|minut|minutt|minutter|minuter|døgn|døgnet|dygn|dygnet)$/i;
const numberWords = /\b(?:en|et|én|ét|ett|ei|to|två|tre|fire|fyra|fem|seks|sex|otte|åtte|åtta|tolv|fireogtyve|tjuefire|tjugofyra)\s+(?:time|timer|timme|timmar|døgn|dygn|minutter|minuter)\b/iu;
const months = /^(januar|januari|februar|februari|marts|mars|april|maj|mai|juni|juli|august|augusti|september|oktober|november|december|desember)$/i;

function phoneFacts(countries: LocaleInfo["country"][]): Set<string> {
  const known = new Set<string>();
  for (const info of Object.values(localeInfo)) {
    if (!countries.includes(info.country)) continue;
    for (const number of [info.emergency, info.policeNonEmergency, info.fire, info.ambulance]) if (number) known.add(number.shown);
  }
  return known;
}

export function numberProblems(article: Source): string[] {
  const problems: string[] = [];
  // Placeholders are filled from config; the numbers of an ordered list are no facts.
  const text = article.text.replace(/\{\{[^}]*\}\}/g, " ").replace(/^\s*\d+\.\s/gm, "");
  const known = phoneFacts(article.countries);
  const where = article.file;
  // A number is digits, with the groups of a phone number ("114 14") kept together.
  for (const match of text.matchAll(/(?<![\p{L}\p{N}])\d+(?: \d{2,3}(?![\p{L}\p{N}]))*(?![\p{L}\p{N}])/gu)) {
    const number = match[0];
    const next = /^[.,]?\s*([\p{L}]+)/u.exec(text.slice(match.index + number.length))?.[1] ?? "";
    if (hourWords.test(next)) problems.push(`${where}: "${number} ${next}" is a deadline written as a figure; use {{deadline.levelN}}`);
    else if (known.has(number)) continue;
    else if (/^(19|20)\d\d$/.test(number) || months.test(next)) continue; // a year or a date
    else if (/^[1-6]$/.test(number)) continue; // a step of the threat ladder, or a count
    else problems.push(`${where}: ${number} is not a number configured for ${article.countries.join("/")} (${[...known].join(", ")})`);
  }
  const spelled = numberWords.exec(text);
  if (spelled) problems.push(`${where}: "${spelled[0]}" is a deadline written into the text; use {{deadline.levelN}}`);
  // In Norway 112 is the police only: an article about fire or injury gives 110 and 113 too.
  if (article.countries.includes("no") && localeInfo.nb.fire && /\b112\b/.test(text)) {
    if (/\bbrann\p{L}*|\bbrenner\b/iu.test(text) && !text.includes(localeInfo.nb.fire.shown)) problems.push(`${where}: mentions fire but not ${localeInfo.nb.fire.shown}`);
    if (/\bvold\b|\bskadet\b|\bambulanse\b/iu.test(text) && !text.includes(localeInfo.nb.ambulance!.shown)) problems.push(`${where}: mentions violence or injury but not ${localeInfo.nb.ambulance!.shown}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Outcome and status names: a name quoted in a sentence about an outcome or a status is one the
// reader will find in the UI.

const outcomeWords: Record<Locale, RegExp> = {
  da: /\b(udfald\p{L}*|status\p{L}*)\b/iu,
  sv: /\b(utfall\p{L}*|status\p{L}*)\b/iu,
  nb: /\b(utfall\p{L}*|status\p{L}*)\b/iu,
};

export function outcomeNameProblems(locale: Locale, file: string, text: string, labels: Set<string>): string[] {
  const problems: string[] = [];
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    if (!outcomeWords[locale].test(sentence)) continue;
    for (const quoted of sentence.matchAll(/["“”«»]([^"“”«»]{2,60})["“”«»]/g)) {
      if (!labels.has(quoted[1]!.trim().toLowerCase())) problems.push(`${file}: «${quoted[1]}» is no outcome or status in locales/${locale}/report.json`);
    }
  }
  return problems;
}

function uiLabels(locale: Locale): Set<string> {
  const report = ui(locale, "report") as { outcomes: Tree; statuses: Tree };
  return new Set([...values(report.outcomes), ...values(report.statuses)].map((label) => label.toLowerCase()));
}

describe("numbers in the articles", () => {
  it("catches a wrong number, a hard-coded deadline and Norwegian fire without 110", () => {
    const article = (text: string, countries: LocaleInfo["country"][] = ["no"]) => ({ file: "x.md", countries, text });
    expect(numberProblems(article("Ring 112 eller 02800. Trinn 5–6, 18. november 2025."))).toEqual([]);
    expect(numberProblems(article("Ring politiet på 114."))).toHaveLength(1);
    expect(numberProblems(article("Ring politiet på 114.", ["dk"]))).toEqual([]);
    expect(numberProblems(article("Kvitter innen 24 timer."))).toHaveLength(1);
    expect(numberProblems(article("Standard är en timme för nivå 5.", ["se"]))).toHaveLength(1);
    expect(numberProblems(article("Brann i lokalet? Ring 112."))).toHaveLength(1);
    expect(numberProblems(article("Brann i lokalet? Ring 110. Er noen i fare, ring 112."))).toEqual([]);
  });

  for (const locale of locales) {
    it(`${locale}: every number is a configured fact of the article's country, and no deadline is hard-coded`, () => {
      expect(articles(locale).flatMap(numberProblems)).toEqual([]);
    });
  }
});

describe("outcome and status names in the articles", () => {
  const catalog = loadGuidanceCatalog("content");

  for (const locale of locales) {
    it(`${locale}: every quoted outcome or status exists in the UI`, () => {
      const labels = uiLabels(locale);
      expect(labels.size).toBeGreaterThan(5);
      const problems = [...catalog.articles[locale].values()].flatMap((article) =>
        outcomeNameProblems(locale, `${locale}/${article.slug}.md`, `${article.summary}\n${article.text}`, labels),
      );
      expect(problems).toEqual([]);
    });
  }

  it("catches a name the UI does not have", () => {
    const labels = uiLabels("nb");
    expect(outcomeNameProblems("nb", "x.md", "Bruk utfallet «overført til politiet».", labels)).toHaveLength(1);
    expect(outcomeNameProblems("nb", "x.md", `Bruk utfallet «${[...labels][0]}».`, labels)).toEqual([]);
  });
});

describe("placeholders", () => {
  it("shows the deployment's deadlines and the UI's outcome names", () => {
    const catalog = loadGuidanceCatalog("content", { escalationHours: [2, 6, 48] });
    for (const locale of locales) {
      const ladder = catalog.articles[locale].get("threat-ladder")!;
      for (const hours of [2, 6, 48]) expect(ladder.text, locale).toContain(formatHours(hours, locale));
      for (const article of catalog.articles[locale].values()) expect(article.html, `${locale}/${article.slug}`).not.toContain("{{");
    }
    const outcome = (ui("nb", "report") as { outcomes: Record<string, string> }).outcomes.referred_to_police!;
    expect(catalog.articles.nb.get("reporting-to-police")!.text).toContain(`«${outcome}»`);
  });

  it("reports an unknown placeholder as a content problem", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-placeholder-"));
    const body = "---\ntitle: Title\nsummary: A summary that is long enough to pass.\ntopic: threats\norder: 1\naudience: [candidates]\nupdated: 2026-11-20\n---\nWithin {{deadline.level9}}.\n";
    for (const locale of locales) {
      fs.mkdirSync(path.join(dir, locale));
      fs.writeFileSync(path.join(dir, locale, "a.md"), body);
    }
    expect(() => loadGuidanceCatalog(dir)).toThrow(GuidanceContentError);
    expect(() => loadGuidanceCatalog(dir)).toThrow(/unknown placeholder \{\{deadline\.level9\}\}/);
  });
});

describe("words that must not appear", () => {
  for (const locale of locales) {
    it(`${locale}: none in the articles or the UI strings`, () => {
      const found = [
        ...articles(locale).flatMap((article) => bannedTermsIn(article.text, bannedTerms[locale]).map((term) => `${article.file}: ${term}`)),
        ...namespaces.flatMap((ns) => bannedTermsIn(values(ui(locale, ns)).join("\n"), bannedTerms[locale]).map((term) => `locales/${locale}/${ns}.json: ${term}`)),
      ];
      expect(found).toEqual([]);
    });
  }

  it("matches whole words in any case, and patterns as written", () => {
    expect(bannedTermsIn("Stjålen kode", ["stjålen"])).toEqual(["Stjålen"]);
    expect(bannedTermsIn("ustjålen", ["stjålen"])).toEqual([]);
    expect(bannedTermsIn("It-säkerhet", [/\bIt-(?=\p{L})/u])).toEqual(["It-"]);
  });
});
