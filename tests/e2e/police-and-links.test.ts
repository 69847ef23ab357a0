import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, expectNoAxeViolations, hydrated, launchBrowser, watchPage } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";
import { httpClient } from "./support/http-client";
import { demo } from "./support/staff";

type Strings = typeof import("../../locales/da/report.json");
const strings = (locale: string): Strings => JSON.parse(fs.readFileSync(`locales/${locale}/report.json`, "utf8"));

/** An officer links two reports into one case, sees one timeline, records the police case; the reporter sees its state. */
describeBrowser("linked reports and the police case tracker", () => {
  let server: RunningServer;
  let browser: Browser;
  let officerCookie: string;
  let partyId: string;
  let placeId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ REPORTS_PER_IP_PER_HOUR: "1000" }), launchBrowser()]);
    const html = await (await fetch(`${server.url}/da/report`)).text();
    partyId = /<option value="([0-9a-f-]{36})">Fællesskabspartiet \(demo\)<\/option>/.exec(html)![1]!;
    placeId = /<option value="([0-9a-f-]{36})">Københavns Kommune<\/option>/.exec(html)![1]!;
    officerCookie = await httpClient(server.url).logIn(demo.officer, "10.78.0.1");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Files a Danish report through the public form, in the given page language. */
  async function newReport(locale: string, description: string) {
    const body = new FormData();
    const fields = { idempotencyKey: crypto.randomUUID(), role: "candidate", country: "dk", party: partyId, place: placeId, level: "2", when: "2026-11-20", description, policeTold: "yes", contactMethod: "anonymous", consent: "on" };
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    const html = await (await fetch(`${server.url}/${locale}/report?index`, { method: "POST", body, headers: { Origin: server.url } })).text();
    const reference = /data-reference="(TRG-[^"]+)"/.exec(html)![1]!;
    const code = /data-receipt-code="([^"]+)"/.exec(html)![1]!;
    const queue = await (await fetch(`${server.url}/da/staff/reports`, { headers: { Cookie: officerCookie } })).text();
    const id = new RegExp(`<tr[^>]*data-reference="${reference}"[\\s\\S]*?href="/da/staff/reports/([0-9a-f-]{36})"`).exec(queue)![1]!;
    return { reference, code, id };
  }

  it.each(["da", "sv", "nb"])("in %s: two reports linked show one timeline; the police state recorded reaches the reporter", async (locale) => {
    const s = strings(locale);
    const first = await newReport(locale, `Same sender, first mail (${locale}).`);
    const second = await newReport(locale, `Same sender, second mail (${locale}).`);
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `10.78.1.${locale.charCodeAt(0)}` } });
    const [name, value] = officerCookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}/${locale}/staff/reports/${first.id}`);
    await hydrated(page);
    await page.click("[data-action=acknowledge]");
    await page.locator("[data-confirmation=acknowledge]").waitFor();

    // Link by reference, typed as people type it.
    await page.fill("#link-reference", second.reference.toLowerCase());
    await page.click("[data-action=link]");
    await page.locator("[data-confirmation=link]").waitFor();
    expect(await page.locator("[data-confirmation=link]").textContent()).toBe(s.links.done.link);
    await expect.poll(() => page.locator("[data-linked-member]").evaluateAll((items) => items.map((item) => item.getAttribute("data-linked-member")))).toEqual([first.reference, second.reference]);
    // One timeline: both reports' events, each labelled with its reference.
    const received = await page.locator('[data-linked-timeline] [data-event="received"]').evaluateAll((items) => items.map((item) => item.getAttribute("data-event-report")));
    expect(received.sort()).toEqual([first.reference, second.reference].sort());
    expect(await page.locator("[data-linked-timeline]").textContent()).toContain(s.events.acknowledged);

    // A reference of no report the officer can open is refused on the field.
    await page.fill("#link-reference", "TRG-ZZZZ-ZZZZ");
    await page.click("[data-action=link]");
    await expect.poll(() => page.locator("#link-reference-error").textContent()).toBe(s.links.errors.notFound);
    expect(await page.getAttribute("#link-reference", "aria-invalid")).toBe("true");
    // That one refused request is the only thing the browser complains about.
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("400");
    problems.length = 0;

    // The police tracker.
    await page.fill("#police-caseNumber", `0100-80123-00${locale.charCodeAt(0)}-26`);
    await page.fill("#police-district", "Københavns Politi");
    await page.fill("#police-reportedOn", "2026-11-21");
    await page.selectOption("#police-state", "under_investigation");
    await page.click("[data-action=police]");
    await page.locator("[data-confirmation=police]").waitFor();
    await expect.poll(() => page.getAttribute("[data-police-state]", "data-police-state")).toBe("under_investigation");
    expect(await page.locator("[data-police-state]").textContent()).toBe(s.police.states.under_investigation);
    expect(await page.locator('[data-timeline] [data-event="police_case_updated"]').count()).toBe(1);
    await expectNoAxeViolations(page);
    expect(problems).toEqual([]);

    // The reporter of the first report sees the state and the advice for Denmark, nothing of the second report.
    const reporterContext = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `10.78.2.${locale.charCodeAt(0)}` }, viewport: { width: 320, height: 800 } });
    const reporter = await reporterContext.newPage();
    await reporter.goto(`${server.url}/${locale}/report/status`);
    await hydrated(reporter);
    await reporter.fill("input[name=reference]", first.reference);
    await reporter.fill("input[name=code]", first.code);
    await reporter.click("form#open-report button[type=submit]");
    await reporter.locator("[data-police-status]").waitFor();
    expect(await reporter.getAttribute("[data-police-status]", "data-police-status")).toBe("under_investigation");
    expect(await reporter.locator("[data-police-status]").textContent()).toContain(s.police.states.under_investigation);
    expect(await reporter.locator('[data-public-timeline] [data-event="police_case_updated"]').textContent()).toContain(s.police.eventState.replace("{{state}}", s.police.states.under_investigation));
    expect(await reporter.locator("[data-police-advice=dk]").textContent()).toContain(s.police.advice.dk[1]);
    const html = await reporter.content();
    expect(html).not.toContain(second.reference);
    expect(html).not.toContain("second mail");
    expect(html).not.toContain("Københavns Politi");
    expect(await reporter.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(reporter);

    // Unlinking takes the second report out: the case is gone from the page.
    await page.click(`[data-linked-member="${second.reference}"] [data-action=unlink]`);
    await page.locator("[data-confirmation=unlink]").waitFor();
    await expect.poll(() => page.locator("[data-linked-member]").count()).toBe(0);
    await reporterContext.close();
    await context.close();
  });
});
