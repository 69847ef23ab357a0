import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, type HttpClient } from "./support/http-client";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

/** The administrator's broadcast form without JavaScript, as a newcomer gets it wrong. */
describe("broadcasts over HTTP", () => {
  let server: RunningServer;
  let client: HttpClient;
  let admin: string;

  beforeAll(async () => {
    server = await startServer();
    client = httpClient(server.url);
    admin = await client.logIn(demo.administrator, "10.65.0.1");
  });
  afterAll(async () => server?.stop());

  it.each(["da", "sv", "nb"])("in %s: every mistake answers 400 with its translated error, and nothing is sent", async (locale) => {
    const errors = JSON.parse(fs.readFileSync(`locales/${locale}/staff.json`, "utf8")).errors;
    const page = await client.get(`/${locale}/staff/admin/broadcasts`, { cookie: admin });
    // The page's country is ticked; a Swedish unit is on offer to narrow to.
    const country = { da: "dk", sv: "se", nb: "no" }[locale]!;
    const box = new RegExp(`<input[^>]*value="${country}"[^>]*>`).exec(page.html)?.[0];
    expect(box, page.html.slice(page.html.indexOf('name="countries"') - 200, page.html.indexOf('name="countries"') + 300)).toContain("checked");
    const swedishUnit = /<option value="([0-9a-f-]{36})">Region Stockholm<\/option>/.exec(page.html)![1]!;
    const post = (fields: Array<[string, string]>) => client.post(`/${locale}/staff/admin/broadcasts`, fields, { cookie: admin });
    const text = (html: string) => html.replaceAll("&#x27;", "'");
    const noLanguage = await post([["countries", "dk"]]);
    expect(noLanguage.status).toBe(400);
    expect(text(noLanguage.html)).toContain(errors.oneLanguage);
    const half = await post([["countries", "dk"], ["titleSv", "Bara en rubrik"]]);
    expect(text(half.html)).toContain(errors.bothOrNeither);
    const noCountry = await post([["titleDa", "Systemet er nede"], ["bodyDa", "Brug papirproceduren."]]);
    expect(text(noCountry.html)).toContain(errors.chooseCountry);
    const wrongUnit = await post([["countries", "dk"], ["unitIds", swedishUnit], ["titleDa", "Systemet er nede"], ["bodyDa", "Brug papirproceduren."]]);
    expect(wrongUnit.status).toBe(400);
    expect(text(wrongUnit.html)).toContain(errors.unitNotInCountry);
    expect((await client.get(`/${locale}/staff/admin/broadcasts`, { cookie: admin })).html).not.toContain("data-broadcast-status=");
  });

  it("narrowed to a Swedish region with a Swedish text, it reaches nobody yet and says so", async () => {
    const page = await client.get("/sv/staff/admin/broadcasts", { cookie: admin });
    const region = /<option value="([0-9a-f-]{36})">Region Skåne<\/option>/.exec(page.html)![1]!;
    const sent = await client.post("/sv/staff/admin/broadcasts", [["countries", "se"], ["unitIds", region], ["titleSv", "Valsystemet ligger nere"], ["bodySv", "Följ pappersrutinen tills vidare."]], { cookie: admin });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('data-broadcast-sent="0"');
    expect(sent.html).toContain(JSON.parse(fs.readFileSync("locales/sv/staff.json", "utf8")).broadcasts.nobody);
  });
});
