import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locale } from "~/i18n/locales";
import { describeBrowser, expectNoAxeViolations, launchBrowser } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";
import { demo, logIn } from "./support/staff";

const zoneOf: Record<Locale, string> = { da: "Europe/Copenhagen", sv: "Europe/Stockholm", nb: "Europe/Oslo" };
const secretLink = (locale: Locale) => `https://meet.example/trygg-${locale}-secret-room`;

describeBrowser("webinars: publish, register, waitlist, promotion, CSV and check-in in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let organizerContext: BrowserContext;
  let organizer: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ JOB_INTERVAL_MS: "200" }), launchBrowser()]);
    organizerContext = await browser.newContext({ acceptDownloads: true });
    organizer = await organizerContext.newPage();
    await logIn(organizer, server.url, demo.organizer);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function register(locale: Locale, eventId: string, name: string, email: string) {
    // Attendees register without JavaScript: a plain HTML form.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/${locale}/events/${eventId}`);
    await page.fill("input[name=name]", name);
    await page.fill("input[name=email]", email);
    await page.selectOption("select[name=role]", "candidate");
    await page.fill("input[name=organization]", "=HYPERLINK(\"http://evil.example\")");
    await page.click("form#register button[type=submit]");
    const status = await page.getAttribute("[data-registration-status]", "data-registration-status");
    // Only the seat's mail carries the calendar file: the waitlist answer says so.
    const said = await page.textContent("[data-registration-status]");
    const strings = JSON.parse(fs.readFileSync(`locales/${locale}/events.json`, "utf8")).register;
    expect(said).toContain(status === "waitlisted" ? strings.checkMailWaitlist : strings.checkMail);
    await context.close();
    return status;
  }

  async function openMail(page: Page, to: string, subjectStart: string) {
    await page.goto(`${server.url}/dev/outbox`);
    const row = page.locator(`tr[data-mail-to="${to}"]`, { hasText: subjectStart });
    await expect.poll(() => row.count()).toBeGreaterThan(0);
    await row.first().locator("a").click();
    await page.waitForURL(/\/dev\/outbox\/[0-9a-f-]{36}$/);
  }

  for (const locale of ["da", "sv", "nb"] as const) {
    it(`${locale}: capacity 1, the second is waitlisted, promoted when the first cancels; CSV and check-in`, async () => {
      const date = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const deadline = new Date(Date.now() + 6 * 86_400_000).toISOString().slice(0, 10);
      await organizer.goto(`${server.url}/${locale}/staff/events`);
      await organizer.fill("#event-titleDa", `Tryg valgkamp ${locale}`);
      await organizer.fill("#event-descriptionDa", "Et webinar om de vigtigste råd.");
      await organizer.fill("#event-titleSv", `Trygg valrörelse ${locale}`);
      await organizer.fill("#event-titleNb", `Trygg valgkamp ${locale}`);
      await organizer.fill("#event-agendaNb", "Velkommen\nTrusselbildet\nSpørsmål");
      await organizer.selectOption("#event-timeZone", zoneOf[locale]);
      await organizer.fill("#event-date", date);
      await organizer.fill("#event-startTime", "08:00");
      await organizer.fill("#event-endTime", "09:00");
      await organizer.check("#event-audience-candidates");
      await organizer.fill("#event-capacity", "1");
      await organizer.fill("#event-deadlineDate", deadline);
      await organizer.fill("#event-deadlineTime", "12:00");
      await organizer.fill("#event-joinUrl", secretLink(locale));
      await organizer.fill("#event-meetingId", "329 237 233 818");
      await organizer.fill("#event-passcode", "rbvrnw");
      await Promise.all([organizer.waitForURL(/\/staff\/events\/[0-9a-f-]{36}$/), organizer.click("form#event button[type=submit]")]);
      const eventId = organizer.url().split("/").pop()!;
      await organizer.click('[data-action="publish"]');
      await expect.poll(() => organizer.getAttribute("[data-event-status]", "data-event-status")).toBe("published");
      await expectNoAxeViolations(organizer);

      // The public pages list it, in the locale, and never show the join details.
      const publicPage = await (await browser.newContext()).newPage();
      await publicPage.goto(`${server.url}/${locale}/events`);
      expect(await publicPage.locator(`a[href="/${locale}/events/${eventId}"]`).count()).toBe(1);
      await expectNoAxeViolations(publicPage);
      await publicPage.goto(`${server.url}/${locale}/events/${eventId}`);
      await expectNoAxeViolations(publicPage);
      for (const path of [`/${locale}/events`, `/${locale}/events/${eventId}`]) {
        const html = await (await fetch(`${server.url}${path}`)).text();
        expect(html).not.toContain(secretLink(locale));
        expect(html).not.toContain("rbvrnw");
        expect(html).not.toContain("329 237 233 818");
      }

      const first = `first-${locale}@example.test`;
      const second = `second-${locale}@example.test`;
      expect(await register(locale, eventId, "Første Person", first)).toBe("registered");
      expect(await register(locale, eventId, "Anden Person", second)).toBe("waitlisted");

      // The first cancels from the manage link in their mail.
      const mailPage = await (await browser.newContext()).newPage();
      await openMail(mailPage, first, "");
      expect(await mailPage.textContent(".mail-text")).toContain(secretLink(locale));
      const manageLink = (await mailPage.locator("[data-mail-links] a", { hasText: "/events/manage/" }).first().getAttribute("href"))!;
      await mailPage.goto(manageLink);
      expect(await mailPage.getAttribute("[data-manage-status]", "data-manage-status")).toBe("registered");
      expect(await mailPage.textContent("[data-join]")).toContain(secretLink(locale));
      await expectNoAxeViolations(mailPage);
      await mailPage.click("main form button[type=submit]");
      await expect.poll(() => mailPage.getAttribute("[data-manage-status]", "data-manage-status")).toBe("cancelled");

      // The second is promoted and gets a mail with a valid .ics.
      await mailPage.goto(`${server.url}/dev/outbox`);
      const mails = mailPage.locator(`tr[data-mail-to="${second}"]`);
      await expect.poll(() => mails.count()).toBe(2);
      await mails.first().locator("a").click(); // newest first: the promotion
      await mailPage.waitForURL(/\/dev\/outbox\/[0-9a-f-]{36}$/);
      expect(await mailPage.textContent(".mail-text")).toContain(secretLink(locale));
      const icsHref = (await mailPage.getAttribute("[data-mail-attachments] a", "href"))!;
      const ics = await (await fetch(`${server.url}${icsHref}`)).text();
      expect(ics).toMatch(/^BEGIN:VCALENDAR/);
      expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);
      expect(ics).toContain("END:VEVENT");
      // The link in the waitlist mail (the older one) still works after the promotion.
      await mailPage.goto(`${server.url}/dev/outbox`);
      await mails.last().locator("a").click();
      await mailPage.waitForURL(/\/dev\/outbox\/[0-9a-f-]{36}$/);
      const waitlistLink = (await mailPage.locator("[data-mail-links] a", { hasText: "/events/manage/" }).first().getAttribute("href"))!;
      await mailPage.goto(waitlistLink);
      expect(await mailPage.getAttribute("[data-manage-status]", "data-manage-status")).toBe("registered");

      // The organizer sees it, exports CSV (formula neutralized) and checks the attendee in.
      await organizer.reload();
      expect(await organizer.getAttribute(`[data-attendee="${second}"]`, "data-status")).toBe("registered");
      expect(await organizer.getAttribute(`[data-attendee="${first}"]`, "data-status")).toBe("cancelled");
      const [download] = await Promise.all([organizer.waitForEvent("download"), organizer.click(`a[href$="/attendees.csv"]`)]);
      const csv = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
      expect(csv).toContain(second);
      expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
      await organizer.locator(`[data-attendee="${second}"] button`).click();
      await expect.poll(() => organizer.getAttribute(`[data-attendee="${second}"]`, "data-status")).toBe("attended");
      await expectNoAxeViolations(organizer);
    });
  }
});
