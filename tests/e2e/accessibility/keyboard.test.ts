import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, hydrated, launchBrowser, watchPage } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";
import { demo, logIn } from "../support/staff";

// Issue #7: the report form and the event registration, keyboard only: Tab to each field, type,
// arrows and space for radios and selects, Enter to submit. Focus must follow the visual order,
// be visible on every stop, and after a bad submit land on the error summary, whose links move
// focus to the fields.

interface Focus {
  /** The field name (radios share one), "submit", or tag#id / tag[href] for anything else. */
  key: string;
  /** An outline or focus shadow is drawn, and the element has a size on screen. */
  visible: boolean;
  /** The focused element's own id, when it has one. */
  id: string;
}

const focused = (page: Page): Promise<Focus> =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { key: "body", visible: false, id: "" };
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
    const name = element.getAttribute("name");
    const type = element.getAttribute("type");
    const key =
      element.tagName === "BUTTON" && type === "submit"
        ? "submit"
        : name
          ? name
          : element.tagName === "A"
            ? `a[href=${element.getAttribute("href")}]`
            : `${element.tagName.toLowerCase()}#${element.id}`;
    return { key, visible: (outline || shadow) && rect.width > 0 && rect.height > 0, id: element.id };
  });

/** Presses Tab until a field named `key` has focus; returns every stop on the way (and it). */
async function tabUntil(page: Page, key: string, limit = 60): Promise<Focus[]> {
  const stops: Focus[] = [];
  for (let press = 0; press < limit; press++) {
    await page.keyboard.press("Tab");
    const focus = await focused(page);
    stops.push(focus);
    if (focus.key === key) return stops;
  }
  throw new Error(`Tab never reached ${key}: ${stops.map((stop) => stop.key).join(" → ")}`);
}

const dateFields = new Set(["when"]);

/**
 * Walks the form with Tab from its first field: each stop must be the next expected field, with
 * visible focus. `act` runs on a stop, keyboard only, before the next Tab.
 */
async function walk(page: Page, expected: string[], act: Record<string, () => Promise<void>> = {}) {
  const seen: string[] = [];
  const invisible: string[] = [];
  for (let index = 0; index < expected.length; index++) {
    if (index > 0) await page.keyboard.press("Tab");
    let focus = await focused(page);
    // A date field takes one Tab per segment (month, day, year, and its picker) in Chromium: still the same field.
    for (let segment = 0; segment < 4 && index > 0 && focus.key === seen.at(-1) && dateFields.has(focus.key); segment++) {
      await page.keyboard.press("Tab");
      focus = await focused(page);
    }
    seen.push(focus.key);
    if (!focus.visible) invisible.push(focus.key);
    if (focus.key !== expected[index]) break;
    await act[focus.key]?.();
  }
  expect(seen, "focus order").toEqual(expected);
  expect(invisible, "stops without a visible focus indicator").toEqual([]);
}

/**
 * After a bad submit: the error summary has focus, and each of its links, reached with Tab and
 * followed with Enter, moves focus to its field.
 */
async function checkErrorSummary(page: Page, minimumLinks: number) {
  await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("error-summary") ?? false), { timeout: 10_000 }).toBe(true);
  expect((await focused(page)).visible, "the focused error summary shows focus").toBe(true);
  const targets = await page.locator(".error-summary a").evaluateAll((links) => links.map((link) => link.getAttribute("href")!.slice(1)));
  expect(targets.length).toBeGreaterThanOrEqual(minimumLinks);
  for (const [index, target] of targets.entries()) {
    // Start again from the summary (focusable, tabindex=-1), then Tab to the link and press Enter.
    await page.focus(".error-summary");
    for (let press = 0; press <= index; press++) await page.keyboard.press("Tab");
    const link = await focused(page);
    expect(link.key).toBe(`a[href=#${target}]`);
    expect(link.visible, `focus shown on the link to ${target}`).toBe(true);
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.evaluate((id) => document.getElementById(id)?.contains(document.activeElement) ?? false, target), { timeout: 10_000 })
      .toBe(true);
  }
}

describeBrowser("keyboard only: report form and event registration in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ JOB_INTERVAL_MS: "200" }), launchBrowser()]);
    // en-US fixes the date field's segment order (month, day, year) for typing.
    context = await browser.newContext({ locale: "en-US" });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // The country comes first (its own small form: the lists below depend on it). With JavaScript the
  // police case number appears only after "yes", so it is no stop of an untouched form.
  const reportFields = [
    "country",
    "inDanger",
    "role",
    "party",
    "place",
    "level",
    "when",
    "time",
    "where",
    "description",
    "perpetrator",
    "policeTold",
    "contactMethod",
    "attachments",
    // The evidence section (issue #16): one folded item per kind, "add another item", the pasted list.
    "summary#",
    "summary#",
    "summary#",
    "select#evidence-add-kind",
    "button#",
    "summary#",
    "consent",
    "submit",
  ];

  it("report form: the skip link comes first; a bad submit focuses the error summary, whose links reach the fields", async () => {
    const page = await context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}/da/report`);
    await hydrated(page);
    const before = await tabUntil(page, "country");
    expect(before[0]!.key).toBe("a[href=#main]");
    expect(before.at(-2)!.key, "the last stop before the form is the emergency number in the page").toBe("a[href=tel:112]");
    expect(before.every((stop) => stop.visible), `visible focus on ${before.map((stop) => `${stop.key}:${stop.visible}`).join(" ")}`).toBe(true);
    await walk(page, reportFields);
    await page.keyboard.press("Enter");
    await checkErrorSummary(page, 5);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("the skip link, the first Tab stop, moves focus to the main content", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/da/report`);
    await hydrated(page);
    await page.keyboard.press("Tab");
    expect(await focused(page)).toEqual({ key: "a[href=#main]", visible: true, id: "" });
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 }).toBe("main");
    // The next Tab continues inside the main content, not in the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.getElementById("main")!.contains(document.activeElement))).toBe(true);
    await page.close();
  });

  it("report form: filled in and sent with the keyboard alone", async () => {
    const page = await context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}/da/report`);
    await hydrated(page);
    await tabUntil(page, "country");
    const today = new Date();
    const pad = (value: number) => String(value).padStart(2, "0");
    // "Yes" to the police question brings the case number field, the next stop.
    const withCaseNumber = reportFields.flatMap((field) => (field === "policeTold" ? [field, "policeCaseNumber"] : [field]));
    await walk(page, withCaseNumber, {
      role: () => page.keyboard.press("ArrowDown"), // from the first role to the second, which is checked
      party: () => page.keyboard.type("Fællesskabs"), // type-ahead in the closed select
      place: () => page.keyboard.type("Københavns Kommune"),
      level: async () => {
        await page.keyboard.press("Space");
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("ArrowDown");
      },
      when: () => page.keyboard.type(`${pad(today.getMonth() + 1)}${pad(today.getDate())}${today.getFullYear()}`),
      time: () => page.keyboard.type("21:30"),
      where: () => page.keyboard.type("Outside my home"),
      description: () => page.keyboard.type("A car has been parked outside my home every night this week."),
      policeTold: () => page.keyboard.press("Space"),
      policeCaseNumber: () => page.keyboard.type("0100-12345-00001-26"),
      contactMethod: () => page.keyboard.press("Space"),
      consent: () => page.keyboard.press("Space"),
    });
    // What the keys chose, read from the form before it is sent.
    const values = await page.evaluate(() => {
      const form = document.getElementById("report") as HTMLFormElement;
      const data = new FormData(form);
      const select = (name: string) => (form.elements.namedItem(name) as HTMLSelectElement).selectedOptions[0]?.textContent;
      return { role: data.get("role"), party: select("party"), place: select("place"), level: data.get("level"), when: data.get("when"), time: data.get("time"), policeTold: data.get("policeTold"), policeCaseNumber: data.get("policeCaseNumber"), contactMethod: data.get("contactMethod"), consent: data.get("consent") };
    });
    expect(values).toEqual({
      role: "elected",
      party: "Fællesskabspartiet (demo)",
      place: "Københavns Kommune",
      level: "3",
      when: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`,
      time: "21:30",
      policeTold: "yes",
      policeCaseNumber: "0100-12345-00001-26",
      contactMethod: "anonymous",
      consent: "on",
    });
    await page.keyboard.press("Enter"); // on the submit button
    await page.waitForSelector("[data-receipt-code]");
    expect(await page.textContent("[data-reference]")).toMatch(/^TRG-/);
    // The form (and its button) is gone: focus moves to the receipt's heading, not to <body>.
    await expect.poll(() => page.evaluate(() => document.activeElement?.matches(".receipt h1") ?? false), { timeout: 10_000 }).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("event registration: bad submit focuses the summary; then registered with the keyboard alone", async () => {
    // An organizer publishes a webinar (set-up, not under test).
    const organizerContext = await browser.newContext();
    const organizer = await organizerContext.newPage();
    await logIn(organizer, server.url, demo.organizer, "sv");
    await organizer.goto(`${server.url}/sv/staff/events`);
    await hydrated(organizer);
    await organizer.fill("#event-titleDa", "Tryg valgkamp");
    await organizer.fill("#event-titleSv", "Trygg valrörelse");
    await organizer.fill("#event-titleNb", "Trygg valgkamp");
    await organizer.selectOption("#event-timeZone", "Europe/Stockholm");
    await organizer.fill("#event-date", new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
    await organizer.fill("#event-startTime", "08:00");
    await organizer.fill("#event-endTime", "09:00");
    await organizer.check("#event-audience-candidates");
    await organizer.fill("#event-capacity", "10");
    await organizer.fill("#event-deadlineDate", new Date(Date.now() + 6 * 86_400_000).toISOString().slice(0, 10));
    await organizer.fill("#event-deadlineTime", "12:00");
    await organizer.fill("#event-joinUrl", "https://meet.example/keyboard");
    await Promise.all([organizer.waitForURL(/\/staff\/events\/[0-9a-f-]{36}$/), organizer.click("form#event button[type=submit]")]);
    const eventId = organizer.url().split("/").pop()!;
    await hydrated(organizer);
    await organizer.click('[data-action="publish"]');
    await expect.poll(() => organizer.getAttribute("[data-event-status]", "data-event-status"), { timeout: 10_000 }).toBe("published");
    await organizerContext.close();

    const fields = ["name", "email", "role", "organization", "accessibilityNeeds", "submit"];
    const page = await context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}/sv/events/${eventId}`);
    await hydrated(page);
    await tabUntil(page, "name");
    await walk(page, fields);
    await page.keyboard.press("Enter");
    await checkErrorSummary(page, 3);

    await page.goto(`${server.url}/sv/events/${eventId}`);
    await hydrated(page);
    await tabUntil(page, "name");
    await walk(page, fields, {
      name: () => page.keyboard.type("Karin Keyboard"),
      email: () => page.keyboard.type("karin@example.test"),
      role: () => page.keyboard.press("ArrowDown"), // from "choose" to the first role
      organization: () => page.keyboard.type("Framtidspartiet"),
    });
    expect(await page.inputValue("select[name=role]")).toBe("candidate");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-registration-status=registered]");
    await expect.poll(() => page.evaluate(() => document.activeElement?.matches("[data-registration-status] h2") ?? false), { timeout: 10_000 }).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
