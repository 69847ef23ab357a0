// Issue #16: a private diary, kept with its own code, seen by nobody else until the reporter sends it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { locales } from "~/i18n/locales";
import { describeBrowser, expectNoAxeViolations, launchBrowser, watchPage } from "./support/browser";
import { png } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo, logIn } from "./support/staff";

const texts = {
  da: { start: "Start en ny dagbog", add: "Gem i dagbogen", open: "Åbn dagbogen", hide: "Skjul dagbogen på denne skærm", delete: "Slet dagbogen", note: "Skriv en note", post: "Tilføj et opslag på nettet", noMatch: "Referencen og koden passer ikke sammen." },
  sv: { start: "Starta en ny dagbok", add: "Spara i dagboken", open: "Öppna dagboken", hide: "Dölj dagboken på den här skärmen", delete: "Radera dagboken", note: "Skriv en anteckning", post: "Lägg till ett inlägg på nätet", noMatch: "Referensen och koden hör inte ihop." },
  nb: { start: "Start en ny dagbok", add: "Lagre i dagboken", open: "Åpne dagboken", hide: "Skjul dagboken på denne skjermen", delete: "Slett dagboken", note: "Skriv et notat", post: "Legg til et innlegg på nett", noMatch: "Referansen og koden hører ikke sammen." },
} as const;

describeBrowser("a private diary in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A click that submits a form, waiting for the page the answer brings (a full load without JavaScript). */
  async function submitWith(page: Page, selector: string) {
    const [response] = await Promise.all([page.waitForResponse((answer) => answer.request().method() === "POST"), page.click(selector)]);
    await page.waitForLoadState();
    return response.status();
  }

  it.each([
    ["da", false],
    ["sv", true],
    ["nb", false],
  ] as const)("in %s (JavaScript %s): started, kept, hidden, opened again, and deleted", async (locale, javaScriptEnabled) => {
    const text = texts[locale];
    // Each run its own client address: the wrong codes below count against it in the guessing throttle.
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 320, height: 800 }, extraHTTPHeaders: { "X-Forwarded-For": `10.16.0.${locales.indexOf(locale) + 1}` } });
    const page = await context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}/${locale}/report/diary`);
    // axe runs its script in the page: only where JavaScript is on.
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await Promise.all([page.waitForLoadState(), page.getByRole("button", { name: text.start }).click()]);
    await page.waitForSelector("[data-diary-created]");
    const reference = (await page.textContent("[data-diary-created] [data-reference]"))!.trim();
    const code = (await page.textContent("[data-diary-created] [data-receipt-code]"))!.trim();
    expect(reference).toMatch(/^TRD-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(code).toMatch(/^([A-Z2-9]{4}-){4}[A-Z2-9]{4}$/);
    // The reporter is told when an untouched diary goes.
    expect(await page.textContent("[data-diary-deletes-on]")).toMatch(/20\d\d/);

    // An empty note is refused with a field error, in the form it came from.
    await page.click("[data-diary-add=note] summary");
    expect(await submitWith(page, "[data-diary-add-submit=note]")).toBe(400);
    await page.waitForSelector("[data-diary-add=note] .error-summary a");
    expect(await page.locator("[data-diary-add=note] .error-summary a").getAttribute("href")).toBe("#diary-note-note-text");
    await page.fill("#diary-note-note-text", "A man stood outside my office for an hour and photographed the door.");
    await page.fill("#diary-note-note-date", "2026-11-20");
    expect(await submitWith(page, "[data-diary-add-submit=note]")).toBe(200);
    await page.waitForSelector("[data-diary-entry=note]");

    // An online post, with a screenshot.
    await page.click("[data-diary-add=online_post] summary");
    await page.fill("#diary-online_post-evidence-0-url", "https://x.com/angry_account/status/1234567890?utm_source=share");
    await page.fill("#diary-online_post-evidence-0-quote", "We know where you live.");
    await page.setInputFiles("#diary-online_post-files", [{ name: "screenshot.png", mimeType: "image/png", buffer: png }]);
    expect(await submitWith(page, "[data-diary-add-submit=online_post]")).toBe(200);
    await page.waitForSelector("[data-diary-entry=online_post]");
    expect(await page.locator("[data-diary-entry]").evaluateAll((entries) => entries.map((entry) => entry.getAttribute("data-diary-entry")))).toEqual(["note", "online_post"]);
    expect(await page.textContent("[data-diary-entry=online_post]")).toContain("https://x.com/angry_account/status/1234567890");
    expect(await page.textContent("[data-diary-entry=online_post]")).not.toContain("utm_source");
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    // Hidden, then opened again: a wrong code is refused, the right one shows everything kept.
    await Promise.all([page.waitForLoadState(), page.getByRole("button", { name: text.hide }).click()]);
    await page.waitForSelector("[data-diary=closed]");
    await page.fill("input[name=reference]", reference.toLowerCase());
    await page.fill("input[name=code]", code.replace(/^..../, "ZZZZ"));
    expect(await submitWith(page, `button:has-text("${text.open}")`)).toBe(400);
    await page.waitForSelector(".error-summary");
    expect(await page.textContent(".error-summary")).toContain(text.noMatch);
    await page.fill("input[name=reference]", reference);
    await page.fill("input[name=code]", code);
    expect(await submitWith(page, `button:has-text("${text.open}")`)).toBe(200);
    await page.waitForSelector("[data-diary=open]");
    expect(await page.locator("[data-diary-entry]").count()).toBe(2);

    // Deleting asks for a tick first, then everything goes.
    expect(await submitWith(page, "[data-diary-delete]")).toBe(400);
    await page.check("#diary-confirm-delete");
    expect(await submitWith(page, "[data-diary-delete]")).toBe(200);
    await page.waitForSelector("[data-diary=closed]");
    await page.fill("input[name=reference]", reference);
    await page.fill("input[name=code]", code);
    expect(await submitWith(page, `button:has-text("${text.open}")`)).toBe(400);
    // The refusals above answer 400 on purpose; anything else the page did wrong fails the test.
    expect(problems.filter((problem) => !problem.includes("status of 400"))).toEqual([]);
    await context.close();
  });

  it("sends chosen entries with a report, without JavaScript: items and files reach the officer, notes the description, the rest stays private", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "X-Forwarded-For": "10.16.1.1" } });
    const page = await context.newPage();
    await page.goto(`${server.url}/da/report/diary`);
    await Promise.all([page.waitForLoadState(), page.getByRole("button", { name: texts.da.start }).click()]);
    await page.waitForSelector("[data-diary-created]");
    const add = async (kind: string, fields: Record<string, string>, files: Array<{ name: string; mimeType: string; buffer: Buffer }> = []) => {
      await page.click(`[data-diary-add=${kind}] summary`);
      for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
      if (files.length) await page.setInputFiles(`#diary-${kind}-files`, files);
      expect(await submitWith(page, `[data-diary-add-submit=${kind}]`)).toBe(200);
    };
    await add("note", { "diary-note-note-date": "2026-11-18", "diary-note-note-text": "The same car parked outside my house again." });
    await add("online_post", { "diary-online_post-evidence-0-url": "https://www.facebook.com/some.profile/posts/998877", "diary-online_post-evidence-0-quote": "You will regret standing for election." }, [{ name: "post.png", mimeType: "image/png", buffer: png }]);
    await add("note", { "diary-note-note-text": "A private thought I keep for myself." });
    expect(await page.locator("[data-diary-entry]").count()).toBe(3);

    // Choose: the first note and the post, not the private note.
    const boxes = page.locator("[data-diary-send] input[type=checkbox]");
    expect(await boxes.count()).toBe(3);
    const labels = await page.locator("[data-diary-send] label").allTextContents();
    await boxes.nth(labels.findIndex((label) => label.includes("Note") && !label.includes("2026-11-18")) ).uncheck();
    await Promise.all([page.waitForURL(/\/da\/report\?/), page.click("[data-diary-send] button[type=submit]")]);
    expect(await page.getAttribute("[data-from-diary]", "data-from-diary")).toMatch(/^TRD-/);
    expect(await page.locator("input[name=diaryEntry]").count()).toBe(2);

    await page.check("#report-role-candidate");
    await page.selectOption("select[name=party]", { label: "Fællesskabspartiet (demo)" });
    await page.selectOption("select[name=place]", { label: "Københavns Kommune" });
    await page.check("#report-level-3");
    await page.fill("input[name=when]", new Date().toISOString().slice(0, 10));
    await page.fill("textarea[name=description]", "Someone has been following me for weeks; my diary has the details.");
    await page.check("#report-policeTold-no");
    await page.check("#report-contactMethod-anonymous");
    await page.check("input[name=consent]");
    expect(await submitWith(page, "form#report button[type=submit]")).toBe(200);
    const reference = (await page.textContent("[data-reference]"))!.trim();
    expect(reference).toMatch(/^TRG-/);

    // The diary says what went where; the entry not chosen is still only the reporter's.
    await page.goto(`${server.url}/da/report/diary`);
    expect(await page.locator(`[data-diary-sent="${reference}"]`).count()).toBe(2);
    expect(await page.locator("[data-diary-send] input[type=checkbox]").count()).toBe(1);
    await context.close();

    const officerContext = await browser.newContext();
    const officer = await officerContext.newPage();
    await logIn(officer, server.url, demo.officer);
    await officer.goto(`${server.url}/da/staff/reports`);
    await officer.click(`tr[data-reference="${reference}"] a`);
    await officer.waitForURL(/\/staff\/reports\/[0-9a-f-]{36}$/);
    const description = (await officer.textContent("[data-description]"))!;
    expect(description).toContain("The same car parked outside my house again.");
    expect(description).toContain("2026-11-18");
    expect(description).not.toContain("A private thought");
    expect(await officer.textContent("[data-evidence-list]")).toContain("facebook.com/some.profile/posts/998877");
    expect(await officer.textContent("body")).toContain("post.png");
    await officerContext.close();
  });
});
