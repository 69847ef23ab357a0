import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { norwayCounties } from "@db/seed/units-data";
import { describeBrowser, launchBrowser } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";
import { currentCode, demo } from "../support/staff";
import { reportScenario } from "./helpers";

// Issue #7: with JavaScript off, every task is plain HTML forms. (axe needs JavaScript, so it runs
// in the other files of this folder, never here.)

const nb = JSON.parse(fs.readFileSync("locales/nb/report.json", "utf8"));

describeBrowser("with JavaScript disabled, in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  const report = { reference: "", code: "" };
  let eventId = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ JOB_INTERVAL_MS: "200" }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function noScriptPage(): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Proof that the page really runs without scripts: a script-set property stays unset.
    await page.goto(`${server.url}/nb`);
    expect(await page.getAttribute("html", "data-hydrated")).toBeNull();
    return page;
  }

  /** Submits with a real click and waits for the full page load the browser does without JS. */
  async function submit(page: Page, selector: string) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response?.status();
  }

  it("a report: the server's error summary after an empty submit, then sent; the receipt", async () => {
    const page = await noScriptPage();
    await page.goto(`${server.url}/nb/report`);
    expect(await submit(page, "form#report button[type=submit]")).toBe(400);
    const summaryLinks = await page.locator(".error-summary a").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
    expect(summaryLinks).toContain("#report-role");
    expect(summaryLinks).toContain("#report-description");
    expect(await page.getAttribute("#report-description", "aria-invalid")).toBe("true");
    // The page loads with focus on the error summary (its autofocus attribute), as with JavaScript.
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);

    await page.check("#report-role-volunteer");
    await page.selectOption("select[name=party]", { label: reportScenario.nb.party });
    // Without JavaScript too the place list holds only the country's places (Norway's, on a Norwegian page), grouped by county.
    const groups = await page.locator("select[name=place] optgroup").evaluateAll((elements) => elements.map((element) => element.getAttribute("label")));
    expect(groups.sort()).toEqual(norwayCounties.map((county) => county.name).sort());
    await page.selectOption("select[name=place]", { label: reportScenario.nb.place });
    await page.check("#report-level-4");
    await page.fill("input[name=when]", new Date().toISOString().slice(0, 10));
    await page.fill("textarea[name=description]", "Threatening letters in my mailbox, two this week.");
    await page.check("#report-policeTold-no");
    await page.check("#report-contactMethod-anonymous");
    await page.check("input[name=consent]");
    expect(await submit(page, "form#report button[type=submit]")).toBe(200);
    report.reference = (await page.textContent("[data-reference]"))!.trim();
    report.code = (await page.textContent("[data-receipt-code]"))!.trim();
    expect(report.reference).toMatch(/^TRG-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await page.context().close();
  });

  it("staff: an officer logs in (password, then code) and opens the queue and the case, and acknowledges it", async () => {
    const page = await noScriptPage();
    await page.goto(`${server.url}/nb/staff/login`);
    await page.fill("input[name=email]", demo.officer.email);
    await page.fill("input[name=password]", demo.officer.password);
    await submit(page, "main form button[type=submit]");
    expect(new URL(page.url()).pathname).toBe("/nb/staff/two-factor");
    await page.fill("input[name=code]", currentCode(demo.officer.totpSecret));
    await submit(page, "main form button[type=submit]");
    expect(new URL(page.url()).pathname).toBe("/nb/staff");

    await page.goto(`${server.url}/nb/staff/reports`);
    const row = page.locator(`tr[data-reference="${report.reference}"]`);
    expect(await row.count()).toBe(1);
    await Promise.all([page.waitForNavigation(), row.locator("a").click()]);
    expect(await page.textContent("[data-description]")).toContain("Threatening letters");
    await submit(page, '[data-action="acknowledge"]');
    expect(await page.getAttribute("[data-case-status]", "data-case-status")).toBe("acknowledged");
    await page.fill("#message-text", "We are looking into it.");
    await submit(page, ".case-actions form:has(#message-text) button");
    expect(await page.locator('[data-timeline] [data-event="message_to_reporter"]').count()).toBe(1);
    await page.context().close();
  });

  it("an invited officer enrols TOTP and is shown the recovery codes once; a reload or a new visit does not show them again", async () => {
    const admin = await noScriptPage();
    await admin.goto(`${server.url}/nb/staff/login`);
    await admin.fill("input[name=email]", demo.administrator.email);
    await admin.fill("input[name=password]", demo.administrator.password);
    await submit(admin, "main form button[type=submit]");
    await admin.fill("input[name=code]", currentCode(demo.administrator.totpSecret));
    await submit(admin, "main form button[type=submit]");
    await admin.goto(`${server.url}/nb/staff/admin/users`);
    await admin.fill("#invite-email", "ola.noscript@trygg.test");
    await admin.fill("#invite-name", "Ola Noscript");
    await admin.check("#invite-roles-officer");
    await admin.selectOption("#invite-locale", "nb");
    expect(await submit(admin, "#invite button[type=submit]")).toBe(200);
    await admin.context().close();

    const officer = await noScriptPage();
    const mail = officer.locator('tr[data-mail-to="ola.noscript@trygg.test"][data-mail-template="invite"]');
    await expect
      .poll(async () => {
        await officer.goto(`${server.url}/dev/outbox`);
        return mail.count();
      }, { timeout: 15_000, interval: 300 })
      .toBeGreaterThan(0);
    await Promise.all([officer.waitForNavigation(), mail.first().locator("a").click()]);
    await officer.goto((await officer.getAttribute("[data-mail-links] a", "href"))!);
    await officer.fill("input[name=password]", "a long and private sentence without scripts");
    await officer.fill("input[name=confirm]", "a long and private sentence without scripts");
    await submit(officer, "main form button[type=submit]");
    expect(new URL(officer.url()).pathname).toBe("/nb/staff/enroll");

    const secret = await officer.getAttribute("[data-totp-secret]", "data-totp-secret");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // A wrong code first: the form comes back with the error, still on the enrolment page.
    await officer.fill("input[name=code]", currentCode(secret!) === "000000" ? "111111" : "000000");
    expect(await submit(officer, "main form button[type=submit]")).toBe(400);
    expect(await officer.getAttribute("input[name=code]", "aria-invalid")).toBe("true");

    await officer.fill("input[name=code]", currentCode(secret!));
    expect(await submit(officer, "main form button[type=submit]")).toBe(200);
    expect(new URL(officer.url()).pathname).toBe("/nb/staff/enroll");
    const codes = await officer.locator("[data-recovery-codes] li").allTextContents();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code.trim()).toMatch(/^[a-z0-9-]{8,}$/i);

    // Shown once: reloading (which sends the form again) and opening the page anew show no codes.
    await officer.reload();
    expect(await officer.locator("[data-recovery-codes]").count()).toBe(0);
    await officer.goto(`${server.url}/nb/staff/enroll`);
    expect(await officer.locator("[data-recovery-codes]").count()).toBe(0);
    const html = await officer.content();
    for (const code of codes) expect(html).not.toContain(code.trim());

    // Continuing leads to the new account's recovery key, then to the staff start page.
    await officer.goto(`${server.url}/nb/staff`);
    expect(new URL(officer.url()).pathname).toBe("/nb/staff/recovery-key");
    expect(await officer.textContent("[data-recovery-key]")).toMatch(/^([A-Z2-7]{4}-){12}[A-Z2-7]{4}$/);
    await officer.check("#kept");
    await submit(officer, "main form button[type=submit]");
    expect(new URL(officer.url()).pathname).toBe("/nb/staff");
    await officer.context().close();
  });

  it("the reporter opens the status page with reference and code, reads the message and replies", async () => {
    const page = await noScriptPage();
    await page.goto(`${server.url}/nb/report/status`);
    await page.fill("input[name=reference]", report.reference);
    await page.fill("input[name=code]", report.code);
    expect(await submit(page, "form#open-report button[type=submit]")).toBe(200);
    expect(await page.getAttribute("[data-report-status]", "data-report-status")).toBe("acknowledged");
    expect(await page.textContent('[data-public-timeline] [data-event="message_to_reporter"]')).toContain("We are looking into it.");
    // The visit keeps the case open: no code for the message, and none anywhere in the page.
    expect(await page.locator("#reporter-message input[name=code]").count()).toBe(0);
    await page.fill("#reporter-message textarea[name=message]", "A third letter came today.");
    expect(await submit(page, "#reporter-message button[type=submit]")).toBe(200);
    expect(await page.textContent('[data-public-timeline] [data-event="message_from_reporter"]')).toContain("A third letter came today.");
    expect(await page.content()).not.toContain(report.code);
    // A plain GET (a reload, the link in the menu) shows the case too.
    await page.goto(`${server.url}/nb/report/status`);
    expect(await page.locator('[data-public-timeline] [data-event="message_from_reporter"]').count()).toBe(1);
    // "Hide this case" without JavaScript, in a second tab: the empty form and the confirmation. A
    // message sent afterwards from the first tab gets the open form and the reason, its text kept.
    const other = await page.context().newPage();
    await other.goto(`${server.url}/nb/report/status`);
    await submit(other, "#hide-case button[type=submit]");
    expect(await other.textContent("[role=status]")).toBe(nb.status.hidden);
    expect(await other.locator("form#open-report").count()).toBe(1);
    await page.fill("#reporter-message textarea[name=message]", "Written after hiding.");
    expect(await submit(page, "#reporter-message button[type=submit]")).toBe(403);
    expect(await page.textContent(".error-summary")).toContain(nb.status.errors.visitEnded);
    expect(await page.locator('[data-public-timeline]').count()).toBe(0);
    await page.fill("input[name=reference]", report.reference);
    await page.fill("input[name=code]", report.code);
    expect(await submit(page, "form#open-report button[type=submit]")).toBe(200);
    expect(await page.inputValue("#reporter-message textarea[name=message]")).toBe("Written after hiding.");
    await page.context().close();
  });

  it("an organizer creates and publishes a webinar; a visitor registers, and cancels from the manage link", async () => {
    const organizer = await noScriptPage();
    await organizer.goto(`${server.url}/sv/staff/login`);
    await organizer.fill("input[name=email]", demo.organizer.email);
    await organizer.fill("input[name=password]", demo.organizer.password);
    await submit(organizer, "main form button[type=submit]");
    await organizer.fill("input[name=code]", currentCode(demo.organizer.totpSecret));
    await submit(organizer, "main form button[type=submit]");
    expect(new URL(organizer.url()).pathname).toBe("/sv/staff");
    await organizer.goto(`${server.url}/sv/staff/events`);
    await organizer.fill("#event-titleDa", "Tryg uden JavaScript");
    await organizer.fill("#event-titleSv", "Trygg utan JavaScript");
    await organizer.fill("#event-titleNb", "Trygg uten JavaScript");
    await organizer.selectOption("#event-timeZone", "Europe/Stockholm");
    await organizer.fill("#event-date", new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
    await organizer.fill("#event-startTime", "10:00");
    await organizer.fill("#event-endTime", "11:00");
    await organizer.check("#event-audience-candidates");
    await organizer.fill("#event-capacity", "5");
    await organizer.fill("#event-deadlineDate", new Date(Date.now() + 6 * 86_400_000).toISOString().slice(0, 10));
    await organizer.fill("#event-deadlineTime", "12:00");
    await organizer.fill("#event-joinUrl", "https://meet.example/no-js");
    await submit(organizer, "form#event button[type=submit]");
    expect(organizer.url()).toMatch(/\/sv\/staff\/events\/[0-9a-f-]{36}$/);
    eventId = organizer.url().split("/").pop()!;
    await submit(organizer, '[data-action="publish"]');
    expect(await organizer.getAttribute("[data-event-status]", "data-event-status")).toBe("published");
    await organizer.context().close();

    const visitor = await noScriptPage();
    await visitor.goto(`${server.url}/sv/events`);
    await Promise.all([visitor.waitForNavigation(), visitor.click(`a[href="/sv/events/${eventId}"]`)]);
    await visitor.fill("input[name=name]", "Nils Noscript");
    await visitor.fill("input[name=email]", "nils@example.test");
    await visitor.selectOption("select[name=role]", "election_official");
    expect(await submit(visitor, "form#register button[type=submit]")).toBe(200);
    expect(await visitor.getAttribute("[data-registration-status]", "data-registration-status")).toBe("registered");

    // The confirmation mail (dev outbox, plain HTML too) carries the manage link.
    const row = visitor.locator('tr[data-mail-to="nils@example.test"]');
    await expect
      .poll(async () => {
        await visitor.goto(`${server.url}/dev/outbox`);
        return row.count();
      }, { timeout: 15_000, interval: 300 })
      .toBeGreaterThan(0);
    await Promise.all([visitor.waitForNavigation(), row.first().locator("a").click()]);
    const manage = await visitor.locator("[data-mail-links] a", { hasText: "/events/manage/" }).first().getAttribute("href");
    await visitor.goto(manage!);
    expect(await visitor.getAttribute("[data-manage-status]", "data-manage-status")).toBe("registered");
    await submit(visitor, "main form button[type=submit]");
    expect(await visitor.getAttribute("[data-manage-status]", "data-manage-status")).toBe("cancelled");
    await visitor.context().close();
  });
});
