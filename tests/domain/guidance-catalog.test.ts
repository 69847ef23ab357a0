import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GuidanceContentError, loadGuidanceCatalog, splitFrontMatter } from "~/domain/guidance/catalog.server";
import { frontMatterSchema, guidanceTopics } from "~/domain/guidance/front-matter";
import { locales } from "~/i18n/locales";

const valid = {
  title: "Trusselstrappen",
  summary: "Seks trin, fra e-mails til vold, og hvad du gør på hvert trin.",
  topic: "threats",
  order: 1,
  audience: ["candidates"],
  updated: "2026-11-20",
  related: ["online-hate"],
};

describe("front matter validation", () => {
  it("accepts a complete front matter, and YAML dates", () => {
    expect(frontMatterSchema.parse(valid).updated).toBe("2026-11-20");
    expect(frontMatterSchema.parse({ ...valid, updated: new Date("2026-11-20") }).updated).toBe("2026-11-20");
  });

  it.each([
    ["an unknown topic", { topic: "weather" }],
    ["an unknown audience", { audience: ["voters"] }],
    ["no audience", { audience: [] }],
    ["an unknown country", { countries: ["fi"] }],
    ["a non-ISO date", { updated: "20. november 2026" }],
    ["a fractional order", { order: 1.5 }],
    ["an empty title", { title: "" }],
    ["a related slug with spaces", { related: ["online hate"] }],
    ["an unknown field", { author: "someone" }],
  ])("rejects %s", (_label, change) => {
    expect(frontMatterSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it("splits front matter from the body", () => {
    const split = splitFrontMatter("---\ntitle: x\n---\n\nBody text\n");
    expect(split).toEqual({ data: { title: "x" }, body: "\nBody text\n" });
    expect(splitFrontMatter("no front matter")).toBeUndefined();
  });
});

describe("loading a content folder", () => {
  function folderWith(files: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-content-"));
    for (const locale of locales) fs.mkdirSync(path.join(dir, locale));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }
  const article = (extra = "", body = "## Part\n\nText.") =>
    `---\ntitle: Title\nsummary: A summary that is long enough to pass.\ntopic: threats\norder: 1\naudience: [candidates]\nupdated: 2026-11-20\n${extra}---\n${body}\n`;

  it("reports an article missing in one locale, a broken link, raw HTML and an H1 together", () => {
    const dir = folderWith({
      "da/a.md": article("", "# Title\n\n<script>x</script>\n\nSee [b](missing-one)."),
      "sv/a.md": article(),
    });
    let error: unknown;
    try {
      loadGuidanceCatalog(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GuidanceContentError);
    const problems = (error as GuidanceContentError).problems.join("\n");
    expect(problems).toContain("nb/a.md is missing");
    expect(problems).toContain('da/a.md links to "missing-one"');
    expect(problems).toContain("raw HTML");
    expect(problems).toContain("has an H1");
  });

  it("reports invalid front matter with the file and field", () => {
    const dir = folderWith({
      "da/a.md": article().replace("topic: threats", "topic: weather"),
      "sv/a.md": article(),
      "nb/a.md": article(),
    });
    expect(() => loadGuidanceCatalog(dir)).toThrow(/da\/a\.md: front matter topic/);
  });
});

describe("the shipped guidance in content/", () => {
  const catalog = loadGuidanceCatalog("content");

  it("has at least 12 articles in each locale, the same slugs everywhere", () => {
    const slugs = [...catalog.articles.da.keys()].sort();
    expect(slugs.length).toBeGreaterThanOrEqual(12);
    for (const locale of locales) expect([...catalog.articles[locale].keys()].sort()).toEqual(slugs);
  });

  it("covers every topic in every locale", () => {
    for (const locale of locales) {
      const topics = new Set([...catalog.articles[locale].values()].map((a) => a.topic));
      expect([...topics].sort()).toEqual([...guidanceTopics].sort());
    }
  });

  it("has 300 words or more in every article, with a table of contents", () => {
    for (const locale of locales) {
      for (const article of catalog.articles[locale].values()) {
        expect(article.wordCount, `${locale}/${article.slug}`).toBeGreaterThanOrEqual(300);
        expect(article.toc.length, `${locale}/${article.slug}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("gives each locale its own country's police number", () => {
    const mentions = (locale: "da" | "sv" | "nb", text: string) =>
      [...catalog.articles[locale].values()].some((article) => article.text.includes(text));
    expect(mentions("da", "114")).toBe(true);
    expect(mentions("sv", "114 14")).toBe(true);
    expect(mentions("nb", "02800")).toBe(true);
  });

  it("renders no script, style or event handler", () => {
    for (const locale of locales) {
      for (const article of catalog.articles[locale].values()) {
        expect(article.html).not.toMatch(/<script|<style|\son\w+=|javascript:/i);
      }
    }
  });
});
