import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser } from "./support/browser";
import { png } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo, logIn } from "./support/staff";

// Issue #13 defect 5: a failed submit keeps its files for the retry, without JavaScript too.

// A one-page PDF (issue #16: pdf-lib must load it and find its pages, or it is refused).
const pdf = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

describeBrowser("files kept after a failed report submit, JavaScript off, in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ REPORTS_PER_IP_PER_HOUR: "1000" }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Submits with a real click and waits for the full page load the browser does without JS. */
  async function submit(page: Page) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click("form#report button[type=submit]")]);
    return response?.status();
  }

  it("a PNG and a PDF survive a missing description; one is left out; the report holds exactly the other", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const reporter = await context.newPage();
    await reporter.goto(`${server.url}/da/report`);
    expect(await reporter.getAttribute("html", "data-hydrated")).toBeNull();
    const oneTimeKey = await reporter.inputValue("input[name=idempotencyKey]");
    await reporter.check("#report-role-candidate");
    await reporter.selectOption("select[name=party]", { label: "Fællesskabspartiet (demo)" });
    await reporter.selectOption("select[name=place]", { label: "Københavns Kommune" });
    await reporter.check("#report-level-3");
    await reporter.fill("input[name=when]", new Date().toISOString().slice(0, 10));
    await reporter.check("#report-policeTold-no");
    await reporter.check("#report-contactMethod-anonymous");
    await reporter.check("input[name=consent]");
    await reporter.setInputFiles("input[name=attachments]", [
      { name: "photo.png", mimeType: "image/png", buffer: png },
      { name: "police.pdf", mimeType: "application/pdf", buffer: pdf },
    ]);
    // The description is left empty.
    expect(await submit(reporter)).toBe(400);
    expect(await reporter.locator(".error-summary a").evaluateAll((links) => links.map((link) => link.getAttribute("href")))).toContain("#report-description");
    expect(await reporter.locator("[data-kept-file]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-kept-file")))).toEqual(["photo.png", "police.pdf"]);
    expect(await reporter.textContent("[data-kept-files] legend")).toBe("Gemt fra dit sidste forsøg: photo.png, police.pdf");
    // The same form: its one-time key is kept, and the file field is there for more.
    expect(await reporter.inputValue("input[name=idempotencyKey]")).toBe(oneTimeKey);
    expect(await reporter.locator("input[name=attachments]").count()).toBe(1);

    await reporter.fill("textarea[name=description]", "Someone photographed my house and sent me the pictures.");
    await reporter.check("input[name=consent]");
    await reporter.getByLabel("Fjern police.pdf", { exact: true }).check();
    expect(await submit(reporter)).toBe(200);
    const reference = (await reporter.textContent("[data-reference]"))!.trim();
    expect(reference).toMatch(/^TRG-/);
    await context.close();

    // The party's officer sees exactly the one file that was kept, with its bytes.
    const officerContext = await browser.newContext();
    const officer = await officerContext.newPage();
    await logIn(officer, server.url, demo.officer);
    await officer.goto(`${server.url}/da/staff/reports`);
    await officer.click(`tr[data-reference="${reference}"] a`);
    await officer.waitForURL(/\/staff\/reports\/[0-9a-f-]{36}$/);
    expect(await officer.locator("[data-attachments] li").count()).toBe(1);
    expect(await officer.textContent("[data-attachments] a")).toBe("photo.png");
    const download = await officer.request.get(`${server.url}${await officer.getAttribute("[data-attachments] a", "href")}`);
    // The link serves the copy without metadata (issue #16); the original, untouched, only by the audited POST.
    expect(Buffer.from(await download.body()).subarray(0, 8).equals(png.subarray(0, 8))).toBe(true);
    const original = await officer.request.post(`${server.url}${await officer.getAttribute("[data-attachments] a", "href")}`, { form: { intent: "original", confirm: "yes" }, headers: { Origin: server.url } });
    expect(Buffer.from(await original.body()).equals(png)).toBe(true);
    await officerContext.close();
  });
});
