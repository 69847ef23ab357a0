import fs from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, expectNoAxeViolations, hydrated, launchBrowser, watchPage } from "./support/browser";
import { httpClient } from "./support/http-client";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

type Common = typeof import("../../locales/da/common.json");
type Staff = typeof import("../../locales/da/staff.json");
const common = (locale: string): Common => JSON.parse(fs.readFileSync(`locales/${locale}/common.json`, "utf8"));
const staff = (locale: string): Staff => JSON.parse(fs.readFileSync(`locales/${locale}/staff.json`, "utf8"));
const locales = ["da", "sv", "nb"] as const;

/** The error pages of the staff area and of the public pages: translated, in their area's frame, with a way on. */
describeBrowser("error boundaries", () => {
  let server: RunningServer;
  let browser: Browser;
  let officer: BrowserContext;
  let anonymous: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const cookie = await httpClient(server.url).logIn(demo.officer, "10.78.0.1");
    const [name, value] = cookie.split("=") as [string, string];
    officer = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "10.78.0.2" } });
    await officer.addCookies([{ name, value, url: server.url }]);
    anonymous = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "10.78.0.3" } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Console errors, without the browser's own line about the page's error status. */
  const realProblems = (problems: string[]) => problems.filter((problem) => !/Failed to load resource: the server responded with a status of (404|403)/.test(problem));

  it.each(locales)("in %s: a case that does not exist is a 404 inside the staff shell, with a link back to the staff start page", async (locale) => {
    const page = await officer.newPage();
    const problems = watchPage(page, server.url);
    const answer = await page.goto(`${server.url}/${locale}/staff/reports/${crypto.randomUUID()}`);
    expect(answer?.status()).toBe(404);
    await hydrated(page);
    const t = common(locale);
    expect(await page.locator("h1").textContent()).toBe(t.errors.notFound.title);
    expect(await page.locator("main").textContent()).toContain(t.errors.notFound.text);
    expect(await page.title()).toBe(`${t.errors.notFound.title} · Trygg`);
    // The staff navigation, with the signed-in person, around the error.
    const nav = page.locator(`nav[aria-label="${staff(locale).nav.label}"]`);
    expect(await nav.count()).toBe(1);
    expect(await nav.locator(".staff-nav__who").textContent()).toContain("Officer (demo)");
    expect(await page.locator(".staff-layout .staff-main h1").count()).toBe(1);
    expect(await page.getAttribute(`a:text-is("${t.errorPage.toStaff}")`, "href")).toBe(`/${locale}/staff`);
    expect(await page.locator("[data-quick-exit]").count()).toBe(1);
    await expectNoAxeViolations(page);
    expect(realProblems(problems)).toEqual([]);
    await page.close();
  });

  it("a page the role does not allow is a 403 inside the staff shell", async () => {
    const page = await officer.newPage();
    const answer = await page.goto(`${server.url}/sv/staff/admin/users`);
    expect(answer?.status()).toBe(403);
    await hydrated(page);
    expect(await page.locator("h1").textContent()).toBe(common("sv").errors.forbidden.title);
    expect(await page.locator(".staff-nav").count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it.each(locales)("in %s: a missing public page is a translated 404 in the site's frame, with the quick exit", async (locale) => {
    for (const path of [`/${locale}/guidance/no-such-article`, `/${locale}/events/${crypto.randomUUID()}`]) {
      const page = await anonymous.newPage();
      const problems = watchPage(page, server.url);
      const answer = await page.goto(`${server.url}${path}`);
      expect(answer?.status(), path).toBe(404);
      await hydrated(page);
      const t = common(locale);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
      expect(await page.locator("h1").textContent(), path).toBe(t.errors.notFound.title);
      expect(await page.locator("main").textContent()).toContain(t.errors.notFound.text);
      expect(await page.title()).toBe(`${t.errors.notFound.title} · Trygg`);
      expect(await page.locator("[data-quick-exit]").isVisible()).toBe(true);
      expect(await page.getAttribute(`a:text-is("${t.errorPage.toStart}")`, "href")).toBe(`/${locale}`);
      // No staff frame outside the staff area.
      expect(await page.locator(".staff-nav").count()).toBe(0);
      await expectNoAxeViolations(page);
      expect(realProblems(problems), path).toEqual([]);
      await page.close();
    }
  });

  it("a staff page's error without a signed-in person has no staff shell", async () => {
    const page = await anonymous.newPage();
    const answer = await page.goto(`${server.url}/nb/staff/password-reset/${"a".repeat(32)}`);
    expect(answer?.status()).toBeLessThan(500);
    await hydrated(page);
    expect(await page.locator(".staff-nav").count()).toBe(0);
    await page.close();
  });
});
