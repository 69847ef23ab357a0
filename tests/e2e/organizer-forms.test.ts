import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, hydrated, launchBrowser } from "./support/browser";
import { httpClient, type HttpClient } from "./support/http-client";
import { createPublishedEvent, validEvent } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

const events = (locale: string) => JSON.parse(fs.readFileSync(`locales/${locale}/events.json`, "utf8"));
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const zones = { da: "Europe/Copenhagen", sv: "Europe/Stockholm", nb: "Europe/Oslo" } as const;
const legends = { da: "languageDa", sv: "languageSv", nb: "languageNb" } as const;

/** The organizer's forms as a newcomer meets them, in each language. */
describeBrowser("the organizer's event forms", () => {
  let server: RunningServer;
  let browser: Browser;
  let client: HttpClient;
  let organizerCookie: string;
  const organizer = () => organizerCookie;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    client = httpClient(server.url);
    organizerCookie = await client.logIn(demo.organizer, "10.61.0.1");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(["da", "sv", "nb"] as const)("in %s: the page's zone and language come first, and every error of a bad form shows at once, with and without JavaScript", async (locale) => {
    const s = events(locale);
    const page = await client.get(`/${locale}/staff/events`, { cookie: organizerCookie });
    expect(page.status).toBe(200);
    expect(page.html).toMatch(new RegExp(`<option value="${zones[locale]}" selected="">`));
    const firstLegend = /<fieldset[^>]*><legend>([^<]+)<\/legend>/.exec(page.html)![1];
    expect(firstLegend).toBe(s.organizer[legends[locale]]);
    // The dashboard no longer says the events section opens later.
    const dashboard = await client.get(`/${locale}/staff`, { cookie: organizerCookie });
    expect(dashboard.html).toContain(JSON.parse(fs.readFileSync(`locales/${locale}/staff.json`, "utf8")).dashboard.organizerText);

    // Without JavaScript: a month-old date, a passed deadline, the end before the start and no audience, in one answer.
    const bad = validEvent({ date: day(-30), deadlineDate: day(-31), startTime: "18:00", endTime: "17:00", capacity: "0" }).filter(([name]) => name !== "audience");
    const answer = await client.post(`/${locale}/staff/events`, bad, { cookie: organizerCookie });
    expect(answer.status).toBe(400);
    const html = answer.html.replaceAll("&#x27;", "'");
    for (const message of [s.errors.eventInPast, s.errors.deadlinePassed, s.errors.endBeforeStart, s.errors.number, s.errors.chooseAtLeastOne]) expect(html).toContain(message);
    expect(html).not.toContain(s.errors.chooseOne);

    // With JavaScript: the same errors before anything is sent.
    const context = await browser.newContext();
    const [name, value] = organizerCookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const browserPage = await context.newPage();
    await browserPage.goto(`${server.url}/${locale}/staff/events`);
    await hydrated(browserPage);
    expect(await browserPage.inputValue("select[name=timeZone]")).toBe(zones[locale]);
    await browserPage.fill(`input[name=title${locale === "da" ? "Da" : locale === "sv" ? "Sv" : "Nb"}]`, "Et møde");
    await browserPage.fill("input[name=date]", day(-30));
    await browserPage.fill("input[name=startTime]", "18:00");
    await browserPage.fill("input[name=endTime]", "17:00");
    await browserPage.fill("input[name=capacity]", "0");
    await browserPage.fill("input[name=deadlineDate]", day(-31));
    await browserPage.fill("input[name=deadlineTime]", "12:00");
    await browserPage.click("form#event button[type=submit]");
    const summary = browserPage.locator(".error-summary");
    await summary.waitFor();
    const said = await summary.textContent();
    for (const message of [s.errors.eventInPast, s.errors.deadlinePassed, s.errors.endBeforeStart, s.errors.number, s.errors.chooseAtLeastOne]) expect(said).toContain(message);
    expect(browserPage.url()).toBe(`${server.url}/${locale}/staff/events`);
    await context.close();
  });

  it("an upcoming event cannot be moved into the past; an event in one language says so on the other pages", async () => {
    const eventId = await createPublishedEvent(client, organizer(), validEvent({ titleDa: "", descriptionDa: "", agendaDa: "", titleNb: "Informasjonsmøte for valgstyrene", descriptionNb: "Om sikkerhet i valglokalet.", timeZone: "Europe/Oslo" }));
    const moved = await client.post(`/nb/staff/events/${eventId}`, [["intent", "edit"], ...validEvent({ titleNb: "Informasjonsmøte for valgstyrene", date: day(-3), deadlineDate: day(-4) })], { cookie: organizerCookie });
    expect(moved.status).toBe(400);
    expect(moved.html).toContain(events("nb").errors.eventInPast);
    for (const locale of ["da", "sv"] as const) {
      const list = await client.get(`/${locale}/events`);
      const item = new RegExp(`<a href="/${locale}/events/${eventId}" lang="nb">[\\s\\S]*?data-text-in="nb">([^<]+)<`).exec(list.html);
      expect(item?.[1]).toBe(events(locale).list.textIn.nb);
      const detail = await client.get(`/${locale}/events/${eventId}`);
      expect(detail.html).toContain(`<h1 lang="nb">Informasjonsmøte for valgstyrene</h1>`);
    }
    const own = await client.get(`/nb/events/${eventId}`);
    expect(own.html).not.toContain("data-text-in");
  });

  it("a question per event: asked on the registration form in the page's language, answered in the attendee list and the CSV", async () => {
    const eventId = await createPublishedEvent(client, organizer(), validEvent({ questionDa: "Har du et spørgsmål til oplægsholderne?", titleSv: "Säkerhet på valmöten", descriptionSv: "Hur man förbereder ett valmöte.", questionSv: "Har du en fråga till talarna?" }));
    const da = await client.get(`/da/events/${eventId}`);
    expect(da.html).toContain("Har du et spørgsmål til oplægsholderne?");
    expect((await client.get(`/sv/events/${eventId}`)).html).toContain("Har du en fråga till talarna?");
    const answered = await client.post(`/da/events/${eventId}`, { name: "Sigrid Svar", email: "sigrid@example.test", role: "candidate", answer: "=Hvordan beskytter jeg min adresse?" });
    expect(answered.status).toBe(200);
    const list = (await client.get(`/da/staff/events/${eventId}`, { cookie: organizer() })).html;
    expect(list).toContain("=Hvordan beskytter jeg min adresse?");
    const csv = await (await fetch(`${server.url}/da/staff/events/${eventId}/attendees.csv`, { headers: { Cookie: organizer() } })).text();
    const strings = events("da");
    expect(csv.split("\r\n")[0]).toContain(strings.fields.answer);
    expect(csv).toContain("'=Hvordan beskytter jeg min adresse?");
    // An event without a question asks nothing, and an answer sent anyway is not kept.
    const plain = await createPublishedEvent(client, organizer(), validEvent());
    expect((await client.get(`/da/events/${plain}`)).html).not.toContain('name="answer"');
    await client.post(`/da/events/${plain}`, { name: "Ulla Uspurgt", email: "ulla@example.test", role: "candidate", answer: "Skjult svar" });
    expect((await client.get(`/da/staff/events/${plain}`, { cookie: organizer() })).html).not.toContain("Skjult svar");
  });
});
