import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, expectNoAxeViolations, hydrated, launchBrowser, watchPage } from "./support/browser";
import { shiftableClock } from "./support/clock";
import { httpClient, type HttpClient } from "./support/http-client";
import { caseIdOf, fileReport, reportChoices, validReport } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

type Strings = typeof import("../../locales/da/report.json");
const strings = (locale: string): Strings => JSON.parse(fs.readFileSync(`locales/${locale}/report.json`, "utf8"));
const views = ["mine", "unacknowledged", "overdue", "waiting"] as const;

/** The officer's triage views, as the demo officer meets them: counts, rows, the address, in every locale. */
describeBrowser("the officer's queue views", () => {
  const clock = shiftableClock();
  let server: RunningServer;
  let browser: Browser;
  let client: HttpClient;
  let officer: string;
  const ref: Record<string, string> = {};

  beforeAll(async () => {
    // Levels 5–6 must be acknowledged within 12 minutes; the clock is then moved 15 minutes on.
    [server, browser] = await Promise.all([startServer({ REPORTS_PER_IP_PER_HOUR: "1000", ESCALATION_HOURS: "0.2,8,24", ...clock.env }), launchBrowser()]);
    client = httpClient(server.url);
    officer = await client.logIn(demo.officer, "10.78.0.1");
    const choices = await reportChoices(client);
    const aarhus = /<option value="([0-9a-f-]{36})">Aarhus Kommune<\/option>/.exec((await client.get("/da/report")).html)![1]!;
    const file = async (name: string, overrides: Record<string, string>) => {
      ref[name] = (await fileReport(client, validReport(choices, overrides), [], { "X-Forwarded-For": "10.78.0.2" })).reference;
    };
    const act = async (name: string, fields: Record<string, string>) => {
      const id = await caseIdOf(client, officer, ref[name]!);
      expect((await client.post(`/da/staff/reports/${id}`, fields, { cookie: officer })).status).toBe(200);
    };
    await file("danger", { level: "6", inDanger: "on" }); // unacknowledged, soon overdue
    await file("calm", { level: "3" }); // unacknowledged, 8 hours
    await file("owned", { level: "2" });
    await act("owned", { intent: "acknowledge" });
    await file("waiting", { level: "4" });
    await act("waiting", { intent: "acknowledge" });
    await act("waiting", { intent: "status", status: "waiting_for_reporter" });
    // Not for the demo officer: no party and a place outside the units it serves (the national queue).
    await file("elsewhere", { party: "none", place: aarhus, level: "6", inDanger: "on" });
    clock.advance(15 * 60_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    clock.remove();
  });

  const expected: Record<(typeof views)[number], string[]> = { mine: ["waiting", "owned"], unacknowledged: ["danger", "calm"], overdue: ["danger"], waiting: ["waiting"] };
  const rowsOf = (html: string) => [...html.matchAll(/<tr[^>]*data-reference="(TRG-[^"]+)"/g)].map((match) => match[1]);
  const countOf = (html: string, view: string) => Number(new RegExp(`data-view-count="${view}">\\((\\d+)\\)`).exec(html)?.[1]);

  it.each(["da", "sv", "nb"])("in %s without JavaScript: each view is a link with its count, lists its rows by urgency, and is kept in the URL", async (locale) => {
    const s = strings(locale);
    const queue = (await client.get(`/${locale}/staff/reports`, { cookie: officer })).html;
    expect(rowsOf(queue)).not.toContain(ref.elsewhere);
    for (const view of views) {
      expect(countOf(queue, view), view).toBe(expected[view].length);
      expect(queue).toContain(`href="/${locale}/staff/reports?view=${view}"`);
      const path = `/${locale}/staff/reports?view=${view}`;
      const page = await client.get(path, { cookie: officer });
      expect(page.status).toBe(200);
      expect(rowsOf(page.html), view).toEqual(expected[view].map((name) => ref[name]));
      expect(page.html).toContain(`aria-current="page" data-view="${view}"`);
      expect(page.html).toContain(`<h1>${s.queue.title}: ${s.queue.views[view]}</h1>`);
      // The filter form carries the view: filtering inside it keeps it.
      expect(page.html).toContain(`<input type="hidden" name="view" value="${view}"/>`);
      // A reload (the bookmark) gives the same.
      expect(rowsOf((await client.get(path, { cookie: officer })).html)).toEqual(expected[view].map((name) => ref[name]));
    }
    // Other filters work inside a view, and the view links keep them.
    const narrowed = (await client.get(`/${locale}/staff/reports?view=unacknowledged&level=3`, { cookie: officer })).html;
    expect(rowsOf(narrowed)).toEqual([ref.calm]);
    expect(narrowed).toContain(`href="/${locale}/staff/reports?view=overdue&amp;level=3"`);
    // An unknown view is ignored, not an error.
    expect(rowsOf((await client.get(`/${locale}/staff/reports?view=nope`, { cookie: officer })).html)).toEqual(rowsOf(queue));
  });

  it.each(["da", "sv", "nb"])("in %s with JavaScript: a view is chosen by its link, survives a reload and a filter, and the page is axe-clean", async (locale) => {
    const s = strings(locale);
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `10.78.1.${locale.charCodeAt(0)}` } });
    const [name, value] = officer.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}/${locale}/staff/reports`);
    await hydrated(page);
    expect(await page.locator("[data-view-count=overdue]").textContent()).toBe("(1)");
    await Promise.all([page.waitForURL(/view=overdue/), page.click("a[data-view=overdue]")]);
    await expect.poll(() => page.locator("[data-queue] tbody tr").count()).toBe(1);
    expect(await page.locator("[data-queue] tbody tr").getAttribute("data-reference")).toBe(ref.danger);
    expect(await page.locator("a[data-view=overdue]").getAttribute("aria-current")).toBe("page");
    await expectNoAxeViolations(page);
    await page.reload();
    await hydrated(page);
    expect(await page.locator("h1").textContent()).toBe(`${s.queue.title}: ${s.queue.views.overdue}`);
    expect(await page.locator("[data-queue] tbody tr").getAttribute("data-reference")).toBe(ref.danger);

    await Promise.all([page.waitForURL(/view=unacknowledged/), page.click("a[data-view=unacknowledged]")]);
    await expect.poll(() => page.locator("[data-queue] tbody tr").count()).toBe(2);
    await page.selectOption("#queue-level", "6");
    await Promise.all([page.waitForURL(/level=6/), page.click(".filters button[type=submit]")]);
    expect(page.url()).toMatch(/view=unacknowledged/);
    await expect.poll(() => page.locator("[data-queue] tbody tr").count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
