import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, expectNoAxeViolations, launchBrowser } from "./support/browser";
import { httpClient, type HttpClient } from "./support/http-client";
import { fileReport, reportChoices, validReport } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

// "Statistics as pictures": the administrators' charts are server-rendered SVG, readable without
// JavaScript, each with its numbers in a table, in every locale.

const locales = ["da", "sv", "nb"] as const;
type Strings = { stats: { charts: Record<string, Record<string, string> & { title: string }> & { noReports: string; noneAcknowledged: string } } };
const strings = Object.fromEntries(locales.map((locale) => [locale, JSON.parse(fs.readFileSync(`locales/${locale}/report.json`, "utf8")) as Strings]));
const seededLevels = [1, 2, 2, 5, 6];
const charts = ["weekly", "acknowledge", "open", "region", "party"] as const;

describeBrowser("statistics charts, with JavaScript disabled", () => {
  let server: RunningServer;
  let browser: Browser;
  let client: HttpClient;
  let context: BrowserContext;
  /** For axe only: axe waits on timers that never fire with JavaScript off, so here scripts run but the app's own are refused (the page is the server's HTML, never hydrated). */
  let axeContext: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    client = httpClient(server.url);
    const [name, value] = (await client.logIn(demo.administrator, "10.71.0.1")).split("=") as [string, string];
    context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([{ name, value, url: server.url }]);
    axeContext = await browser.newContext();
    await axeContext.addCookies([{ name, value, url: server.url }]);
    await axeContext.route(/\.js(\?|$)/, (route) => route.abort());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (locale: string): Promise<Page> => {
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/${locale}/staff/admin/statistics`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute("html", "data-hydrated")).toBeNull();
    return page;
  };
  /** The numbers of the bars (data-value) and of the table's count cells, in order. */
  const barValues = (page: Page, chart: string) => page.locator(`[data-chart=${chart}] svg [data-bar]`).evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute("data-value"))));
  const tableValues = (page: Page, chart: string) =>
    page.locator(`[data-chart-table=${chart}] tbody td[data-value]`).evaluateAll((cells) => cells.map((cell) => Number(cell.textContent)));

  it("says 'no reports yet' for every chart, with no empty frame, before anything is filed", async () => {
    for (const locale of locales) {
      const page = await open(locale);
      for (const chart of charts) {
        const figure = page.locator(`figure[data-chart=${chart}]`);
        expect(await figure.locator("svg").count(), `${locale} ${chart}`).toBe(0);
        expect(await figure.locator("[data-chart-empty]").count(), `${locale} ${chart}`).toBe(1);
      }
      expect((await page.textContent("figure[data-chart=weekly] [data-chart-empty]"))?.trim()).toBe(strings[locale]!.stats.charts.noReports);
      await page.close();
    }
  });

  it("in da, sv and nb: each chart's SVG with its title, bars matching the reports filed and the table beside it; axe clean; no sideways scroll at 390 px", { timeout: 120_000 }, async () => {
    const choices = await reportChoices(client);
    for (const level of seededLevels) await fileReport(client, validReport(choices, { level: String(level) }));

    for (const locale of locales) {
      const s = strings[locale]!.stats.charts;
      const page = await open(locale);
      await page.setViewportSize({ width: 1200, height: 900 });

      // Every drawn chart: an SVG image named by its <title> and described by its <desc>, in a figure with a caption.
      for (const chart of ["weekly", "open", "party"] as const) {
        const svg = page.locator(`figure[data-chart=${chart}] svg[role=img]`);
        expect(await svg.count(), `${locale} ${chart}`).toBe(1);
        const [titleId, descId] = (await svg.getAttribute("aria-labelledby"))!.split(" ");
        expect(await page.textContent(`[id="${titleId}"]`)).toBe(s[chart]!.title);
        expect((await page.textContent(`[id="${descId}"]`))!.length).toBeGreaterThan(10);
        expect((await page.textContent(`figure[data-chart=${chart}] figcaption`))!.trim()).toBe(s[chart]!.caption);
        expect(await barValues(page, chart)).toEqual((await tableValues(page, chart)).filter((value) => value > 0));
      }

      // Reports per week: everything was filed this week, the last column; one segment per level filed.
      const weekly = page.locator("figure[data-chart=weekly]");
      const lastColumn = weekly.locator("svg [data-column]").last();
      expect(await lastColumn.locator("[data-bar]").evaluateAll((bars) => bars.map((bar) => [Number(bar.getAttribute("data-series")), Number(bar.getAttribute("data-value"))]))).toEqual([
        [1, 1],
        [2, 2],
        [5, 1],
        [6, 1],
      ]);
      expect(await weekly.locator("svg [data-bar]").count()).toBe(4);
      expect(await weekly.locator("tbody tr").count()).toBe(12);
      const lastRow = weekly.locator("tbody tr").last();
      expect(await lastRow.locator("td").allTextContents()).toEqual(["1", "2", "0", "0", "1", "1", "5"]);
      expect(await weekly.locator(".chart-legend li").count()).toBe(6);

      // Open cases by age: all five are less than a day old.
      expect(await barValues(page, "open")).toEqual([5]);
      expect(await tableValues(page, "open")).toEqual([5, 0, 0, 0]);
      // By party: the demo party's officer takes all five. They went to the party itself, not a
      // district, so they lie in no region (the place the reporter named is sealed): that chart says so.
      expect(await barValues(page, "party")).toEqual([5]);
      expect(await page.locator("[data-chart-table=party] tbody th").allTextContents()).toEqual(["Fællesskabspartiet (demo)"]);
      expect(await page.locator("figure[data-chart=region] svg").count()).toBe(0);
      expect((await page.textContent("figure[data-chart=region] [data-chart-empty]"))?.trim()).toBe(s.region!.none);
      // Time to acknowledge: none is acknowledged yet, and the chart says so instead of drawing a frame.
      expect(await page.locator("figure[data-chart=acknowledge] svg").count()).toBe(0);
      expect((await page.textContent("figure[data-chart=acknowledge] [data-chart-empty]"))?.trim()).toBe(s.noneAcknowledged);

      // The tables open without JavaScript; then axe, and a phone's width.
      for (const summary of await page.locator("figure details > summary").all()) await summary.click();
      expect(await page.locator("figure details[open]").count()).toBe(await page.locator("figure details").count());
      const axePage = await axeContext.newPage();
      await axePage.goto(`${server.url}/${locale}/staff/admin/statistics`);
      expect(await axePage.getAttribute("html", "data-hydrated")).toBeNull();
      for (const summary of await axePage.locator("figure details > summary").all()) await summary.click();
      await expectNoAxeViolations(axePage);
      await axePage.close();
      await page.setViewportSize({ width: 390, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${locale}: sideways scroll at 390 px`).toBe(0);
      // No inline styles anywhere in the charts (the CSP refuses them).
      expect(await page.locator("figure [style]").count()).toBe(0);
      await page.close();
    }
  });
});
