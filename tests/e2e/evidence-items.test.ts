import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locale } from "~/i18n/locales";
import { describeBrowser, expectNoAxeViolations, hydrated, launchBrowser, watchPage } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";
import { demo, logIn } from "./support/staff";

type Strings = typeof import("../../locales/da/report.json");
const strings = (locale: Locale): Strings => JSON.parse(fs.readFileSync(`locales/${locale}/report.json`, "utf8"));

// Per locale: the demo party the demo officer serves, and a place in that country.
const scenario: Record<Locale, { party: string; place: string }> = {
  da: { party: "Fællesskabspartiet (demo)", place: "Københavns Kommune" },
  sv: { party: "Framtidspartiet (demo)", place: "Region Stockholm" },
  nb: { party: "Fellesskapspartiet (demo)", place: "Oslo" },
};

/** A hate storm as pasted: 60 posts by 3 profiles, each twice in different spellings, and two junk lines. */
function stormList(tag: string): { text: string; distinct: number; junkLines: number[] } {
  const lines: string[] = [];
  for (let index = 0; index < 60; index++) lines.push(`https://x.com/${tag}${index % 3}/status/${9000 + index}?s=20`);
  for (let index = 0; index < 60; index++) lines.push(`https://twitter.com/${tag}${index % 3}/status/${9000 + index}/`);
  lines.splice(10, 0, "se her!!");
  lines.splice(40, 0, "javascript:alert(1)");
  return { text: lines.join("\n"), distinct: 60, junkLines: [11, 41] };
}

describeBrowser("evidence items: the report form, the case page, the package for the police", () => {
  let server: RunningServer;
  let browser: Browser;
  let officerContext: BrowserContext;
  let officer: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ REPORTS_PER_IP_PER_HOUR: "1000" }), launchBrowser()]);
    officerContext = await browser.newContext();
    officer = await officerContext.newPage();
    officer.setDefaultTimeout(15_000);
    await logIn(officer, server.url, demo.officer);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const locale of (process.env.EVIDENCE_LOCALES?.split(",") ?? ["da", "sv", "nb"]) as Locale[]) {
    it(`${locale}: a report with a post and a pasted storm, marked by the officer, printed and saved as the evidence package`, async () => {
      const s = strings(locale);
      const quote = `Vi ved hvor du bor ${locale}-${Date.now()}`;
      const tag = `hader${locale}${Date.now() % 100000}`;
      const storm = stormList(tag);

      // The reporter, without JavaScript: one item of each kind is on the page, folded.
      const reporterContext = await browser.newContext({ javaScriptEnabled: false });
      const reporter = await reporterContext.newPage();
      reporter.setDefaultTimeout(15_000);
      await reporter.goto(`${server.url}/${locale}/report`);
      await reporter.check("#report-role-candidate");
      await reporter.selectOption("select[name=party]", { label: scenario[locale].party });
      await reporter.selectOption("select[name=place]", { label: scenario[locale].place });
      await reporter.check("#report-level-1");
      await reporter.fill("input[name=when]", new Date().toISOString().slice(0, 10));
      await reporter.fill("textarea[name=description]", "Hundreds of hateful posts after the debate on TV.");
      await reporter.check("#report-policeTold-no");
      await reporter.check("#report-contactMethod-anonymous");
      await reporter.click("[data-evidence-item=online_post] summary");
      await reporter.fill("#evidence-0-url", `https://www.facebook.com/${tag}/posts/123?fbclid=tracking`);
      await reporter.fill("#evidence-0-date", "2026-11-20");
      await reporter.fill("#evidence-0-time", "21:14");
      await reporter.fill("#evidence-0-quote", quote);
      await reporter.click("[data-evidence-storm] summary");
      await reporter.fill("#evidence-post-list", storm.text);
      await reporter.check("input[name=consent]");
      await reporter.click("form#report button[type=submit]");

      // Junk lines are named by number; nothing typed is lost.
      const listError = reporter.locator("#evidence-post-list-error");
      await listError.waitFor();
      expect(await listError.textContent()).toContain(storm.junkLines.join(", "));
      expect(await reporter.getAttribute("#evidence-post-list", "aria-invalid")).toBe("true");
      expect(await reporter.inputValue("#evidence-0-quote")).toBe(quote);
      expect(await reporter.textContent(".error-summary")).toContain(s.evidence.errors.summary);
      await reporter.check("#evidence-post-list-skip");
      await reporter.check("input[name=consent]");
      await reporter.click("form#report button[type=submit]");
      const reference = (await reporter.textContent("[data-reference]"))!.trim();
      const code = (await reporter.textContent("[data-receipt-code]"))!.trim();
      expect(await reporter.getAttribute("[data-evidence-stored]", "data-evidence-stored")).toBe(String(storm.distinct + 1));
      expect(await reporter.textContent("[data-evidence-stored]")).toContain(storm.junkLines.join(", "));
      await reporterContext.close();

      // With JavaScript: the evidence section unfolded, another item added, and no accessibility problem.
      const scriptedContext = await browser.newContext();
      const scripted = await scriptedContext.newPage();
      await scripted.goto(`${server.url}/${locale}/report`);
      await hydrated(scripted);
      for (const summary of await scripted.locator("[data-evidence-fields] summary").all()) await summary.click();
      await scripted.selectOption("#evidence-add-kind", "message");
      await scripted.click("[data-action=add-evidence]");
      expect(await scripted.locator("[data-evidence-item=message]").count()).toBe(2);
      expect(await scripted.locator("#evidence-3-sender").isVisible()).toBe(true);
      await expectNoAxeViolations(scripted);
      await scriptedContext.close();

      // The officer sees the post item and the storm grouped by profile.
      const problems = watchPage(officer, server.url);
      await officer.goto(`${server.url}/${locale}/staff/reports`);
      await officer.click(`tr[data-reference="${reference}"] a`);
      await officer.waitForURL(/\/staff\/reports\/[0-9a-f-]{36}$/);
      await hydrated(officer);
      const caseUrl = officer.url();
      expect(await officer.getAttribute("[data-evidence-list]", "data-evidence-list")).toBe(String(storm.distinct + 1));
      const post = officer.locator("[data-evidence-row=online_post]").first();
      expect(await post.textContent()).toContain(quote);
      expect(await post.textContent()).toContain(`https://facebook.com/${tag}/posts/123`);
      expect(await post.textContent()).not.toContain("fbclid");
      expect(await officer.locator("[data-profile-group]").count()).toBe(3);
      await expectNoAxeViolations(officer);

      // Marks: the typed post, then every post of one profile.
      await officer.check("[data-mark-item='1']");
      await officer.click("[data-action=save-marks]");
      await officer.waitForURL(/evidence=saved/);
      await officer.locator("[data-evidence-saved='1']").waitFor();
      expect(await officer.locator("[data-for-police]").count()).toBe(1);
      const group = officer.locator(`[data-profile-group="@${tag}0"]`);
      await group.locator("summary").click();
      await group.locator("[data-action=mark-profile]").click();
      await officer.waitForURL(/evidence=profile/);
      await officer.locator("[data-evidence-saved='20']").waitFor();
      await expect.poll(() => officer.locator("[data-for-police]").count()).toBe(21);

      // The package: only the 21 marked items, in the report's language, the role stated.
      await officer.goto(`${caseUrl}/evidence`);
      await hydrated(officer);
      const view = officer.locator("[data-evidence-package-view]");
      expect(await view.getAttribute("lang")).toBe(locale);
      expect(await officer.locator("[data-package-item]").count()).toBe(21);
      const text = (await view.textContent())!;
      expect(text).toContain(quote);
      expect(text).toContain(`https://x.com/${tag}0/status/9000`);
      expect(text).not.toContain(`${tag}1/status`);
      expect(text).toContain(s.evidence.roleAdvice);
      expect(text).toContain(s.summary.roleStatement.split("{{")[0]!.trim());
      expect(text).toContain(`${s.evidence.postedAsSeen}2026-11-20 21:14`);
      expect(text).toContain(s.evidence.receivedByTrygg);
      expect(text).toContain(s.events.received);
      await expectNoAxeViolations(officer);
      // Printed: the staff navigation and the buttons go, the package stays.
      await officer.emulateMedia({ media: "print" });
      expect(await officer.locator("nav").first().isVisible()).toBe(false);
      expect(await officer.locator("[data-evidence-download]").isVisible()).toBe(false);
      expect(await view.isVisible()).toBe(true);
      const pdf = await officer.pdf();
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      await officer.emulateMedia({ media: "screen" });
      // Everything, on request.
      await officer.goto(`${caseUrl}/evidence?all=1`);
      expect(await officer.locator("[data-package-item]").count()).toBe(storm.distinct + 1);

      // The file to save: one self-contained HTML document, no scripts, nothing it would load.
      const download = await officerContext.request.get(`${caseUrl}/evidence.html`);
      expect(download.status()).toBe(200);
      expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="trygg-TRG-[A-Z0-9-]+-\d{4}-\d{2}-\d{2}\.html"$/);
      expect(download.headers()["content-type"]).toContain("text/html");
      const file = await download.text();
      expect(file).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${locale}">`));
      expect(file).toContain(quote);
      expect(file).toContain("<style>");
      expect(file).not.toMatch(/<script|<link|<img|<iframe|src=|href=|@import|url\(/i);
      // Opened as a file, it makes no request at all.
      const fileContext = await browser.newContext();
      const filePage = await fileContext.newPage();
      const fileRequests: string[] = [];
      filePage.on("request", (request) => fileRequests.push(request.url()));
      await filePage.setContent(file);
      expect(await filePage.locator("[data-package-item]").count()).toBe(21);
      expect(fileRequests).toEqual([]);
      await fileContext.close();
      expect(problems).toEqual([]);

      // Later, the reporter adds an event in person with a message, and saves the package from the status page.
      const laterContext = await browser.newContext({ javaScriptEnabled: false });
      const later = await laterContext.newPage();
      later.setDefaultTimeout(15_000);
      await later.goto(`${server.url}/${locale}/report/status`);
      await later.fill("input[name=reference]", reference);
      await later.fill("input[name=code]", code);
      await later.click("form:has(input[name=code]) button[type=submit]");
      await later.locator("[data-evidence-save]").waitFor();
      await later.click("#reporter-message [data-evidence-item=in_person] summary");
      await later.fill("#status-evidence-2-place", "Parkeringspladsen ved rådhuset");
      await later.fill("#status-evidence-2-description", "He waited by my car after the meeting.");
      await later.click("#reporter-message button[type=submit]");
      await later.locator("[data-event=message_from_reporter]").waitFor();
      const saved = await laterContext.request.get(`${server.url}/${locale}/report/status/evidence.html`);
      expect(saved.headers()["content-disposition"]).toMatch(/^attachment; /);
      const reporterFile = await saved.text();
      expect(reporterFile).toContain("He waited by my car after the meeting.");
      expect(reporterFile).toContain(quote);
      expect(reporterFile.match(/data-package-item=/g)).toHaveLength(storm.distinct + 2);
      expect(reporterFile).not.toMatch(/<script|<link|src=|href=/i);
      await laterContext.close();
      // Without a visit, there is nothing to save.
      expect((await fetch(`${server.url}/${locale}/report/status/evidence.html`)).status).toBe(404);
    });
  }
});
