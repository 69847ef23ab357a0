import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { formatHours } from "~/domain/guidance/placeholders.server";
import { localeInfo, locales, type Locale } from "~/i18n/locales";
import { describeBrowser, expectNoAxeViolations, launchBrowser, watchPage } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";

const strings = Object.fromEntries(
  locales.map((locale) => [locale, JSON.parse(fs.readFileSync(`locales/${locale}/guidance.json`, "utf8"))]),
) as Record<Locale, { index: { title: string }; offline: { title: string } }>;

// An inflected form per language that must find the threat-ladder article.
const inflectedSearch: Record<Locale, string> = { da: "trusler", sv: "hoten", nb: "trusselen" };

async function waitForServiceWorkerCache(page: Page, path: string) {
  await page.waitForFunction(
    async (wanted) => {
      if (!("caches" in window)) return false;
      const cache = await caches.open("trygg-pages-v1");
      return Boolean(await cache.match(wanted));
    },
    path,
    { timeout: 20_000, polling: 200 },
  );
}

describeBrowser.each(locales)("guidance in Chromium (%s)", (locale) => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    // Deadlines other than the defaults: the threat ladder must show these, not figures in its text.
    [server, browser] = await Promise.all([startServer({ ESCALATION_HOURS: "2,6,48" }), launchBrowser()]);
    context = await browser.newContext();
    page = await context.newPage();
    problems = watchPage(page, server.url);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it("shows the index grouped by topic, with summaries", async () => {
    await page.goto(`${server.url}/${locale}/guidance`);
    expect((await page.textContent("h1"))?.trim()).toBe(strings[locale].index.title);
    expect(await page.locator("section h2").count()).toBeGreaterThanOrEqual(10);
    expect(await page.locator(".article-list > li").count()).toBeGreaterThanOrEqual(12);
    await expectNoAxeViolations(page);
  });

  it("opens an article with its table of contents, date, related articles and the emergency box", async () => {
    await page.click(`a[href="/${locale}/guidance/threat-ladder"]`);
    await page.waitForURL(`**/${locale}/guidance/threat-ladder`);
    expect(await page.locator(".toc li").count()).toBeGreaterThanOrEqual(2);
    // Every table-of-contents entry leads to a heading on the page.
    for (const href of await page.locator(".toc a").evaluateAll((links) => links.map((link) => link.getAttribute("href")))) {
      expect(await page.locator(`[id="${href!.slice(1)}"]`).count()).toBe(1);
    }
    expect(await page.locator("time[datetime]").count()).toBe(1);
    expect(await page.locator(".related li").count()).toBeGreaterThanOrEqual(1);
    const box = (await page.locator(".emergency-box").textContent())!;
    expect(box).toContain("112");
    // In Norway 112 is the police only: the box gives fire and ambulance too.
    const { fire, ambulance } = localeInfo[locale];
    for (const number of ["110", "113"]) expect(box.includes(number), number).toBe(Boolean(fire && ambulance));
    const body = (await page.locator(".article-body").textContent())!;
    for (const hours of [2, 6, 48]) expect(body).toContain(formatHours(hours, locale));
    expect(body).not.toContain("{{");
    await expectNoAxeViolations(page);
  });

  it("prints as a clean handout: the site's name and the page's address once, internal links as text, addresses of other sites written out", async () => {
    const address = `${server.url}/${locale}/guidance/threat-ladder`;
    expect(page.url()).toBe(address);
    // Not on screen: the header carries the name there.
    expect(await page.locator("[data-print-header]").isVisible()).toBe(false);
    await page.emulateMedia({ media: "print" });
    for (const hidden of [".site-header", ".site-nav", ".emergency-strip", ".site-footer", ".breadcrumb", ".related"]) {
      expect(await page.locator(hidden).first().isVisible(), `${hidden} in print`).toBe(false);
    }
    const header = page.locator("[data-print-header]");
    expect(await header.isVisible()).toBe(true);
    expect(await header.innerText()).toContain("Trygg");
    expect(await header.innerText()).toContain(address);
    const printed = await page.locator("body").innerText();
    // The page's address once, and no other address of this server (internal links print as their text).
    expect(printed.split(address).length - 1).toBe(1);
    expect(printed.split(server.url).length - 1).toBe(1);
    const internal = page.locator(`.article-body a[href^="/${locale}/guidance/"]`);
    expect(await internal.count()).toBeGreaterThan(0);
    expect(await internal.evaluateAll((links) => links.map((link) => getComputedStyle(link, "::after").content))).toEqual(
      Array((await internal.count())).fill("none"),
    );
    // Margins on paper, so the text does not hug the edge.
    const pageMargins = await page.evaluate(() =>
      [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).filter((rule): rule is CSSPageRule => rule instanceof CSSPageRule).map((rule) => rule.style.marginLeft),
    );
    expect(pageMargins.some((margin) => parseFloat(margin) >= 10)).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(4);
    await page.emulateMedia({ media: "screen" });
  });

  it.runIf(locale !== "nb")("prints the address of another site after the link's text", async () => {
    await page.goto(`${server.url}/${locale}/guidance/who-to-contact`);
    await page.emulateMedia({ media: "print" });
    const external = page.locator('.article-body a[href^="https://"]').first();
    const href = (await external.getAttribute("href"))!;
    const after = await external.evaluate((link) => getComputedStyle(link, "::after").content);
    await page.emulateMedia({ media: "screen" });
    expect(href).toMatch(/^https:\/\//);
    expect(after).toMatch(/^" \(" attr\(href\) "\)"$|\(https:/);
  });

  it(`finds the threat ladder by an inflected form ("${inflectedSearch[locale]}")`, async () => {
    await page.goto(`${server.url}/${locale}/search`);
    await page.fill("#search-q", inflectedSearch[locale]);
    await page.press("#search-q", "Enter");
    await page.waitForURL(/\/search\?q=/);
    const results = await page.locator(".search-results h3 a").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
    expect(results.slice(0, 3)).toContain(`/${locale}/guidance/threat-ladder`);
    expect(await page.locator(".search-results mark").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
  });

  it("shows a field error for a search that is too long, never a 500", async () => {
    const response = await page.goto(`${server.url}/${locale}/search?q=${"a".repeat(300)}`);
    expect(response?.status()).toBe(400);
    expect(await page.getAttribute("#search-q", "aria-invalid")).toBe("true");
    expect(await page.locator(".error-summary a[href='#search-q']").count()).toBe(1);
    await expectNoAxeViolations(page);
  });

  it("reads a visited article offline, and offers the offline page for the rest", async () => {
    problems.length = 0; // the 400 of the previous test is logged by Chromium as a console error
    await page.goto(`${server.url}/${locale}/guidance/online-hate`);
    await waitForServiceWorkerCache(page, `/${locale}/guidance/online-hate`);
    await waitForServiceWorkerCache(page, `/${locale}/offline`);
    const title = (await page.textContent("h1"))!.trim();
    expect(problems).toEqual([]);

    // Really offline: the browser is cut off and the server is gone.
    await server.stop();
    await context.setOffline(true);

    await page.goto(`${server.url}/${locale}/guidance/online-hate`);
    expect((await page.textContent("h1"))?.trim()).toBe(title);
    expect(await page.locator("[data-emergency-number]").textContent()).toBe("112");

    await page.goto(`${server.url}/${locale}/guidance/personal-security`);
    expect((await page.textContent("h1"))?.trim()).toBe(strings[locale].offline.title);
    const listed = await page.locator("#offline-list a").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
    expect(listed).toContain(`/${locale}/guidance/online-hate`);
    expect(listed).not.toContain(`/${locale}/guidance/personal-security`);
    await expectNoAxeViolations(page);
  });
});
