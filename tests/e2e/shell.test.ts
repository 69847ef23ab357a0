import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { localeInfo, locales } from "~/i18n/locales";
import { describeBrowser, expectNoAxeViolations, launchBrowser, watchPage } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";

const strings = Object.fromEntries(
  locales.map((locale) => [locale, JSON.parse(fs.readFileSync(`locales/${locale}/common.json`, "utf8"))]),
);
const neutralSites = /^https:\/\/www\.(dmi\.dk|smhi\.se|yr\.no)\//;

describeBrowser("the page shell in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(browserLocale = "da-DK") {
    const context = await browser.newContext({ locale: browserLocale });
    // The neutral sites are answered inside the browser: nothing leaves this machine.
    await context.route(neutralSites, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>neutral</title><p>neutral</p>" }),
    );
    const page = await context.newPage();
    return { context, page, problems: watchPage(page, server.url, [neutralSites]) };
  }

  it.each([
    ["da-DK", "/da"],
    ["sv-SE", "/sv"],
    ["nb-NO", "/nb"],
    ["en-GB", "/da"],
  ])("/ with a %s browser goes to %s", async (browserLocale, expected) => {
    const { context, page, problems } = await newPage(browserLocale);
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe(expected);
    expect(problems).toEqual([]);
    await context.close();
  });

  it.each(locales)("/%s: language, heading, emergency numbers, no axe violations, quick exit", async (locale) => {
    const { context, page, problems } = await newPage();
    await page.goto(`${server.url}/${locale}`);
    await page.waitForFunction(() => (window as unknown as { __reactRouterContext?: unknown }).__reactRouterContext || document.readyState === "complete");
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    expect((await page.textContent("h1"))?.trim()).toBe(strings[locale].home.title);
    const info = localeInfo[locale];
    expect(await page.textContent("[data-emergency-number]")).toBe("112");
    expect(await page.textContent("[data-police-number]")).toBe(info.policeNonEmergency.shown);
    expect(await page.getAttribute("[data-police-number]", "href")).toBe(`tel:${info.policeNonEmergency.tel}`);
    for (const other of locales) {
      expect(await page.locator(`link[rel=alternate][hreflang=${other}]`).count()).toBe(1);
    }
    await expectNoAxeViolations(page);

    const historyBefore = await page.evaluate(() => history.length);
    await page.click("[data-quick-exit]");
    await page.waitForURL(neutralSites);
    expect(page.url()).toBe(info.quickExitUrl);
    // The exit replaced the history entry: Back does not return to Trygg.
    expect(await page.evaluate(() => history.length)).toBe(historyBefore);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("pressing Shift three times leaves the page", async () => {
    const { context, page, problems } = await newPage();
    await page.goto(`${server.url}/sv`);
    await page.waitForLoadState("networkidle");
    for (let press = 0; press < 3; press++) await page.keyboard.press("Shift");
    await page.waitForURL(neutralSites);
    expect(page.url()).toBe(localeInfo.sv.quickExitUrl);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the language switcher keeps the current page", async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/da/report`);
    await page.click('.language-switcher a[hreflang="nb"]');
    await page.waitForURL(/\/nb\/report$/);
    expect(await page.getAttribute("html", "lang")).toBe("nb");
    await context.close();
  });

  it("answers an unknown language with a 404 page that still has the shell", async () => {
    const { context, page } = await newPage();
    const response = await page.goto(`${server.url}/xx`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent("[data-emergency-number]")).toBe("112");
    await context.close();
  });
});
