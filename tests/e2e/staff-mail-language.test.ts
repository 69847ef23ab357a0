import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, type HttpClient } from "./support/http-client";
import { fileReport, reportChoices, validReport } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

/** Staff mail speaks the recipient's language, which they choose on their own page. */
describe("a staff member's mail language", () => {
  let server: RunningServer;
  let client: HttpClient;

  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000" });
    client = httpClient(server.url);
  });
  afterAll(async () => server?.stop());

  it("is chosen on the staff page, confirmed, and then used for the next case notice, link included", async () => {
    const cookie = await client.logIn(demo.officer, "10.63.0.1");
    const before = await client.get("/da/staff", { cookie });
    expect(before.html).toMatch(/<option value="da" selected="">/);
    const saved = await client.post("/da/staff?index", { intent: "mail-language", mailLocale: "sv" }, { cookie });
    expect(saved.status).toBe(200);
    const staff = JSON.parse(fs.readFileSync("locales/da/staff.json", "utf8")).dashboard;
    expect(saved.html).toContain(staff.mailLanguageSaved.replace("{{language}}", "svensk"));
    expect(saved.html).toMatch(/<option value="sv" selected="">/);
    // A bad value is refused, and changes nothing.
    expect((await client.post("/da/staff?index", { intent: "mail-language", mailLocale: "en" }, { cookie })).status).toBe(400);

    // A Danish report in Danish: the officer's notice comes in Swedish, with a /sv/ link.
    await fileReport(client, validReport(await reportChoices(client)));
    const links = await client.mailLinks(demo.officer.email);
    expect(links.some((href) => /\/sv\/staff\/reports\/[0-9a-f-]{36}$/.test(href))).toBe(true);
    expect(links.some((href) => /\/da\/staff\/reports\//.test(href))).toBe(false);
  });
});
