import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoParties, denmarkRegions, norwayCounties, swedenRegions, type SeedRegion } from "@db/seed/units-data";
import { describeBrowser, hydrated, launchBrowser } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";

// Issue #13 defect 4: the report form offers only the chosen country's parties and places, and
// shows every field the reporter's choices need, with JavaScript and without it.

const countries = ["dk", "se", "no"] as const;
type Country = (typeof countries)[number];
const regionsOf: Record<Country, SeedRegion[]> = { dk: denmarkRegions, se: swedenRegions, no: norwayCounties };
const countryName: Record<Country, string> = { dk: "Danmark", se: "Sverige", no: "Norge" };

/** The seed's parties and places of a country, as the form must list them (sorted, for comparing). */
const seeded = (country: Country) => ({
  parties: demoParties.filter((party) => party.country === country).map((party) => party.name).sort(),
  places: regionsOf[country].flatMap((region) => [region.name, ...region.municipalities]).sort(),
});

/** The labels of the party and place lists' real choices (not "independent", not "no place"). */
async function listed(page: Page) {
  const labels = (select: string) => page.locator(`${select} option`).evaluateAll((options) => options.filter((option) => (option as HTMLOptionElement).value && (option as HTMLOptionElement).value !== "none").map((option) => option.textContent!.trim()));
  return { parties: (await labels("select[name=party]")).sort(), places: (await labels("select[name=place]")).sort() };
}

describeBrowser("the report form's choices: country lists and contact fields", () => {
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
  async function submit(page: Page, selector: string) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response?.status();
  }

  /** Fills every answer but the contact ones, choosing the seed's first party and place of the country. */
  async function fillReport(page: Page, country: Country, policeTold: "yes" | "no") {
    await page.check("#report-role-candidate");
    await page.selectOption("select[name=party]", { label: seeded(country).parties[0]! });
    await page.selectOption("select[name=place]", { label: regionsOf[country][0]!.municipalities[0] ?? regionsOf[country][0]!.name });
    await page.check("#report-level-2");
    await page.fill("input[name=when]", new Date().toISOString().slice(0, 10));
    await page.fill("textarea[name=description]", `Threatening messages every night this week (${country}).`);
    await page.check(`#report-policeTold-${policeTold}`);
    if (policeTold === "yes") await page.fill("input[name=policeCaseNumber]", "4400-12345-00001-26");
  }

  for (const country of countries) {
    for (const method of ["anonymous", "email", "phone"] as const) {
      it(`without JavaScript: ${country}, contact by ${method}, one pass to the receipt`, async () => {
        const context = await browser.newContext({ javaScriptEnabled: false });
        const page = await context.newPage();
        await page.goto(`${server.url}/da/report`);
        expect(await page.getAttribute("html", "data-hydrated")).toBeNull();
        // The country is the first question; Denmark by default on a Danish page, the others by the country step.
        expect(await page.locator("#report-country").inputValue()).toBe("dk");
        if (country !== "dk") {
          await page.selectOption("#report-country", country);
          expect(await submit(page, "[data-country-step] button[type=submit]")).toBe(200);
          expect(new URL(page.url()).searchParams.get("country")).toBe(country);
          expect(await page.locator("#report-country").inputValue()).toBe(country);
        }
        expect(await listed(page)).toEqual(seeded(country));
        expect(await page.textContent("label[for=report-party]")).toContain(countryName[country]);
        expect(await page.textContent("label[for=report-place]")).toContain(countryName[country]);
        expect(await page.getAttribute("form#report input[name=country]", "value")).toBe(country);

        // Every field a choice may need is on the page before choosing, each saying when it is needed.
        for (const name of ["contactEmail", "contactPhone", "policeCaseNumber"]) {
          expect(await page.isVisible(`input[name=${name}]`), name).toBe(true);
          expect(await page.getAttribute(`input[name=${name}]`, "aria-describedby"), name).toBeTruthy();
        }
        await fillReport(page, country, method === "email" ? "yes" : "no");
        await page.check(`#report-contactMethod-${method}`);
        if (method === "email") await page.fill("input[name=contactEmail]", `reporter-${country}@example.test`);
        if (method === "phone") await page.fill("input[name=contactPhone]", "+46 70 123 45 67");
        // Left over in the field of a method not chosen: ignored, not an error.
        if (method === "phone") await page.fill("input[name=contactEmail]", "not an address");
        await page.check("input[name=consent]");
        expect(await submit(page, "form#report button[type=submit]")).toBe(200);
        expect((await page.textContent("[data-reference]"))!.trim()).toMatch(/^TRG-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
        await context.close();
      });
    }
  }

  it("without JavaScript, a failed submit keeps the chosen country, its lists and the answers", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/nb/report?country=se`);
    expect(await listed(page)).toEqual(seeded("se"));
    await fillReport(page, "se", "no");
    await page.fill("textarea[name=description]", "short");
    await page.check("#report-contactMethod-anonymous");
    await page.check("input[name=consent]");
    expect(await submit(page, "form#report button[type=submit]")).toBe(400);
    expect(await page.locator("#report-country").inputValue()).toBe("se");
    expect(await page.getAttribute("form#report input[name=country]", "value")).toBe("se");
    expect(await listed(page)).toEqual(seeded("se"));
    expect(await page.locator("select[name=party] option:checked").textContent()).toBe(seeded("se").parties[0]);
    await page.fill("textarea[name=description]", "Threatening messages every night this week.");
    expect(await submit(page, "form#report button[type=submit]")).toBe(200);
    expect(await page.locator("[data-reference]").count()).toBe(1);
    await context.close();
  });

  it("with JavaScript: the lists follow the country at once, without a reload; contact and police fields follow the answers", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/sv/report`);
    await hydrated(page);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    expect(await listed(page)).toEqual(seeded("se"));
    // With JavaScript the lists change as the country changes: the "change" button is not needed.
    expect(await page.isVisible("[data-country-step] button[type=submit]")).toBe(false);
    for (const country of ["no", "dk", "se"] as const) {
      await page.selectOption("#report-country", country);
      await expect.poll(() => listed(page)).toEqual(seeded(country));
      expect(await page.textContent("label[for=report-party]")).toContain(countryName[country]);
      // A screen reader hears the change: the hint under the country is a status message naming it.
      expect(await page.getAttribute("#report-country-hint", "role")).toBe("status");
      expect(await page.textContent("#report-country-hint")).toContain(countryName[country]);
      expect(await page.getAttribute("form#report input[name=country]", "value")).toBe(country);
    }
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    const visible = async () => ({ email: await page.isVisible("input[name=contactEmail]"), phone: await page.isVisible("input[name=contactPhone]"), police: await page.isVisible("input[name=policeCaseNumber]") });
    expect(await visible()).toEqual({ email: false, phone: false, police: false });
    await page.check("#report-contactMethod-email");
    expect(await visible()).toEqual({ email: true, phone: false, police: false });
    await page.check("#report-contactMethod-phone");
    expect(await visible()).toEqual({ email: false, phone: true, police: false });
    await page.check("#report-policeTold-yes");
    expect(await visible()).toEqual({ email: false, phone: true, police: true });
    await page.check("#report-policeTold-no");
    await page.check("#report-contactMethod-anonymous");
    expect(await visible()).toEqual({ email: false, phone: false, police: false });

    await page.selectOption("#report-country", "no");
    await fillReport(page, "no", "no");
    await page.check("#report-contactMethod-email");
    await page.fill("input[name=contactEmail]", "reporter-no@example.test");
    await page.check("input[name=consent]");
    await page.click("form#report button[type=submit]");
    await page.waitForSelector("[data-receipt-code]");
    await context.close();
  });
});
