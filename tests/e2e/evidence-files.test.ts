import { createHash } from "node:crypto";
import fs from "node:fs";
import exifr from "exifr";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locale } from "~/i18n/locales";
import { describeBrowser, expectNoAxeViolations, hydrated, launchBrowser, watchPage } from "./support/browser";
import { httpClient } from "./support/http-client";
import { caseIdOf, fileReport, png, reportChoices, validReport } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

// Issue #16 in the browser, per locale: a report with photos that carry their GPS position. The
// reporter is shown what each photo reveals and chooses; the officer downloads the copy without
// metadata, then the untouched original through the audited "original for the police".

type ReportStrings = typeof import("../../locales/da/report.json");
type StaffStrings = typeof import("../../locales/da/staff.json");
const reportStrings = (locale: Locale): ReportStrings => JSON.parse(fs.readFileSync(`locales/${locale}/report.json`, "utf8"));
const staffStrings = (locale: Locale): StaffStrings => JSON.parse(fs.readFileSync(`locales/${locale}/staff.json`, "utf8"));
const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? "");

const scenario: Record<Locale, { party: string; place: string }> = {
  da: { party: "Fællesskabspartiet (demo)", place: "Københavns Kommune" },
  sv: { party: "Framtidspartiet (demo)", place: "Region Stockholm" },
  nb: { party: "Fellesskapspartiet (demo)", place: "Oslo" },
};

/** A phone photo taken near Copenhagen's city hall (55.68° N, 12.57° E). */
const gpsPhoto = (make: string) =>
  sharp({ create: { width: 24, height: 16, channels: 3, background: "#c33" } })
    .jpeg()
    .withExif({ IFD0: { Make: make, Model: "Phone 9" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "55/1 40/1 48/1", GPSLongitudeRef: "E", GPSLongitude: "12/1 34/1 12/1" } })
    .toBuffer();
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describeBrowser("evidence files: the reporter reviews what photos reveal, the officer gets copies and, audited, originals", () => {
  let server: RunningServer;
  let browser: Browser;
  let officerCookie: string;
  let adminCookie: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ REPORTS_PER_IP_PER_HOUR: "1000" }), launchBrowser()]);
    const client = httpClient(server.url);
    officerCookie = await client.logIn(demo.officer, "10.78.0.1");
    adminCookie = await client.logIn(demo.administrator, "10.78.0.2");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function staffContext(cookie: string): Promise<BrowserContext> {
    const context = await browser.newContext({ acceptDownloads: true });
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return context;
  }

  /** A click that submits a form: with JavaScript the page stays, without it the browser loads the answer. */
  async function submit(page: Page, selector: string, js: boolean) {
    if (js) {
      await page.click(selector);
      return;
    }
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  }

  for (const locale of ["da", "sv", "nb"] as const) {
    // Danish without JavaScript (the form must work with plain HTML), the others with it.
    const js = locale !== "da";
    it(`${locale}: the reporter sees each photo's position and chooses; the officer downloads the copy, then the audited original`, { timeout: 120_000 }, async () => {
      const r = reportStrings(locale).files;
      const s = staffStrings(locale).files;
      const make = `Acme${locale.toUpperCase()}`;
      const home = await gpsPhoto(make);
      const street = await gpsPhoto(`${make}2`);

      const reporterContext = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 320, height: 800 } });
      const reporter = await reporterContext.newPage();
      const problems = watchPage(reporter, server.url);
      await reporter.goto(`${server.url}/${locale}/report`);
      if (js) await hydrated(reporter);
      await reporter.check("#report-role-candidate");
      await reporter.selectOption("select[name=party]", { label: scenario[locale].party });
      await reporter.selectOption("select[name=place]", { label: scenario[locale].place });
      await reporter.check("#report-level-5");
      await reporter.fill("input[name=when]", new Date().toISOString().slice(0, 10));
      await reporter.fill("textarea[name=description]", `Someone photographed my house and the street (${locale}).`);
      await reporter.check("#report-policeTold-no");
      await reporter.check("#report-contactMethod-anonymous");
      await reporter.check("input[name=consent]");
      await reporter.setInputFiles("input[name=attachments]", [
        { name: "home.jpg", mimeType: "image/jpeg", buffer: home },
        { name: "street.jpg", mimeType: "image/jpeg", buffer: street },
        { name: "screenshot.png", mimeType: "image/png", buffer: png },
      ]);
      await submit(reporter, "form#report button[type=submit]", js);

      // Not filed: the review step, with what each photo reveals in plain words; the screenshot had nothing.
      const review = reporter.locator("[data-file-review]");
      await review.waitFor();
      expect(await reporter.locator("[data-reference]").count()).toBe(0);
      expect(await reporter.locator("[data-review-file]").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-review-file")))).toEqual(["home.jpg", "street.jpg"]);
      const near = fill(r.findings.near, { latitude: "55.68", north: r.findings.north, longitude: "12.57", east: r.findings.east });
      const homeBox = reporter.locator('[data-review-file="home.jpg"]');
      expect(await homeBox.locator("legend").textContent()).toBe(fill(r.review.legend, { name: "home.jpg" }));
      expect(await homeBox.locator('[data-finding="gps"]').textContent()).toBe(fill(r.findings.gps, { place: near }));
      expect(await homeBox.locator('[data-finding="device"]').textContent()).toBe(fill(r.findings.device, { device: `${make} Phone 9` }));
      expect(await reporter.locator(".error-summary").textContent()).toContain(r.review.needed);
      expect(await reporter.locator("[data-kept-file]").count()).toBe(3);
      // At 320 px the review fits without sideways scrolling.
      expect(await reporter.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      if (js) await expectNoAxeViolations(reporter);

      await homeBox.getByLabel(r.review.copy, { exact: true }).check();
      await reporter.locator('[data-review-file="street.jpg"]').getByLabel(r.review.original, { exact: true }).check();
      // The form came back with its answers; the consent box is asked again, as after any failed try.
      if (!(await reporter.isChecked("input[name=consent]"))) await reporter.check("input[name=consent]");
      await submit(reporter, "form#report button[type=submit]", js);
      await reporter.locator("[data-reference]").waitFor();
      const reference = (await reporter.textContent("[data-reference]"))!.trim();
      expect(reference).toMatch(/^TRG-/);
      // The review step answers 400 like any try that files nothing (Chromium logs that); nothing else.
      expect(problems.filter((problem) => !problem.includes("status of 400"))).toEqual([]);
      await reporterContext.close();

      // The officer: every file is listed with the SHA-256 of what was uploaded.
      const officerContext = await staffContext(officerCookie);
      const officer = await officerContext.newPage();
      await officer.goto(`${server.url}/${locale}/staff/reports`);
      await officer.click(`tr[data-reference="${reference}"] a`);
      await officer.waitForURL(/\/staff\/reports\/[0-9a-f-]{36}$/);
      const item = (name: string) => officer.locator("[data-attachments] > li", { has: officer.locator(`a:text-is("${name}")`) });
      expect(await officer.locator("[data-attachments] > li").count()).toBe(3);
      expect(await item("home.jpg").locator("[data-sha256]").textContent()).toBe(sha256(home));
      expect(await item("street.jpg").locator("[data-sha256]").textContent()).toBe(sha256(street));
      expect(await item("screenshot.png").locator("[data-sha256]").textContent()).toBe(sha256(png));
      // The copy the reporter chose: the kinds found, not the place; no original to get.
      expect(await item("home.jpg").locator('[data-finding="gps"]').textContent()).toBe(s.findings.gpsRemoved);
      expect(await item("home.jpg").locator("[data-original-form]").count()).toBe(0);
      expect(await item("home.jpg").locator("[data-no-original]").textContent()).toBe(s.noOriginal);
      // The original the reporter kept for the police: what it says, and the form to get it.
      expect(await item("street.jpg").locator('[data-finding="gps"]').textContent()).toBe(fill(s.findings.gps, { place: near }));
      await expectNoAxeViolations(officer);

      // The link downloads the copy: a JPEG without the position or the phone.
      const streetHref = (await item("street.jpg").locator("a").first().getAttribute("href"))!;
      const copy = Buffer.from(await (await officer.request.get(`${server.url}${streetHref}`)).body());
      expect((await sharp(copy).metadata()).format).toBe("jpeg");
      expect(await exifr.gps(copy)).toBeUndefined();
      expect(copy.includes(Buffer.from(make))).toBe(false);
      const homeHref = (await item("home.jpg").locator("a").first().getAttribute("href"))!;
      expect(await exifr.gps(Buffer.from(await (await officer.request.get(`${server.url}${homeHref}`)).body()))).toBeUndefined();

      // Without the confirmation nothing is released.
      const unconfirmed = await officer.request.post(`${server.url}${streetHref}`, { form: { intent: "original" }, headers: { Origin: server.url } });
      expect(unconfirmed.status()).toBe(400);
      expect(await unconfirmed.text()).toBe(s.original.confirmMissing);
      // The home photo's original was never kept.
      expect((await officer.request.post(`${server.url}${homeHref}`, { form: { intent: "original", confirm: "yes" }, headers: { Origin: server.url } })).status()).toBe(404);

      // The original for the police, by the page's own form: the bytes as uploaded, position and all.
      await item("street.jpg").getByLabel(s.original.confirm, { exact: true }).check();
      const [download] = await Promise.all([officer.waitForEvent("download"), item("street.jpg").getByRole("button", { name: s.original.button }).click()]);
      const original = fs.readFileSync((await download.path())!);
      expect(original.equals(street)).toBe(true);
      expect(sha256(original)).toBe(await item("street.jpg").locator("[data-sha256]").textContent());
      expect((await exifr.gps(original))?.latitude).toBeCloseTo(55.68, 2);
      await officerContext.close();

      // Audited as the original's release, apart from the ordinary downloads.
      const audit = await httpClient(server.url).get(`/${locale}/staff/admin/audit?action=report.attachment-original-downloaded`, { cookie: adminCookie });
      expect(audit.status).toBe(200);
      expect((audit.html.match(/data-action="report\.attachment-original-downloaded"/g) ?? []).length).toBe(["da", "sv", "nb"].indexOf(locale) + 1);
    });
  }

  it("da, without JavaScript: a photo added later on the status page is reviewed the same way before it is sent", { timeout: 120_000 }, async () => {
    const r = reportStrings("da");
    const client = httpClient(server.url);
    const { reference, code } = await fileReport(client, validReport(await reportChoices(client)));
    const context = await browser.newContext({ javaScriptEnabled: false });
    const reporter = await context.newPage();
    await reporter.goto(`${server.url}/da/report/status`);
    await reporter.fill("input[name=reference]", reference);
    await reporter.fill("input[name=code]", code);
    await Promise.all([reporter.waitForNavigation(), reporter.click("form:has(input[name=code]) button[type=submit]")]);
    await reporter.fill("textarea[name=message]", "Here is a photo of the car outside my house.");
    await reporter.setInputFiles("#reply-attachments", { name: "car.jpg", mimeType: "image/jpeg", buffer: await gpsPhoto("AcmeLater") });
    await Promise.all([reporter.waitForNavigation(), reporter.click("form:has(#reply-attachments) button[type=submit]")]);

    // Held for the review: nothing sent yet, the photo's position shown, the text kept.
    const box = reporter.locator('[data-review-file="car.jpg"]');
    await box.waitFor();
    expect(await box.locator('[data-finding="gps"]').textContent()).toBe(
      fill(r.files.findings.gps, { place: fill(r.files.findings.near, { latitude: "55.68", north: r.files.findings.north, longitude: "12.57", east: r.files.findings.east }) }),
    );
    expect(await reporter.inputValue("textarea[name=message]")).toBe("Here is a photo of the car outside my house.");
    expect(await reporter.locator('[data-public-timeline] [data-event="attachment_added"]').count()).toBe(0);
    await box.getByLabel(r.files.review.copy, { exact: true }).check();
    await Promise.all([reporter.waitForNavigation(), reporter.click("form:has(#reply-attachments) button[type=submit]")]);
    await expect.poll(() => reporter.locator('[data-public-timeline] [data-event="attachment_added"]').count()).toBe(1);
    expect(await reporter.locator("[data-file-review]").count()).toBe(0);
    await context.close();

    // The officer gets only the copy: no original was kept.
    const caseId = await caseIdOf(client, officerCookie, reference);
    const html = (await client.get(`/da/staff/reports/${caseId}`, { cookie: officerCookie })).html;
    expect(html).toContain("car.jpg");
    expect(html).toContain("data-no-original");
    expect(html).not.toContain("data-original-form");
  });
});
