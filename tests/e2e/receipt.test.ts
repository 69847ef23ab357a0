// The receipt on a phone, as a frightened person gets it: the reference and the code are shown
// once and must be copied exactly. They stay unbroken (one line at 390 and 320 px, breaks only
// between groups when the text is larger), copy buttons put the exact value on the clipboard, the
// printed card carries what the reporter needs, and leaving asks first until the reporter says the
// receipt is kept — except quick exit, which never asks. Screenshots of the receipt at 390 px in
// each locale are written to test-results/receipt/ (not committed).
// Layout and browser behaviour only: this file runs on PGlite only (skipped in the PostgreSQL pass).
import fs from "node:fs";
import type { Browser, Dialog, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locales, type Locale } from "~/i18n/locales";
import { describeBrowser, hydrated, launchBrowser } from "./support/browser";
import { startExitPage, type ExitPage } from "./support/exit-page";
import { httpClient } from "./support/http-client";
import { reportChoices } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";

const describeOnce = process.env.DATABASE_URL ? describe.skip : describeBrowser;
const screenshots = "test-results/receipt";
const strings = Object.fromEntries(locales.map((locale) => [locale, JSON.parse(fs.readFileSync(`locales/${locale}/report.json`, "utf8")).receipt])) as Record<
  Locale,
  Record<string, string>
>;
const referencePattern = /^TRG-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
const codePattern = /^[A-Z0-9]{4}(-[A-Z0-9]{4}){4}$/;
let clients = 0;

/** How a value lies on the screen: its text, what selecting it copies, its lines, and whether any group broke. */
async function layoutOf(page: Page, selector: string) {
  return page.locator(selector).evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const tops: number[] = [];
    for (const rect of range.getClientRects()) {
      if (rect.width === 0) continue;
      if (!tops.some((top) => Math.abs(top - rect.top) < 2)) tops.push(rect.top);
    }
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    const selected = selection.toString();
    selection.removeAllRanges();
    const groups = [...element.querySelectorAll(".receipt-value__group")];
    return {
      text: element.textContent,
      selected,
      lines: tops.length,
      groups: groups.length,
      brokenGroups: groups.filter((group) => group.getClientRects().length !== 1).map((group) => group.textContent),
    };
  });
}

describeOnce("the receipt", () => {
  let server: RunningServer;
  let browser: Browser;
  let exitPage: ExitPage;
  let choices: { party: string; place: string };
  beforeAll(async () => {
    exitPage = await startExitPage();
    [server, browser] = await Promise.all([startServer(exitPage.env), launchBrowser()]);
    choices = await reportChoices(httpClient(server.url));
    fs.mkdirSync(screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await exitPage?.close();
  });

  async function phone(width: number, options: { javaScript?: boolean; clipboard?: boolean } = {}) {
    const context = await browser.newContext({
      viewport: { width, height: 740 },
      javaScriptEnabled: options.javaScript ?? true,
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 1,
      extraHTTPHeaders: { "X-Forwarded-For": `198.51.100.${++clients}` },
    });
    if (options.clipboard) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    return { context, page: await context.newPage() };
  }

  /** Fills in and sends the report form as a person does (taps and typing), and waits for the receipt. */
  async function fileReport(page: Page, locale: Locale, options: { javaScript?: boolean } = {}) {
    // The country comes from the address, as the form's country step gives it without JavaScript
    // (an nb page would otherwise list Norway's parties, and the choices are Danish).
    await page.goto(`${server.url}/${locale}/report?country=dk`);
    if (options.javaScript ?? true) await hydrated(page);
    expect(await page.locator("select[name=country]").inputValue()).toBe("dk");
    await page.selectOption("select[name=party]", choices.party);
    await page.selectOption("select[name=place]", choices.place);
    await page.check("input[name=role][value=candidate]");
    await page.check("input[name=level][value='2']");
    await page.fill("input[name=when]", new Date().toISOString().slice(0, 10));
    await page.fill("textarea[name=description]", "Threatening text messages every night this week.");
    await page.check("input[name=policeTold][value=no]");
    await page.check("input[name=contactMethod][value=anonymous]");
    await page.check("input[name=consent]");
    await page.click("form#report button[type=submit]");
    await page.waitForSelector("[data-receipt-code]");
    return {
      reference: (await page.getAttribute("[data-reference]", "data-reference"))!,
      code: (await page.getAttribute("[data-receipt-code]", "data-receipt-code"))!,
    };
  }

  it.each(locales)("in %s, reference and code each render on one line at 390 and 320 px, and break only between groups", async (locale) => {
    const { context, page } = await phone(390);
    const { reference, code } = await fileReport(page, locale);
    expect(reference).toMatch(referencePattern);
    expect(code).toMatch(codePattern);
    await page.screenshot({ path: `${screenshots}/receipt-${locale}-390.png`, fullPage: true });
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 740 });
      for (const [selector, value, groups] of [
        ["[data-reference]", reference, 3],
        ["[data-receipt-code]", code, 5],
      ] as const) {
        // The text, and what selecting and copying it gives, is exactly the value: no spaces, no breaks.
        expect(await layoutOf(page, selector), `${selector} at ${width} px`).toEqual({ text: value, selected: value, lines: 1, groups, brokenGroups: [] });
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `sideways scroll at ${width} px`).toBe(0);
    }
    await page.screenshot({ path: `${screenshots}/receipt-${locale}-320.png`, fullPage: true });
    // Text made twice as large (a reader's setting): the code now needs two lines, and breaks between groups only.
    // (Through the CSSOM: the page's CSP refuses a style tag.)
    await page.evaluate(() => document.documentElement.style.setProperty("font-size", "225%", "important"));
    const large = await layoutOf(page, "[data-receipt-code]");
    expect(large.lines).toBeGreaterThan(1);
    expect(large.brokenGroups).toEqual([]);
    expect(large.selected).toBe(code);
    await context.close();
  });

  it("copy buttons put the exact reference and code on the clipboard and say so; a refused clipboard says to copy by hand", async () => {
    const { context, page } = await phone(390, { clipboard: true });
    const { reference, code } = await fileReport(page, "sv");
    await page.click(`button:text-is("${strings.sv.copyCode}")`);
    await expect.poll(() => page.textContent("[data-copy-status]")).toBe(strings.sv.copiedCode);
    expect(await page.getAttribute("[data-copy-status]", "role")).toBe("status");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await page.click(`button:text-is("${strings.sv.copyReference}")`);
    await expect.poll(() => page.textContent("[data-copy-status]")).toBe(strings.sv.copiedReference);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reference);
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
    });
    await page.click(`button:text-is("${strings.sv.copyCode}")`);
    await expect.poll(() => page.textContent("[data-copy-status]")).toBe(strings.sv.copyFailed);
    await context.close();
  });

  it("without JavaScript the card is on the page, with a hint to use the browser's print, and no copy buttons", async () => {
    const { context, page } = await phone(390, { javaScript: false });
    const { reference, code } = await fileReport(page, "nb", { javaScript: false });
    expect(await page.textContent("[data-receipt-card] [data-reference]")).toBe(reference);
    expect(await page.textContent("[data-receipt-card] [data-receipt-code]")).toBe(code);
    expect((await page.textContent("[data-receipt-print-hint]"))?.trim()).toBe(strings.nb.printHint);
    expect(await page.locator(".copy-button, [data-receipt-print]").count()).toBe(0);
    await context.close();
  });

  it("prints as one page: the card with site name, reference, code, status address and the incident country's numbers, nothing else", async () => {
    const { context, page } = await phone(390);
    const { reference, code } = await fileReport(page, "sv");
    expect(await page.isVisible("[data-receipt-print]")).toBe(true);
    await page.emulateMedia({ media: "print" });
    const card = page.locator("[data-receipt-card]");
    expect(await card.isVisible()).toBe(true);
    const printed = await card.innerText();
    expect(printed).toContain("Trygg");
    expect(printed).toContain(reference);
    expect(printed).toContain(code);
    expect(await page.textContent("[data-receipt-status-url]")).toBe(`${server.url}/sv/report/status`);
    // The incident was in Denmark: Danish numbers on a Swedish page.
    expect(await page.textContent("[data-card-emergency]")).toBe("112");
    expect(await page.textContent("[data-card-police]")).toBe("114");
    for (const hidden of [".site-header", ".site-nav", "nav", ".emergency-strip", ".site-footer", ".receipt h1", "[data-receipt-saved]", "[data-receipt-next]", "[data-receipt-print]", ".copy-button"]) {
      expect(await page.locator(hidden).first().isVisible(), `${hidden} in print`).toBe(false);
    }
    // Only the card is printed: the whole printed text is the card's.
    expect((await page.locator("body").innerText()).trim()).toBe(printed.trim());
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length).toBe(1);
    await context.close();
  });

  /** Every dialog the page opens, dismissed ("stay on the page"). */
  function recordDialogs(page: Page) {
    const seen: string[] = [];
    page.on("dialog", (dialog: Dialog) => {
      seen.push(dialog.type());
      void dialog.dismiss();
    });
    return seen;
  }

  it("until the reporter ticks that it is saved, reloading, following a link or a client navigation asks first; after, nothing asks", async () => {
    const { context, page } = await phone(390);
    const { code } = await fileReport(page, "da");
    const dialogs = recordDialogs(page);
    // Reload: the browser's own "leave this page?" prompt; staying keeps the receipt.
    void page.evaluate(() => location.reload()).catch(() => {});
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toBe("beforeunload");
    expect(await page.getAttribute("[data-receipt-code]", "data-receipt-code")).toBe(code);
    // A link in the site (a plain link: a page load).
    void page.click(".main-nav a[href='/da/guidance']").catch(() => {});
    await expect.poll(() => dialogs.length).toBe(2);
    expect(dialogs[1]).toBe("beforeunload");
    expect(new URL(page.url()).pathname).toBe("/da/report");
    // A Remix client navigation asks with the receipt's own question.
    const question = page.waitForEvent("dialog");
    void page.evaluate(() => (window as unknown as { __remixRouter: { navigate: (to: string) => void } }).__remixRouter.navigate("/da/guidance"));
    expect((await question).message()).toBe(strings.da.leaveConfirm);
    await expect.poll(() => dialogs.length).toBe(3);
    expect(dialogs[2]).toBe("confirm");
    expect(await page.getAttribute("[data-receipt-code]", "data-receipt-code")).toBe(code);
    // Saved: leaving is free.
    await page.check("[data-receipt-saved]");
    await Promise.all([page.waitForURL(`${server.url}/da/guidance`), page.click(".main-nav a[href='/da/guidance']")]);
    expect(dialogs).toHaveLength(3);
    await context.close();
  });

  async function quickExitNeverAsks(how: (page: Page) => Promise<void>) {
    const { context, page } = await phone(390);
    await fileReport(page, "nb");
    const dialogs = recordDialogs(page);
    await how(page);
    await page.waitForURL(exitPage.urls.no);
    expect(dialogs).toEqual([]);
    await context.close();
  }

  it("quick exit from an unsaved receipt leaves at once, without a prompt: the button", async () => {
    await quickExitNeverAsks((page) => page.click("[data-quick-exit]"));
  });

  it("quick exit from an unsaved receipt leaves at once, without a prompt: three taps of Shift", async () => {
    await quickExitNeverAsks(async (page) => {
      for (let tap = 0; tap < 3; tap++) await page.keyboard.press("Shift");
    });
  });
});

