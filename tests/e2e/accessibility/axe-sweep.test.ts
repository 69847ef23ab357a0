import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locales, type Locale } from "~/i18n/locales";
import { describeBrowser, hydrated, launchBrowser } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";
import { currentCode, demo } from "../support/staff";
import { AxeSweep, countryOf, mailLink, pageRouteIds, reportScenario, tokenOf } from "./helpers";

// Issue #7: axe on every public and staff page, in da, sv and nb. The last test fails, naming the
// route, when a page route in app/routes was not reached by the sweep in every locale.

/** Waits for every chain (a failed one does not leave others running into the next test), then fails with the first error. */
async function allOf(chains: Array<Promise<void>>) {
  const results = await Promise.allSettled(chains);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}

const searchTerm: Record<Locale, string> = { da: "politi", sv: "polis", nb: "politi" };
const article = "reporting-to-police";

// What axe judges is the markup, not the database: this sweep runs on PGlite only (skipped in the
// PostgreSQL pass of .ci/run, like the phone layout tests), which keeps CI inside its time.
const describeOnce = process.env.DATABASE_URL ? describe.skip : describeBrowser;

describeOnce("accessibility sweep: axe on every page in every locale", () => {
  let server: RunningServer;
  let browser: Browser;
  const sweep = new AxeSweep();
  const contexts: Record<"public" | "mail" | "admin" | "officer" | "organizer", BrowserContext> = {} as never;
  const pages: Record<keyof typeof contexts, Page> = {} as never;
  // Filled in as the sweep goes.
  const receipts = {} as Record<Locale, { reference: string; code: string }>;
  let eventId = "";
  let manageToken = "";
  let resetToken = "";
  let verifyToken = "";
  const inviteTokens = {} as Record<Locale, string>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ JOB_INTERVAL_MS: "200" }), launchBrowser()]);
    // A server that dies mid-sweep shows up as refused connections: say why.
    server.process.once("exit", (code, signal) => {
      if (!stopping) console.log(`The server exited (${code ?? signal}) during the sweep:\n${server.output().slice(-4000)}`);
    });
    for (const name of Object.keys({ public: 1, mail: 1, admin: 1, officer: 1, organizer: 1 }) as Array<keyof typeof contexts>) {
      contexts[name] = await browser.newContext();
      pages[name] = await contexts[name].newPage();
    }
  });
  let stopping = false;
  afterAll(async () => {
    stopping = true;
    await browser?.close();
    await server?.stop();
  });

  const go = async (page: Page, path: string, note?: string) => {
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status(), path).toBeLessThan(400);
    await sweep.check(page, note);
  };

  for (const locale of locales) {
    it(`${locale}: public pages — home, guidance, search, offline, 404, report form, error summary, receipt`, { timeout: 120_000 }, async () => {
      // Two chains at once, each in its own tab: axe is most of the time, and it runs in the page.
      const reading = async () => {
        const page = await contexts.public.newPage();
        await go(page, `/${locale}`);
        await go(page, `/${locale}/guidance`);
        await go(page, `/${locale}/guidance/${article}`);

        await go(page, `/${locale}/search?q=${searchTerm[locale]}`, "with results");
        expect(await page.locator(".search-results .article-list li").count()).toBeGreaterThan(0);
        const response = await page.goto(`${server.url}/${locale}/search?q=${"x".repeat(201)}`);
        expect(response?.status()).toBe(400);
        expect(await page.getAttribute("#search-q", "aria-invalid")).toBe("true");
        await sweep.check(page, "field error");

        await go(page, `/${locale}/offline`);
        const missing = await page.goto(`${server.url}/${locale}/no-such-page`);
        expect(missing?.status()).toBe(404);
        await sweep.check(page, "404");
        expect(await page.getAttribute("html", "lang")).toBe(locale);
        await page.close();
      };

      // The report form: empty, with the error summary after an empty submit, and the receipt.
      const reporting = async () => {
        const page = await contexts.public.newPage();
        await go(page, `/${locale}/report`, "empty");
        await page.click("form#report button[type=submit]");
        await page.waitForSelector(".error-summary");
        await sweep.check(page, "error summary");
        await page.check("#report-role-candidate");
        await page.selectOption("select[name=party]", { label: reportScenario[locale].party });
        await page.selectOption("select[name=place]", { label: reportScenario[locale].place });
        await page.check("#report-level-3");
        await page.fill("input[name=when]", new Date().toISOString().slice(0, 10));
        await page.fill("textarea[name=description]", `Somebody keeps calling me at night (${locale}).`);
        await page.check("#report-policeTold-no");
        await page.check("#report-contactMethod-anonymous");
        await page.check("input[name=consent]");
        await page.click("form#report button[type=submit]");
        await page.waitForSelector("[data-receipt-code]");
        await sweep.check(page, "receipt");
        receipts[locale] = { reference: (await page.textContent("[data-reference]"))!.trim(), code: (await page.textContent("[data-receipt-code]"))!.trim() };

        await go(page, `/${locale}/report/status`, "empty");
        // The private diary: closed, then started with one note.
        // The context keeps the diary visit of the locale before: hide that diary first.
        await page.goto(`${server.url}/${locale}/report/diary`);
        if (await page.locator("[data-diary=open]").count()) {
          await page.click("#hide-diary button[type=submit]");
          await page.waitForSelector("[data-diary=closed]");
        }
        await sweep.check(page, "closed");
        await page.click("[data-diary-start]");
        await page.waitForSelector("[data-diary-created]");
        await page.click("[data-diary-add=note] summary");
        await page.fill("#diary-note-note-text", `A car waited outside my house (${locale}).`);
        await page.click("[data-diary-add-submit=note]");
        await page.waitForSelector("[data-diary-entry=note]");
        await sweep.check(page, "diary with a note");
        await page.close();
      };
      await allOf([reading(), reporting()]);
      sweep.expectClean();
    });
  }

  // One login per role, each in a different locale: the login and two-factor pages of every locale.
  const roleLocale = { administrator: "da", officer: "sv", organizer: "nb" } as const;

  it("staff: login and two-factor pages; set-up through the real forms (event, invitations, reset, e-mail check)", { timeout: 150_000 }, async () => {
    for (const [role, locale] of Object.entries(roleLocale) as Array<[keyof typeof roleLocale, Locale]>) {
      const page = pages[role === "administrator" ? "admin" : role];
      const login = demo[role];
      await go(page, `/${locale}/staff/login`);
      await page.fill("input[name=email]", login.email);
      await page.fill("input[name=password]", login.password);
      await Promise.all([page.waitForURL(/\/staff\/two-factor/), page.click("main form button[type=submit]")]);
      await sweep.check(page);
      await page.fill("input[name=code]", currentCode(login.totpSecret));
      await Promise.all([page.waitForURL(new RegExp(`/${locale}/staff$`)), page.click("main form button[type=submit]")]);
      await hydrated(page);
    }

    // An organizer creates and publishes a webinar with text in every language.
    const organizer = pages.organizer;
    await go(organizer, "/da/staff/events");
    const date = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const deadline = new Date(Date.now() + 13 * 86_400_000).toISOString().slice(0, 10);
    await organizer.fill("#event-titleDa", "Sikker valgkamp");
    await organizer.fill("#event-descriptionDa", "Et webinar om de vigtigste råd.");
    await organizer.fill("#event-agendaDa", "Velkommen\nSpørgsmål");
    await organizer.fill("#event-titleSv", "Säker valrörelse");
    await organizer.fill("#event-descriptionSv", "Ett webbinarium om de viktigaste råden.");
    await organizer.fill("#event-titleNb", "Trygg valgkamp");
    await organizer.fill("#event-descriptionNb", "Et webinar om de viktigste rådene.");
    await organizer.selectOption("#event-timeZone", "Europe/Copenhagen");
    await organizer.fill("#event-date", date);
    await organizer.fill("#event-startTime", "18:00");
    await organizer.fill("#event-endTime", "19:00");
    await organizer.check("#event-audience-candidates");
    await organizer.fill("#event-capacity", "50");
    await organizer.fill("#event-deadlineDate", deadline);
    await organizer.fill("#event-deadlineTime", "12:00");
    await organizer.fill("#event-joinUrl", "https://meet.example/trygg-a11y");
    await Promise.all([organizer.waitForURL(/\/staff\/events\/[0-9a-f-]{36}$/), organizer.click("form#event button[type=submit]")]);
    eventId = organizer.url().split("/").pop()!;
    await hydrated(organizer);
    await organizer.click('[data-action="publish"]');
    await expect.poll(() => organizer.getAttribute("[data-event-status]", "data-event-status"), { timeout: 10_000 }).toBe("published");

    // Someone registers (the page after registering is checked too) and gets the manage link.
    const attendee = await contexts.public.newPage();
    await go(attendee, `/da/events/${eventId}`);
    await attendee.fill("input[name=name]", "Alma Andersen");
    await attendee.fill("input[name=email]", "alma@example.test");
    await attendee.selectOption("select[name=role]", "candidate");
    await attendee.click("form#register button[type=submit]");
    await attendee.waitForSelector("[data-registration-status=registered]");
    await sweep.check(attendee, "registered");
    await attendee.close();
    manageToken = tokenOf(await mailLink(pages.mail, server.url, "alma@example.test", "/events/manage/", sweep));

    // The administrator invites one new officer per locale and sends a broadcast to officers.
    const admin = pages.admin;
    for (const locale of locales) {
      await admin.goto(`${server.url}/da/staff/admin/users`);
      await hydrated(admin);
      await admin.fill("#invite-email", `new-${locale}@trygg.test`);
      await admin.fill("#invite-name", `New Officer ${locale}`);
      await admin.check("#invite-roles-officer");
      await admin.selectOption("#invite-locale", locale);
      await admin.click("#invite button[type=submit]");
      await admin.waitForSelector(".notice[role=status]");
      inviteTokens[locale] = tokenOf(await mailLink(pages.mail, server.url, `new-${locale}@trygg.test`, `/${locale}/staff/invite/`));
    }
    await admin.goto(`${server.url}/da/staff/admin/broadcasts`);
    await hydrated(admin);
    // To officers in all three countries, with a Danish text only.
    await admin.check("input[name=countries][value=se]");
    await admin.check("input[name=countries][value=no]");
    await admin.fill("input[name=titleDa]", "Test af beredskab");
    await admin.fill("textarea[name=bodyDa]", "Dette er en øvelse.");
    await admin.click("#broadcast button[type=submit]");
    await admin.waitForSelector("[role=status] [data-broadcast-sent]");

    // The administrator puts the demo officer on a unit with a new address: a confirmation mail.
    await admin.goto(`${server.url}/da/staff/admin/units?country=dk`);
    await hydrated(admin);
    await Promise.all([admin.waitForURL(/\/admin\/units\/[0-9a-f-]{36}$/), admin.getByRole("link", { name: "Region Sjælland", exact: true }).click()]);
    await hydrated(admin);
    await admin.selectOption("select[name=userId]", { label: "Officer (demo) (officer@trygg.test)" });
    await admin.selectOption("select[name=role]", "deputy");
    await admin.fill("input[name=phone]", "+45 12 34 56 78");
    await admin.fill("input[name=email]", "officer.sjaelland@trygg.test");
    await admin.click("#assign-officer button[type=submit]");
    await admin.waitForSelector('[data-officer="officer.sjaelland@trygg.test"]');
    verifyToken = tokenOf(await mailLink(pages.mail, server.url, "officer.sjaelland@trygg.test", "/staff/verify-email/"));

    // A password reset is requested (the form and its answer are checked) for the demo organizer.
    const anonymous = await browser.newContext();
    const resetPage = await anonymous.newPage();
    await go(resetPage, "/da/staff/password-reset");
    await resetPage.fill("input[name=email]", demo.organizer.email);
    await resetPage.click("main form button[type=submit]");
    await resetPage.waitForSelector(".lead[role=status]");
    await sweep.check(resetPage, "sent");
    await anonymous.close();
    resetToken = tokenOf(await mailLink(pages.mail, server.url, demo.organizer.email, "/staff/password-reset/"));
    sweep.expectClean();
  });

  for (const locale of locales) {
    it(`${locale}: staff pages of the officer, administrator and organizer; status page with messages`, { timeout: 120_000 }, async () => {
      const country = countryOf[locale];

      // Officer: home (with the broadcast banner), queue, the case (after a message), sessions;
      // then the reporter's status page, which shows the officer's message.
      const officerAndReporter = async () => {
        const officer = pages.officer;
        await go(officer, `/${locale}/staff`);
        expect(await officer.locator("[data-broadcast]").count()).toBe(1);
        await go(officer, `/${locale}/staff/reports`);
        const { reference, code } = receipts[locale];
        await Promise.all([officer.waitForURL(/\/staff\/reports\/[0-9a-f-]{36}$/), officer.click(`tr[data-reference="${reference}"] a`)]);
        await sweep.check(officer, "new case");
        await officer.click('[data-action="acknowledge"]');
        await expect.poll(() => officer.getAttribute("[data-case-status]", "data-case-status"), { timeout: 10_000 }).toBe("acknowledged");
        await officer.fill("#message-text", `We have your report (${locale}).`);
        await officer.click(".case-actions form:has(#message-text) button");
        await expect.poll(() => officer.locator('[data-timeline] [data-event="message_to_reporter"]').count(), { timeout: 10_000 }).toBe(1);
        await sweep.check(officer, "acknowledged, with a message");
        await Promise.all([officer.waitForURL(/\/evidence$/), officer.click("[data-evidence-package]")]);
        await sweep.check(officer, "the evidence package");
        await go(officer, `/${locale}/staff/sessions`);
        await go(officer, `/${locale}/staff/reports?view=mine`, "a queue view");
        await go(officer, `/${locale}/staff/templates`);

        // The reporter opens the status page with reference and receipt code and sees the message.
        const reporter = pages.public;
        await go(reporter, `/${locale}/report/status`);
        await reporter.fill("input[name=reference]", reference);
        await reporter.fill("input[name=code]", code);
        await reporter.click("form#open-report button[type=submit]");
        await reporter.waitForSelector('[data-public-timeline] [data-event="message_to_reporter"]');
        await sweep.check(reporter, "with messages");
        // "Hide this case" ends the visit (the next locale's reporter starts from the empty form).
        await reporter.click("#hide-case button[type=submit]");
        await reporter.waitForSelector('[data-notice="status.hidden"]');
        await sweep.check(reporter, "hidden");
      };

      const administrator = async () => {
        const admin = pages.admin;
        await go(admin, `/${locale}/staff`);
        await go(admin, `/${locale}/staff/admin/users`);
        await go(admin, `/${locale}/staff/admin/units?country=${country}`);
        await Promise.all([admin.waitForURL(/\/admin\/units\/[0-9a-f-]{36}$/), admin.getByRole("link", { name: reportScenario[locale].party, exact: true }).click()]);
        await sweep.check(admin);
        await go(admin, `/${locale}/staff/admin/coverage?country=${country}`);
        await go(admin, `/${locale}/staff/admin/broadcasts`);
        await go(admin, `/${locale}/staff/admin/audit`);
        await go(admin, `/${locale}/staff/admin/statistics`);
      };

      // Organizer, and the public event pages.
      const events = async () => {
        const organizer = pages.organizer;
        await go(organizer, `/${locale}/staff`);
        await go(organizer, `/${locale}/staff/events`);
        await go(organizer, `/${locale}/staff/events/${eventId}`);
        expect(await organizer.locator('[data-attendee="alma@example.test"]').count()).toBe(1);

        // Public event pages and the manage page of the registration.
        const visitor = await contexts.public.newPage();
        await go(visitor, `/${locale}/events`);
        expect(await visitor.locator(`a[href="/${locale}/events/${eventId}"]`).count()).toBe(1);
        await go(visitor, `/${locale}/events/${eventId}`);
        await go(visitor, `/${locale}/events/manage/${manageToken}`);
        expect(await visitor.getAttribute("[data-manage-status]", "data-manage-status")).toBe("registered");
        // Where an attendee lands after deleting their registration.
        await go(visitor, `/${locale}/events/manage/deleted`);
        await visitor.close();
      };

      // Pages reached from mails, in a fresh context: password reset, e-mail check, invitation, enrolment.
      const fromMails = async () => {
        const fresh = await browser.newContext();
        const page = await fresh.newPage();
        await go(page, `/${locale}/staff/password-reset`);
        await go(page, `/${locale}/staff/password-reset/${resetToken}`);
        expect(await page.locator("input[name=password]").count()).toBe(1);
        await go(page, `/${locale}/staff/verify-email/${verifyToken}`);
        expect(await page.locator("main form button[type=submit]").count()).toBe(1);
        await go(page, `/${locale}/staff/invite/${inviteTokens[locale]}`);
        await page.fill("input[name=password]", `a long and private sentence ${locale}`);
        await page.fill("input[name=confirm]", `a long and private sentence ${locale}`);
        await Promise.all([page.waitForURL(new RegExp(`/${locale}/staff/enroll$`)), page.click("main form button[type=submit]")]);
        await sweep.check(page);
        const secret = await page.getAttribute("[data-totp-secret]", "data-totp-secret");
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);
        // After enrolment a new account is shown its recovery key once (sealed reports).
        await page.fill("input[name=code]", currentCode(secret!));
        await page.click("main form button[type=submit]");
        await page.waitForSelector("[data-recovery-codes]");
        await go(page, `/${locale}/staff/recovery-key`);
        await page.waitForSelector("[data-recovery-key]");
        await sweep.check(page);
        await fresh.close();
      };
      await allOf([officerAndReporter(), administrator(), events(), fromMails()]);
      sweep.expectClean();
    });
  }

  it("error states: 403, a used invitation link, and staff forms sent empty, in every locale", { timeout: 120_000 }, async () => {
    const refused = async (page: Page, path: string, note: string) => {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBeGreaterThanOrEqual(400);
      await sweep.check(page, note);
    };
    const sentEmpty = async (page: Page, path: string, form: string) => {
      await page.goto(`${server.url}${path}`);
      await hydrated(page);
      await page.click(`${form} button[type=submit]`);
      await page.waitForSelector(".error-summary");
      await sweep.check(page, "sent empty");
    };
    for (const locale of locales) {
      await refused(pages.organizer, `/${locale}/staff/admin/users`, "403");
      const fresh = await browser.newContext();
      // The invitation was used by the sweep above: its link now answers with an error page.
      await refused(await fresh.newPage(), `/${locale}/staff/invite/${inviteTokens[locale]}`, "used link");
      await fresh.close();
      await sentEmpty(pages.admin, `/${locale}/staff/admin/users`, "#invite");
      await sentEmpty(pages.admin, `/${locale}/staff/admin/broadcasts`, "#broadcast");
      await sentEmpty(pages.organizer, `/${locale}/staff/events`, "form#event");
    }
    sweep.expectClean();
  });

  it("every page route in app/routes was checked in da, sv and nb", () => {
    // Sanity: the route list is read from the folder and holds the pages we know.
    const routes = pageRouteIds();
    expect(routes).toContain("routes/$lang.report._index");
    expect(routes).not.toContain("routes/healthz");
    expect(sweep.missing()).toEqual([]);
    expect(sweep.checked).toBeGreaterThan(100);
  });
});
