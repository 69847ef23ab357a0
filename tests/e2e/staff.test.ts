import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, expectNoAxeViolations, hydrated, launchBrowser, watchPage } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";
import { currentCode, demo, logIn } from "./support/staff";

describeBrowser("staff accounts in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let adminContext: BrowserContext;
  let officerContext: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ JOB_INTERVAL_MS: "100" }), launchBrowser()]);
    adminContext = await browser.newContext();
    officerContext = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an administrator invites an officer, who enrolls TOTP, logs in, sees the broadcast and marks it read", async () => {
    const admin = await adminContext.newPage();
    const adminProblems = watchPage(admin, server.url);
    await logIn(admin, server.url, demo.administrator);
    await expectNoAxeViolations(admin);

    // Invite.
    await admin.goto(`${server.url}/da/staff/admin/users`);
    await hydrated(admin);
    await expectNoAxeViolations(admin);
    await admin.fill("#invite-email", "nina.nord@trygg.test");
    await admin.fill("#invite-name", "Nina Nord");
    await admin.check("#invite-roles-officer");
    await admin.selectOption("#invite-locale", "da");
    await admin.click("#invite button[type=submit]");
    await admin.waitForSelector("text=Invitationen er sendt.");

    // The officer reads the invitation in the dev outbox and follows its link.
    const officer = await officerContext.newPage();
    const officerProblems = watchPage(officer, server.url);
    await officer.goto(`${server.url}/dev/outbox`);
    await hydrated(officer);
    await officer.click('tr[data-mail-to="nina.nord@trygg.test"][data-mail-template="invite"] a');
    const inviteLink = await officer.getAttribute("[data-mail-links] a", "href");
    expect(inviteLink).toMatch(/\/da\/staff\/invite\/[a-z2-7]{32}$/);
    await officer.goto(inviteLink!);
    await hydrated(officer);
    await expectNoAxeViolations(officer);

    // A common password is refused with a field error first.
    await officer.fill("input[name=password]", "password1234");
    await officer.fill("input[name=confirm]", "password1234");
    await officer.click("main form button[type=submit]");
    await officer.waitForSelector(".error-summary");
    expect(await officer.getAttribute("input[name=password]", "aria-invalid")).toBe("true");

    await officer.fill("input[name=password]", "a long and private sentence");
    await officer.fill("input[name=confirm]", "a long and private sentence");
    await Promise.all([officer.waitForURL(/\/da\/staff\/enroll$/), officer.click("main form button[type=submit]")]);
    await hydrated(officer);
    await expectNoAxeViolations(officer);

    // Enroll TOTP with the secret shown on the page (an app would scan the QR code).
    const secret = await officer.getAttribute("[data-totp-secret]", "data-totp-secret");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await officer.fill("input[name=code]", currentCode(secret!));
    await officer.click("main form button[type=submit]");
    await officer.waitForSelector("[data-recovery-codes]");
    expect(await officer.locator("[data-recovery-codes] li").count()).toBe(10);
    // A new account's recovery key (sealed reports) is shown once, before any staff page.
    await Promise.all([officer.waitForURL(/\/da\/staff\/recovery-key$/), officer.click("main a.button")]);
    await hydrated(officer);
    expect(await officer.textContent("[data-recovery-key]")).toMatch(/^([A-Z2-7]{4}-){12}[A-Z2-7]{4}$/);
    await expectNoAxeViolations(officer);
    await officer.check("#kept");
    await Promise.all([officer.waitForURL(/\/da\/staff$/), officer.click("main form button[type=submit]")]);
    await hydrated(officer);

    // Log out, and in again with password and a (new) code.
    await officer.click(".staff-nav button[type=submit]");
    await officer.waitForURL(/\/da\/staff\/login$/);
    await hydrated(officer);
    await officer.goto(`${server.url}/da/staff`);
    await hydrated(officer);
    await officer.waitForURL(/\/da\/staff\/login/);
    await hydrated(officer);
    await officer.fill("input[name=email]", "nina.nord@trygg.test");
    await officer.fill("input[name=password]", "a long and private sentence");
    await Promise.all([officer.waitForURL(/two-factor/), officer.click("main form button[type=submit]")]);
    await hydrated(officer);
    await officer.fill("input[name=code]", currentCode(secret!, 1));
    await Promise.all([officer.waitForURL(/\/da\/staff$/), officer.click("main form button[type=submit]")]);
    await hydrated(officer);

    // The administrator broadcasts a notice.
    await admin.goto(`${server.url}/da/staff/admin/broadcasts`);
    await hydrated(admin);
    // To Denmark (the Danish page's default): the demo officer serves Danish units, Nina (not yet on a unit) reads Danish.
    await admin.fill("input[name=titleDa]", "Valgsystemet er nede");
    await admin.fill("textarea[name=bodyDa]", "Følg papirproceduren, indtil I hører fra os igen.");
    await admin.click("#broadcast button[type=submit]");
    await admin.waitForSelector("text=Beskeden er sendt til 2 sikkerhedsansvarlige.");
    await expectNoAxeViolations(admin);

    // The officer sees it as a banner, by mail, and marks it read.
    await officer.goto(`${server.url}/da/staff`);
    await hydrated(officer);
    const banner = officer.locator("[data-broadcast]");
    await expect.poll(() => banner.count()).toBe(1);
    expect(await banner.locator("h2").textContent()).toBe("Valgsystemet er nede");
    await expectNoAxeViolations(officer);
    await banner.locator("button").click();
    await expect.poll(() => officer.locator("[data-broadcast]").count()).toBe(0);
    await officer.reload();
    await hydrated(officer);
    expect(await officer.locator("[data-broadcast]").count()).toBe(0);
    await officer.goto(`${server.url}/dev/outbox`);
    await hydrated(officer);
    expect(await officer.locator('tr[data-mail-to="nina.nord@trygg.test"][data-mail-template="broadcast"]').count()).toBe(1);

    // The administrator sees who has read it.
    await admin.goto(`${server.url}/da/staff/admin/broadcasts`);
    await hydrated(admin);
    expect(await admin.getAttribute('[data-reader="Nina Nord"]', "data-read")).toBe("yes");
    expect(await admin.getAttribute('[data-reader="Officer (demo)"]', "data-read")).toBe("no");
    expect(adminProblems).toEqual([]);
    expect(officerProblems).toEqual([]);
  });

  it("an administrator assigns the officer to a unit; e-mail, call and SMS confirmed make the unit covered", async () => {
    const admin = await adminContext.newPage();
    await admin.goto(`${server.url}/da/staff/admin/units?country=dk`);
    await hydrated(admin);
    await expectNoAxeViolations(admin);
    await admin.click("text=Region Sjælland");
    await admin.waitForURL(/\/admin\/units\/[0-9a-f-]{36}$/);
    await hydrated(admin);
    const unitUrl = admin.url();
    await admin.selectOption("select[name=userId]", { label: "Nina Nord (nina.nord@trygg.test)" });
    await admin.selectOption("select[name=role]", "primary");
    await admin.fill("input[name=phone]", "+45 12 34 56 78");
    await admin.fill("input[name=email]", "nina.nord@trygg.test");
    await admin.click("#assign-officer button[type=submit]");
    await admin.waitForSelector('[data-officer="nina.nord@trygg.test"]');
    await expectNoAxeViolations(admin);

    // The coverage page lists the unit as not yet verified.
    await admin.goto(`${server.url}/da/staff/admin/coverage?country=dk&status=unverified`);
    await hydrated(admin);
    expect(await admin.locator("[data-coverage-table] tbody tr", { hasText: "Region Sjælland" }).count()).toBe(1);
    // This server has no escrow key: units whose key only one person holds are named (the demo party's).
    expect(await admin.locator("[data-single-holder] li").allTextContents()).toContain("Fællesskabspartiet (demo)");
    await expectNoAxeViolations(admin);

    // The officer confirms the e-mail address from the mail.
    const officer = await officerContext.newPage();
    await officer.goto(`${server.url}/dev/outbox`);
    await hydrated(officer);
    await officer.click('tr[data-mail-to="nina.nord@trygg.test"][data-mail-template="officerEmail"] a');
    await officer.goto((await officer.getAttribute("[data-mail-links] a", "href"))!);
    await hydrated(officer);
    await officer.click("main form button[type=submit]");
    await officer.waitForSelector("text=Din e-mailadresse er bekræftet.");

    // The administrator records the call and the SMS.
    await admin.goto(unitUrl);
    await hydrated(admin);
    const card = admin.locator('[data-officer="nina.nord@trygg.test"]');
    await card.locator("button", { hasText: "Bekræftet ved opkald" }).click();
    await admin.waitForSelector("text=Telefon bekræftet ved opkald");
    await admin.locator('[data-officer="nina.nord@trygg.test"] button', { hasText: "Bekræftet ved sms" }).click();
    await admin.waitForSelector("text=Telefon bekræftet ved sms");

    await admin.goto(`${server.url}/da/staff/admin/coverage?country=dk&status=verified`);
    await hydrated(admin);
    expect(await admin.locator("[data-coverage-table] tbody tr", { hasText: "Region Sjælland" }).count()).toBe(1);

    // A deadline shows the days left, and the CSV holds the same rows.
    await admin.goto(`${server.url}/da/staff/admin/coverage?country=dk`);
    await hydrated(admin);
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await admin.fill("#deadline-dk", inTenDays);
    await admin.locator('[data-coverage-country="dk"] button').click();
    await expect.poll(() => admin.getAttribute('[data-coverage-country="dk"] [data-days-left]', "data-days-left")).toMatch(/^(9|10)$/);
    const csv = await admin.evaluate(async (url) => (await fetch(url)).text(), `${server.url}/da/staff/admin/coverage.csv?country=dk`);
    expect(csv).toContain("Navn,Type,Land,Status");
    expect(csv).toContain("Region Nordjylland");
    expect(csv).not.toContain("Region Sjælland"); // verified units are not gaps

    // Every step is in the audit log.
    await admin.goto(`${server.url}/da/staff/admin/audit`);
    await hydrated(admin);
    const actions = await admin.locator("[data-audit-table] tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
    for (const action of ["user.invited", "user.totp-enrolled", "broadcast.sent", "unit.officer-assigned", "unit.officer-email-verified", "unit.officer-phone-verified-call", "unit.officer-phone-verified-sms", "login.succeeded"]) {
      expect(actions).toContain(action);
    }
    await expectNoAxeViolations(admin);
  });

  it("an organizer cannot open administrator pages", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, server.url, demo.organizer);
    for (const path of ["/da/staff/admin/users", "/da/staff/admin/units", "/da/staff/admin/coverage", "/da/staff/admin/coverage.csv", "/da/staff/admin/broadcasts", "/da/staff/admin/audit"]) {
      const response = await page.request.get(`${server.url}${path}`);
      expect(response.status(), path).toBe(403);
    }
    const response = await page.goto(`${server.url}/da/staff/admin/users`);
    expect(response?.status()).toBe(403);
    expect(await page.textContent("h1")).toBe("Ingen adgang");
    // The forbidden action cannot be posted either.
    const post = await page.request.post(`${server.url}/da/staff/admin/users`, {
      form: { intent: "invite", email: "x@trygg.test", name: "X", roles: "administrator", locale: "da" },
      headers: { Origin: server.url },
    });
    expect(post.status()).toBe(403);
    await context.close();
  });
});
