// The public pages on a phone, as a frightened person meets them: at 390 px and 320 px nothing
// scrolls sideways, the quick exit is in view at the top, middle and bottom of every page, touch
// targets are at least 24 × 24 px (WCAG 2.2), and typing capitals never fires the quick exit.
// Layout does not depend on the database: this file runs on PGlite only (skipped in the
// PostgreSQL pass of .ci/run).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locales, type Locale } from "~/i18n/locales";
import { describeBrowser, hydrated, launchBrowser } from "./support/browser";
import { startExitPage, type ExitPage } from "./support/exit-page";
import { httpClient } from "./support/http-client";
import { caseIdOf, reportChoices, validReport } from "./support/scenario";
import { demo } from "./support/staff";
import { startServer, type RunningServer } from "./support/server";

const neutralSites = /^https:\/\/www\.(dmi\.dk|smhi\.se|yr\.no)\//;
const widths = [390, 320];
let clients = 0;
const describeOnce = process.env.DATABASE_URL ? describe.skip : describeBrowser;

/** Every way the page fails a phone, as readable strings (empty when it is fine). */
async function phoneProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const overflow = await page.evaluate(
    () =>
      document.documentElement.scrollWidth -
      document.documentElement.clientWidth
  );
  if (overflow > 0) {
    const wide = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      return [...document.querySelectorAll("body *")]
        .filter(
          (element) => element.getBoundingClientRect().right > limit + 0.5
        )
        .slice(0, 3)
        .map(
          (element) => `${element.tagName.toLowerCase()}.${element.className}`
        );
    });
    problems.push(`scrolls sideways by ${overflow} px (${wide.join(", ")})`);
  }
  for (const where of ["top", "middle", "bottom"] as const) {
    await page.evaluate((at) => {
      const max = document.documentElement.scrollHeight - window.innerHeight;
      window.scrollTo(0, at === "top" ? 0 : at === "middle" ? max / 2 : max);
    }, where);
    const exit = await page.evaluate(() => {
      const link = document.querySelector("[data-quick-exit]");
      if (!link) return "missing";
      const box = link.getBoundingClientRect();
      if (
        box.top < 0 ||
        box.bottom > window.innerHeight ||
        box.left < 0 ||
        box.right > document.documentElement.clientWidth
      )
        return `outside the screen (${Math.round(box.top)}..${Math.round(
          box.bottom
        )})`;
      const hit = document.elementFromPoint(
        box.left + box.width / 2,
        box.top + box.height / 2
      );
      return hit && link.contains(hit) ? "" : `covered by ${hit?.tagName}`;
    });
    if (exit) problems.push(`quick exit at the ${where}: ${exit}`);
  }
  const small = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        "button, input:not([type=hidden]), select, textarea, summary, [data-quick-exit], nav a, .button"
      ),
    ]
      .filter(
        (element) =>
          element.offsetParent !== null ||
          getComputedStyle(element).position === "fixed"
      )
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 24 || box.height < 24))
      .map(
        ({ element, box }) =>
          `${element.tagName.toLowerCase()}[${
            element.getAttribute("name") ??
            element.textContent?.trim().slice(0, 20)
          }] ${Math.round(box.width)}×${Math.round(box.height)}`
      )
  );
  if (small.length)
    problems.push(`touch targets under 24 px: ${small.join(", ")}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  return problems;
}

/** Posts a form from inside the page, as a browser submitting it would (Origin and all). */
async function postFromPage(
  page: Page,
  action: string,
  fields: Array<[string, string]>
) {
  const navigated = page.waitForNavigation();
  await page
    .evaluate(
      ({ action, fields }) => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = action;
        for (const [name, value] of fields) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { action, fields }
    )
    // The submit navigates away, which may end the evaluation before it returns.
    .catch((error: Error) => {
      if (!/context was destroyed|navigat/i.test(error.message)) throw error;
    });
  await navigated;
  await page.waitForLoadState("networkidle");
}

describeOnce("public pages on a phone", () => {
  let server: RunningServer;
  let browser: Browser;
  let choices: { party: string; place: string };
  let eventPath: string | undefined;
  let officer: { client: ReturnType<typeof httpClient>; cookie: string };
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const client = httpClient(server.url);
    choices = await reportChoices(client);
    // The officer who closes a case, so the reporter's closed case can be looked at too.
    officer = { client, cookie: await client.logIn(demo.officer, "10.66.0.1") };
    eventPath = /href="(\/da\/events\/[0-9a-f-]{36})"/.exec(
      (await client.get("/da/events")).html
    )?.[1];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function phone(
    width: number,
    options: { javaScript?: boolean; touch?: boolean } = {}
  ) {
    const context = await browser.newContext({
      viewport: { width, height: 740 },
      javaScriptEnabled: options.javaScript ?? true,
      hasTouch: options.touch ?? true,
      isMobile: true,
      // Each phone is its own client, so that one test's wrong codes never throttle another's.
      extraHTTPHeaders: { "X-Forwarded-For": `198.51.100.${++clients}` },
      deviceScaleFactor: 1,
    });
    await context.route(neutralSites, (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/html",
        body: "<title>neutral</title><p>neutral</p>",
      })
    );
    return { context, page: await context.newPage() };
  }

  const pages = (locale: Locale) => [
    `/${locale}`,
    `/${locale}/guidance`,
    `/${locale}/guidance/threat-ladder`,
    `/${locale}/search?q=trussel`,
    `/${locale}/report`,
    `/${locale}/report/status`,
    `/${locale}/report/diary`,
    `/${locale}/events`,
    `/${locale}/no-such-page`,
  ];

  describe.each(widths)("at %i px", (width) => {
    it.each(locales)("every public page in %s", async (locale) => {
      const { context, page } = await phone(width);
      const found: string[] = [];
      for (const path of [
        ...pages(locale),
        ...(eventPath ? [eventPath.replace("/da/", `/${locale}/`)] : []),
      ]) {
        await page.goto(`${server.url}${path}`);
        for (const problem of await phoneProblems(page))
          found.push(`${path}: ${problem}`);
      }
      expect(found).toEqual([]);
      await context.close();
    });

    it.each(locales)(
      "the report and status pages in every state, in %s",
      async (locale) => {
        const { context, page } = await phone(width);
        const found: string[] = [];
        const check = async (state: string) => {
          for (const problem of await phoneProblems(page))
            found.push(`${state}: ${problem}`);
        };
        // A failed submit: the form with its error summary.
        await page.goto(`${server.url}/${locale}/report`);
        await postFromPage(page, `/${locale}/report?index`, [
          ["idempotencyKey", crypto.randomUUID()],
          ["description", "x"],
        ]);
        await page.waitForSelector("[data-error-summary], .error-summary");
        await check("form with errors");
        // The receipt.
        await postFromPage(
          page,
          `/${locale}/report?index`,
          validReport(choices)
        );
        const reference = (await page.textContent("[data-reference]"))!.trim();
        const code = (await page.textContent("[data-receipt-code]"))!.trim();
        await check("receipt");
        // The open case, as the reporter sees it, and a wrong code.
        await page.goto(`${server.url}/${locale}/report/status`);
        await postFromPage(page, `/${locale}/report/status`, [
          ["intent", "open"],
          ["reference", reference],
          ["code", "WRONG-CODE-0000-0000"],
        ]);
        await check("status with a wrong code");
        await postFromPage(page, `/${locale}/report/status`, [
          ["intent", "open"],
          ["reference", reference],
          ["code", code],
        ]);
        await page.waitForSelector("[data-report-status]");
        await check("open case");
        // The closed case: the officer takes it and closes it; the reporter's visit shows it closed.
        const caseId = await caseIdOf(officer.client, officer.cookie, reference);
        for (const fields of [{ intent: "acknowledge" } as Record<string, string>, { intent: "close", outcome: "resolved", note: "Vi har talt med politiet, og sagen er afsluttet for vores del." }]) {
          expect((await officer.client.post(`/da/staff/reports/${caseId}`, fields, { cookie: officer.cookie })).status).toBe(200);
        }
        await page.goto(`${server.url}/${locale}/report/status`);
        await page.waitForSelector('[data-report-status="closed"]');
        await check("closed case");
        expect(found).toEqual([]);
        await context.close();
      }
    );
  });

  // Issue #13 defect 10: the first screen of the report form shows the form's first question (the
  // country, on which the lists depend), the demo-mode banner included, with JavaScript and without.
  it.each(locales)("the report form's first question is on the first screen at 390 px, in %s", async (locale) => {
    for (const javaScript of [true, false]) {
      const { context, page } = await phone(390, { javaScript });
      await page.goto(`${server.url}/${locale}/report`);
      expect(await page.locator("[data-demo-banner]").count()).toBe(1);
      const where = await page.evaluate(() => {
        const question = document.querySelector("#report-country")!;
        const label = document.querySelector("label[for=report-country]")!;
        return { top: label.getBoundingClientRect().top, bottom: question.getBoundingClientRect().bottom, screen: window.innerHeight };
      });
      expect(where.top, `${locale}, JavaScript ${javaScript}`).toBeGreaterThanOrEqual(0);
      expect(where.bottom, `${locale}, JavaScript ${javaScript}: the country select ends at ${Math.round(where.bottom)} px of ${where.screen}`).toBeLessThanOrEqual(where.screen);
      await context.close();
    }
  });

  it("the keyboard hint is not offered on a touch screen, and is with a keyboard and mouse", async () => {
    const touch = await phone(390, { touch: true });
    await touch.page.goto(`${server.url}/da`);
    expect(await touch.page.isVisible(".quick-exit__hint")).toBe(false);
    await touch.context.close();
    const desk = await browser.newContext({
      viewport: { width: 1280, height: 800 },
    });
    const page = await desk.newPage();
    await page.goto(`${server.url}/da`);
    expect(await page.isVisible(".quick-exit__hint")).toBe(true);
    await desk.close();
  });
});

describeBrowser("quick exit and typing", () => {
  let server: RunningServer;
  let browser: Browser;
  let exitPage: ExitPage;
  beforeAll(async () => {
    exitPage = await startExitPage();
    // Quick exit lands on a page this test serves on 127.0.0.1: nothing here needs the internet.
    [server, browser] = await Promise.all([startServer(exitPage.env), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await exitPage?.close();
  });

  /** Types text the way a person does: Shift held down for each capital, released after it. */
  async function typeLikeAPerson(page: Page, text: string) {
    for (const char of text) {
      if (/[A-ZÆØÅÄÖ]/.test(char)) {
        await page.keyboard.down("Shift");
        await page.keyboard.type(char);
        await page.keyboard.up("Shift");
      } else {
        await page.keyboard.type(char);
      }
    }
  }

  it.each(["/sv/report", "/sv/report/status", "/da/search"])(
    "capitals typed in every text field of %s never leave the page",
    async (path) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      await hydrated(page);
      const fields = page.locator(
        "main input[type=text]:visible, main input[type=search]:visible, main input[type=email]:visible, main input[type=tel]:visible, main textarea:visible"
      );
      const count = await fields.count();
      expect(count).toBeGreaterThan(0);
      const typed: string[] = [];
      for (let index = 0; index < count; index++) {
        // The spam trap sits off screen; a person never reaches it.
        if (((await fields.nth(index).boundingBox())?.x ?? -1) < 0) continue;
        await fields.nth(index).click();
        await typeLikeAPerson(page, "TRG-SBSJ-KYNS Åse Öberg");
        typed.push(await fields.nth(index).inputValue());
      }
      expect(new URL(page.url()).pathname).toBe(path);
      expect(typed.length).toBeGreaterThan(0);
      for (const value of typed) expect(value).toContain("TRG-SBSJ-KYNS Åse Öberg");
      await context.close();
    }
  );

  it("three bare taps of Shift leave for the configured page, and Back does not return to the page", async () => {
    const context = await browser.newContext();
    // Anything off this machine is refused and noted: the exit must not need the internet.
    const offMachine: string[] = [];
    await context.route(
      (url) => url.hostname !== "127.0.0.1",
      (route) => {
        offMachine.push(route.request().url());
        return route.abort();
      }
    );
    const page = await context.newPage();
    await page.goto(`${server.url}/sv`);
    await page.goto(`${server.url}/sv/report`);
    await hydrated(page);
    await page.locator("textarea").first().click();
    for (let tap = 0; tap < 3; tap++) await page.keyboard.press("Shift");
    // Swedish page, Swedish exit: the address configured for se.
    await page.waitForURL(exitPage.urls.se);
    expect(await page.textContent("[data-neutral-page]")).toBe("Weather for today");
    await page.goBack();
    // The report form's entry was replaced, so Back cannot bring the draft back; it lands on the page
    // before it (a browser lets no page remove its earlier entries).
    expect(new URL(page.url()).pathname).toBe("/sv");
    expect(await page.locator("form#report, textarea").count()).toBe(0);
    expect(offMachine).toEqual([]);
    await context.close();
  });

  it.each([
    ["da", "dk"],
    ["nb", "no"],
  ] as const)("the exit button of a %s page goes to the page configured for %s", async (locale, country) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/${locale}`);
    expect(await page.getAttribute("[data-quick-exit]", "href")).toBe(exitPage.urls[country]);
    await hydrated(page);
    await page.click("[data-quick-exit]");
    await page.waitForURL(exitPage.urls[country]);
    await context.close();
  });
});
