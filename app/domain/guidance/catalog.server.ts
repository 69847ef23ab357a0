import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { locales, type Locale } from "~/i18n/locales";
import { frontMatterSchema, guidanceTopics, type FrontMatter, type GuidanceTopic } from "./front-matter";
import { renderMarkdown, type TocEntry } from "./markdown.server";
import { defaultGuidanceSettings, fillPlaceholders, placeholderValues, type GuidanceSettings } from "./placeholders.server";

export interface GuidanceArticle extends FrontMatter {
  locale: Locale;
  slug: string;
  html: string;
  toc: TocEntry[];
  text: string;
  wordCount: number;
}

export interface GuidanceCatalog {
  /** Articles per locale, keyed by slug. */
  articles: Record<Locale, Map<string, GuidanceArticle>>;
  /** A hash of every content file: the search index is rebuilt when it changes. */
  version: string;
}

export class GuidanceContentError extends Error {
  override name = "GuidanceContentError";
  constructor(readonly problems: string[]) {
    super(`Guidance content has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const frontMatterPattern = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Splits a Markdown file into its parsed YAML front matter and body. */
export function splitFrontMatter(source: string): { data: unknown; body: string } | undefined {
  const match = frontMatterPattern.exec(source);
  if (!match) return undefined;
  return { data: parseYaml(match[1]!), body: match[2]! };
}

/**
 * Reads, validates and renders every article in `contentDir/<locale>/*.md`, with placeholders
 * such as `{{deadline.level5}}` filled from the deployment's settings. Every problem (invalid
 * front matter, an article missing in a locale, a broken link, an unknown placeholder) is
 * collected and thrown together, so an author sees them all at once.
 */
export function loadGuidanceCatalog(contentDir: string, settings: GuidanceSettings = defaultGuidanceSettings): GuidanceCatalog {
  const problems: string[] = [];
  const hash = createHash("sha256");
  // The filled-in figures are part of the text the search index holds.
  hash.update(`${JSON.stringify(settings)}\0`);
  const bodyLinks = new Map<string, string[]>();
  const articles = Object.fromEntries(locales.map((locale) => [locale, new Map<string, GuidanceArticle>()])) as GuidanceCatalog["articles"];

  for (const locale of locales) {
    const values = placeholderValues(locale, settings);
    const dir = path.join(contentDir, locale);
    if (!fs.existsSync(dir)) {
      problems.push(`${dir} is missing`);
      continue;
    }
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".md")).sort()) {
      const where = `${locale}/${file}`;
      const slug = file.slice(0, -3);
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      hash.update(`${where}\0${source}\0`);
      const split = safeSplit(source, where, problems);
      if (!split) continue;
      const parsed = frontMatterSchema.safeParse(split.data);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(`${where}: front matter ${issue.path.join(".") || "(root)"}: ${issue.message}`);
        continue;
      }
      const filled = fillPlaceholders(split.body, values);
      for (const name of filled.unknown) problems.push(`${where}: unknown placeholder ${name}`);
      const rendered = renderMarkdown(filled.markdown, locale);
      for (const problem of rendered.problems) problems.push(`${where}: ${problem}`);
      const wordCount = rendered.text.split(/\s+/).filter(Boolean).length;
      articles[locale].set(slug, {
        ...parsed.data,
        locale,
        slug,
        html: rendered.html,
        toc: rendered.toc,
        text: rendered.text,
        wordCount,
      });
      bodyLinks.set(`${locale}/${slug}`, rendered.articleLinks);
    }
  }

  const allSlugs = new Set(locales.flatMap((locale) => [...articles[locale].keys()]));
  for (const locale of locales) {
    for (const slug of allSlugs) {
      if (!articles[locale].has(slug)) problems.push(`${locale}/${slug}.md is missing (the article exists in another locale)`);
    }
    for (const article of articles[locale].values()) {
      const links = bodyLinks.get(`${locale}/${article.slug}`) ?? [];
      for (const target of [...links, ...article.related]) {
        if (!articles[locale].has(target)) problems.push(`${locale}/${article.slug}.md links to "${target}", which does not exist`);
        if (target === article.slug) problems.push(`${locale}/${article.slug}.md links to itself`);
      }
    }
  }
  if (problems.length > 0) throw new GuidanceContentError(problems);
  return { articles, version: hash.digest("hex").slice(0, 16) };
}

function safeSplit(source: string, where: string, problems: string[]) {
  try {
    const split = splitFrontMatter(source);
    if (!split) problems.push(`${where}: no front matter (--- block) at the top`);
    return split;
  } catch (error) {
    problems.push(`${where}: front matter is not valid YAML (${(error as Error).message.split("\n")[0]})`);
    return undefined;
  }
}

/** A locale's articles grouped by topic, topics and articles in reading order. */
export function articlesByTopic(catalog: GuidanceCatalog, locale: Locale) {
  const all = [...catalog.articles[locale].values()];
  return guidanceTopics
    .map((topic: GuidanceTopic) => ({
      topic,
      articles: all.filter((a) => a.topic === topic).sort((a, b) => a.order - b.order || a.title.localeCompare(b.title)),
    }))
    .filter((group) => group.articles.length > 0);
}
