import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, expectNoAxeViolations, hydrated, launchBrowser, watchPage } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";
import { httpClient } from "./support/http-client";
import { demo } from "./support/staff";

/** The reporter-side strings, typed from the Danish file (every locale has the same keys). */
type Strings = typeof import("../../locales/da/report.json");
const strings = (locale: string): Strings => JSON.parse(fs.readFileSync(`locales/${locale}/report.json`, "utf8"));

/** What an officer meets after each action on a case: a confirmation, an empty box, the reporter's side named right. */
describeBrowser("the officer's case page answers every action", () => {
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
    officerCookie = await httpClient(server.url).logIn(demo.officer, "10.77.0.1");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Files a Danish report through the public form and returns its case id from the officer's queue. */
  async function newCase(): Promise<string> {
    const body = new FormData();
    const fields = { idempotencyKey: crypto.randomUUID(), role: "candidate", country: "dk", party: partyId, place: placeId, level: "3", when: "2026-11-20", description: "Letters at my door every night.", policeTold: "no", contactMethod: "anonymous", consent: "on" };
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    const answer = await fetch(`${server.url}/da/report?index`, { method: "POST", body, headers: { Origin: server.url } });
    const reference = /data-reference="(TRG-[^"]+)"/.exec(await answer.text())![1]!;
    const queue = await (await fetch(`${server.url}/da/staff/reports`, { headers: { Cookie: officerCookie } })).text();
    return new RegExp(`<tr[^>]*data-reference="${reference}"[\\s\\S]*?href="/da/staff/reports/([0-9a-f-]{36})"`).exec(queue)![1]!;
  }

  it.each(["da", "sv", "nb"])("in %s: each action is confirmed in a status region, sent text is cleared, the closing note is previewed as the reporter will see it", async (locale) => {
    const s = strings(locale);
    const id = await newCase();
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `10.77.1.${locale.charCodeAt(0)}` } });
    // The session from beforeAll: a second login within the same 30 s would reuse a spent TOTP code.
    const [name, value] = officerCookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}/${locale}/staff/reports/${id}`);
    await hydrated(page);

    await page.click("[data-action=acknowledge]");
    const acknowledged = page.locator("[role=status] [data-confirmation=acknowledge]");
    await acknowledged.waitFor();
    expect(await acknowledged.textContent()).toBe(s.case.done.acknowledge);

    // The status menu speaks from the officer's side: the reporter's reply is awaited, not "yours".
    await page.locator("#status-select").waitFor();
    const options = await page.locator("#status-select option").allTextContents();
    expect(options).toContain(s.staffStatuses.waiting_for_reporter);
    expect(options).not.toContain(s.statuses.waiting_for_reporter);

    await page.fill("#message-text", "Can you send a photo of the letter?");
    // A double click sends once.
    await page.dblclick("form:has(#message-text) button[type=submit]");
    const sent = page.locator("[role=status] [data-confirmation=message]");
    await sent.waitFor();
    expect(await sent.textContent()).toBe(s.case.done.message);
    expect(await page.inputValue("#message-text")).toBe("");
    expect(await page.locator("[data-timeline] [data-event=message_to_reporter]").count()).toBe(1);

    await page.selectOption("#status-select", "waiting_for_reporter");
    await page.click("form:has(#status-select) button[type=submit]");
    await page.locator("[data-confirmation=status]").waitFor();
    await expect.poll(() => page.locator("[data-case-status] dd").first().textContent()).toContain(s.staffStatuses.waiting_for_reporter);

    // The closing note: the warning stands next to the field, the preview follows the typing.
    expect(await page.locator("[data-closing-note-hint]").textContent()).toBe(s.case.closingNoteHint);
    expect(await page.locator("[data-closing-preview]").textContent()).toContain(s.case.previewEmpty);
    await page.selectOption("#close-outcome", "referred_to_police");
    await page.fill("#close-note", "We have passed this to the police.");
    const preview = await page.locator("[data-closing-preview]").textContent();
    expect(preview).toContain("We have passed this to the police.");
    expect(preview).toContain(s.outcomes.referred_to_police);
    await expectNoAxeViolations(page);
    await page.click("form:has(#close-note) button[type=submit]");
    await page.locator("[data-confirmation=close]").waitFor();
    await expect.poll(() => page.locator("[data-case-status]").getAttribute("data-case-status")).toBe("closed");

    // A note after closing still works and is confirmed.
    await page.fill("#note-text", "Called the reporter.");
    await page.click("form:has(#note-text) button[type=submit]");
    await page.locator("[data-confirmation=note]").waitFor();
    expect(await page.inputValue("#note-text")).toBe("");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the same form sent twice (a double click without JavaScript) sends one message and answers both as sent", async () => {
    const id = await newCase();
    const url = `${server.url}/da/staff/reports/${id}`;
    const post = (fields: Record<string, string>) =>
      fetch(url, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: officerCookie }, body: new URLSearchParams(fields) });
    const formKeyOf = async () => /name="formKey" value="([0-9a-f-]{36})"/.exec(await (await fetch(url, { headers: { Cookie: officerCookie } })).text())![1]!;
    expect((await post({ intent: "acknowledge", formKey: await formKeyOf() })).status).toBe(200);
    const formKey = await formKeyOf();
    const message = { intent: "message", formKey, text: "Only once, please." };
    const answers = await Promise.all([post(message), post(message)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    for (const answer of answers) expect(await answer.text()).toContain(strings("da").case.done.message);
    const page = await (await fetch(url, { headers: { Cookie: officerCookie } })).text();
    expect(page.match(/data-event="message_to_reporter"/g)).toHaveLength(1);
    // A new page gives a new key: the officer can send the same words again on purpose.
    expect((await post({ ...message, formKey: await formKeyOf() })).status).toBe(200);
    const after = await (await fetch(url, { headers: { Cookie: officerCookie } })).text();
    expect(after.match(/data-event="message_to_reporter"/g)).toHaveLength(2);
  });

  it("a refused message keeps what was typed (without JavaScript the page is new)", async () => {
    const id = await newCase();
    const url = `${server.url}/da/staff/reports/${id}`;
    const post = (fields: Record<string, string>) => fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: officerCookie }, body: new URLSearchParams(fields) });
    expect((await post({ intent: "acknowledge" })).status).toBe(200);
    const words = `Words I do not want to type again. ${"x".repeat(5000)}`;
    const answer = await post({ intent: "message", text: words });
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain(strings("da").errors.tooLong);
    expect(html).toMatch(/<textarea id="message-text"[^>]*>Words I do not want to type again\. x/);
    expect(html).not.toContain("data-confirmation");
  });
});
