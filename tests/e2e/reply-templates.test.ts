import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedReplyTemplates } from "@db/seed/reply-templates-data";
import { describeBrowser, expectNoAxeViolations, hydrated, launchBrowser, watchPage } from "./support/browser";
import { httpClient, type HttpClient } from "./support/http-client";
import { caseIdOf, openCase, validReport } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

type Staff = typeof import("../../locales/da/staff.json");
const staffStrings = (locale: string): Staff => JSON.parse(fs.readFileSync(`locales/${locale}/staff.json`, "utf8"));
const police = seedReplyTemplates[2]!;
const unescape = (html: string) => html.replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

/** Reply templates on a Swedish report: whatever the officer's page language, the reporter gets Swedish. */
describeBrowser("reply templates on the case page", () => {
  let server: RunningServer;
  let browser: Browser;
  let client: HttpClient;
  let officer: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ REPORTS_PER_IP_PER_HOUR: "1000" }), launchBrowser()]);
    client = httpClient(server.url);
    officer = await client.logIn(demo.officer, "10.79.0.1");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A Swedish report (the Swedish form, the demo officer's Swedish party), acknowledged by the demo officer. */
  async function swedishCase() {
    const form = (await client.get("/sv/report?country=se")).html;
    const party = /<option value="([0-9a-f-]{36})">Framtidspartiet \(demo\)<\/option>/.exec(form)![1]!;
    const answer = await client.post("/sv/report?index", validReport({ party, place: "" }, { country: "se" }), { multipart: true, headers: { "X-Forwarded-For": "10.79.0.2" } });
    expect(answer.status, answer.html.slice(0, 400)).toBe(200);
    const receipt = { reference: /data-reference="(TRG-[^"]+)"/.exec(answer.html)![1]!, code: /data-receipt-code="([^"]+)"/.exec(answer.html)![1]! };
    const id = await caseIdOf(client, officer, receipt.reference);
    expect((await client.post(`/da/staff/reports/${id}`, { intent: "acknowledge" }, { cookie: officer })).status).toBe(200);
    return { id, receipt };
  }
  async function reporterSees(receipt: { reference: string; code: string }, text: string) {
    const { cookie } = await openCase(client, receipt, { "X-Forwarded-For": "10.79.0.3" });
    const status = unescape((await client.get("/sv/report/status", { cookie })).html);
    const timeline = /data-public-timeline=""[\s\S]*?<\/ol>/.exec(status)?.[0] ?? "";
    expect(timeline).toContain(text);
  }

  it.each(["da", "sv", "nb"])("from a %s page without JavaScript: the picker's GET returns the page with the Swedish text in the box; sent, it reaches the reporter", async (locale) => {
    const { id, receipt } = await swedishCase();
    const page = unescape((await client.get(`/${locale}/staff/reports/${id}`, { cookie: officer })).html);
    // Named in the page's language; the three national templates are there.
    const options = [...page.matchAll(/<select id="template-select"[\s\S]*?<\/select>/g)][0]![0];
    for (const template of seedReplyTemplates) expect(options).toContain(`>${template.name[locale as "da"]}</option>`);
    const templateId = new RegExp(`<option value="([0-9a-f-]{36})">${police.name[locale as "da"]}</option>`).exec(options)![1]!;
    expect(page).toMatch(/<form method="get"[^>]*data-template-picker=""/);

    const filled = unescape((await client.get(`/${locale}/staff/reports/${id}?template=${templateId}`, { cookie: officer })).html);
    const box = /<textarea id="message-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(filled)![1]!;
    expect(box.trim()).toBe(police.body.sv);
    expect(box).toContain("114 14");
    // An unknown template leaves the box empty.
    const none = (await client.get(`/${locale}/staff/reports/${id}?template=00000000-0000-4000-8000-000000000000`, { cookie: officer })).html;
    expect(/<textarea id="message-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(none)![1]!.trim()).toBe("");

    const formKey = /name="formKey" value="([0-9a-f-]{36})"/.exec(filled)![1]!;
    const sent = await client.post(`/${locale}/staff/reports/${id}`, { intent: "message", formKey, text: box.trim() }, { cookie: officer });
    expect(sent.status).toBe(200);
    // After sending, the box is empty again (the template is not put back in).
    expect(/<textarea id="message-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(sent.html)![1]!.trim()).toBe("");
    await reporterSees(receipt, police.body.sv);
  });

  it.each(["da", "sv", "nb"])("from a %s page with JavaScript: choosing a template fills the box with the Swedish text without leaving the page; sent, it reaches the reporter", async (locale) => {
    const { id, receipt } = await swedishCase();
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `10.79.1.${locale.charCodeAt(0)}` } });
    const [name, value] = officer.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}/${locale}/staff/reports/${id}`);
    await hydrated(page);
    const ask = seedReplyTemplates[1]!;
    await page.selectOption("#template-select", { label: ask.name[locale as "da"] });
    const url = page.url();
    await page.click("[data-action=insert-template]");
    await expect.poll(() => page.inputValue("#message-text")).toBe(ask.body.sv);
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("message-text");
    await expectNoAxeViolations(page);
    await page.click("form:has(#message-text) button[type=submit]");
    await page.locator("[role=status] [data-confirmation=message]").waitFor();
    expect(await page.inputValue("#message-text")).toBe("");
    expect(problems).toEqual([]);
    await context.close();
    await reporterSees(receipt, ask.body.sv);
  });

  it("officers manage their units' templates (and administrators the national ones): field errors without JavaScript, then the new template is offered on the case", async () => {
    const s = staffStrings("da");
    const empty = await client.post("/da/staff/templates", { intent: "create", unit: "national", nameDa: "", bodyDa: "" }, { cookie: officer });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain(s.errors.summaryTitle);
    expect(empty.html).toContain(`${s.templates.name} (${s.languages.da}): ${s.errors.required}`);
    const form = (await client.get("/da/staff/templates", { cookie: officer })).html;
    // The demo officer is no administrator: no national choice, only its units.
    expect(form).not.toContain('value="national"');
    const unit = /<option value="([0-9a-f-]{36})">Framtidspartiet \(demo\)<\/option>/.exec(form)![1]!;
    const fields = { intent: "create", unit, nameDa: "Tak for i aften", bodyDa: "Tak for i aften, vi ringer i morgen.", nameSv: "Tack för i kväll", bodySv: "Tack för i kväll, vi ringer i morgon.", nameNb: "Takk for i kveld", bodyNb: "Takk for i kveld, vi ringer i morgen." };
    const national = await client.post("/da/staff/templates", { ...fields, unit: "national" }, { cookie: officer });
    expect(national.status).toBe(400);
    const created = await client.post("/da/staff/templates", fields, { cookie: officer });
    expect(created.status).toBe(302);
    const list = (await client.get(created.location!, { cookie: officer })).html;
    expect(list).toContain(s.templates.done.created);
    expect(list).toContain("Tak for i aften");

    // On a case of that unit: offered after the national ones, the text in the report's language.
    const { id } = await swedishCase();
    const page = (await client.get(`/da/staff/reports/${id}`, { cookie: officer })).html;
    const templateId = /<option value="([0-9a-f-]{36})">Tak for i aften<\/option>/.exec(page)![1]!;
    const filled = unescape((await client.get(`/da/staff/reports/${id}?template=${templateId}`, { cookie: officer })).html);
    expect(/<textarea id="message-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(filled)![1]!.trim()).toBe("Tack för i kväll, vi ringer i morgon.");
  });
});
