import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./support/server";
import { currentCode, demo } from "./support/staff";

const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/** The report form over plain HTTP, as a script (or an attacker) would post it. */
describe("the report form over HTTP", () => {
  let server: RunningServer;
  let adminCookie: string;
  let partyId: string;
  let placeId: string;

  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000" });
    const html = await (await fetch(`${server.url}/da/report`)).text();
    partyId = /<option value="([0-9a-f-]{36})">Fællesskabspartiet \(demo\)<\/option>/.exec(html)![1]!;
    placeId = /<option value="([0-9a-f-]{36})">Københavns Kommune<\/option>/.exec(html)![1]!;
    const form = (body: Record<string, string>, cookie = "") =>
      fetch(`${server.url}/da/staff/${cookie ? "two-factor" : "login"}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: cookie },
        body: new URLSearchParams(body),
      });
    const login = await form({ email: demo.administrator.email, password: demo.administrator.password });
    const pending = login.headers.get("set-cookie")!.split(";")[0]!;
    const verified = await form({ code: currentCode(demo.administrator.totpSecret) }, pending);
    adminCookie = verified.headers.get("set-cookie")!.split(";")[0]!;
  });
  afterAll(async () => server?.stop());

  const valid = (): Record<string, string> => ({
    idempotencyKey: crypto.randomUUID(),
    role: "candidate",
    country: "dk",
    party: partyId,
    place: placeId,
    level: "2",
    when: "2026-11-20",
    description: "Threatening text messages every night this week.",
    policeTold: "no",
    contactMethod: "anonymous",
    consent: "on",
  });

  async function post(fields: Record<string, string>, files: Array<{ name: string; type: string; bytes: Uint8Array }> = []) {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    for (const file of files) body.append("attachments", new Blob([Buffer.from(file.bytes)], { type: file.type }), file.name);
    const response = await fetch(`${server.url}/da/report?index`, { method: "POST", body, headers: { Origin: server.url } });
    return { status: response.status, html: await response.text() };
  }

  async function reportCount(): Promise<number> {
    const html = await (await fetch(`${server.url}/da/staff/admin/statistics`, { headers: { Cookie: adminCookie } })).text();
    const table = /data-stats="country"[\s\S]*?<\/table>/.exec(html)![0];
    return [...table.matchAll(/<td>(\d+)<\/td>/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  }

  it("bad input in every field answers 400 with that field's error, and files nothing", async () => {
    const before = await reportCount();
    const cases: Array<[string, Record<string, string | undefined>]> = [
      ["role", { role: "president" }],
      ["role", { role: undefined }],
      ["country", { country: "fi" }],
      ["party", { party: "not-a-uuid" }],
      ["place", { place: "'; drop table reports; --" }],
      ["level", { level: "7" }],
      ["level", { level: "abc" }],
      ["when", { when: "yesterday" }],
      ["when", { when: "2099-01-01" }],
      ["time", { time: "25:99" }],
      ["where", { where: "x".repeat(301) }],
      ["description", { description: "short" }],
      ["description", { description: "x".repeat(5001) }],
      ["description", { description: undefined }],
      ["perpetrator", { perpetrator: "x".repeat(1001) }],
      ["policeTold", { policeTold: "maybe" }],
      ["policeCaseNumber", { policeTold: "yes", policeCaseNumber: "9".repeat(61) }],
      ["contactMethod", { contactMethod: "pigeon" }],
      ["contactEmail", { contactMethod: "email", contactEmail: "not an address" }],
      ["contactEmail", { contactMethod: "email" }],
      ["contactPhone", { contactMethod: "phone", contactPhone: "call me maybe" }],
      ["consent", { consent: undefined }],
      ["idempotencyKey", { idempotencyKey: "replay" }],
    ];
    for (const [field, change] of cases) {
      const fields = valid();
      for (const [name, value] of Object.entries(change)) {
        if (value === undefined) delete fields[name];
        else fields[name] = value;
      }
      const { status, html } = await post(fields);
      expect(status, `${field} ${JSON.stringify(change).slice(0, 60)}`).toBe(400);
      // A hidden field's error has no place beside it: it is in the summary, linked to the field.
      expect(html, field).toContain(field === "idempotencyKey" ? 'href="#report-idempotencyKey"' : `id="report-${field}-error"`);
    }
    // A party or place from another country is refused as well.
    const swedish = await post({ ...valid(), country: "se" });
    expect(swedish.status).toBe(400);
    expect(swedish.html).toContain('id="report-party-error"');
    expect(await reportCount()).toBe(before);
  });

  it("lists the parties and places of the country asked for; anything else in ?country= means the page language's, never an error", async () => {
    const page = async (path: string) => {
      const response = await fetch(`${server.url}${path}`);
      const html = await response.text();
      return {
        status: response.status,
        // The country the report form carries, and the party group the list shows.
        country: /<input type="hidden" name="country" value="(\w+)"\/>/.exec(html)?.[1],
        partyGroups: [...html.matchAll(/<optgroup label="([^"]+)">/g)].map((match) => match[1]),
        html,
      };
    };
    for (const [path, country] of [
      ["/da/report", "dk"],
      ["/sv/report", "se"],
      ["/nb/report", "no"],
      ["/da/report?country=se", "se"],
      ["/sv/report?country=no", "no"],
      ["/da/report?country=xx", "dk"],
      ["/sv/report?country=", "se"],
      ["/nb/report?country=DK", "no"],
      ["/nb/report?country=%00%3Cscript%3E", "no"],
      ["/da/report?country=no&country=se", "no"],
    ] as const) {
      const answer = await page(path);
      expect(answer.status, path).toBe(200);
      expect(answer.country, path).toBe(country);
      expect(answer.html, path).toContain(`<option value="${country}" selected="">`);
    }
    // Only Sweden's parties and places are offered (the page's data for live switching holds them all, but no list does).
    const offered = (html: string) => [...html.matchAll(/<option value="[0-9a-f-]{36}">([^<]+)<\/option>/g)].map((match) => match[1]);
    const swedish = offered((await page("/da/report?country=se")).html);
    expect(swedish).toContain("Framtidspartiet (demo)");
    expect(swedish).toContain("Region Stockholm");
    expect(swedish).not.toContain("Fællesskabspartiet (demo)");
    expect(swedish).not.toContain("Fellesskapspartiet (demo)");
    expect(swedish).not.toContain("Københavns Kommune");
    expect(swedish).not.toContain("Oslo");
  });

  it("refuses a party or place of another country than the one sent, with the field's error", async () => {
    const before = await reportCount();
    const swedishHtml = await (await fetch(`${server.url}/da/report?country=se`)).text();
    const swedishParty = /<option value="([0-9a-f-]{36})">Framtidspartiet \(demo\)<\/option>/.exec(swedishHtml)![1]!;
    const swedishPlace = /<option value="([0-9a-f-]{36})">Region Stockholm<\/option>/.exec(swedishHtml)![1]!;
    const party = await post({ ...valid(), party: swedishParty });
    expect(party.status).toBe(400);
    expect(party.html).toContain('id="report-party-error"');
    // The form comes back with Denmark's lists, as it was sent.
    expect(party.html).toContain('<input type="hidden" name="country" value="dk"/>');
    const place = await post({ ...valid(), place: swedishPlace });
    expect(place.status).toBe(400);
    expect(place.html).toContain('id="report-place-error"');
    expect(await reportCount()).toBe(before);
    // With the country they belong to, they are accepted.
    expect((await post({ ...valid(), country: "se", party: swedishParty, place: swedishPlace })).status).toBe(200);
  });

  it("ignores a contact detail for a method not chosen and a case number when the police were not told", async () => {
    const answer = await post({ ...valid(), contactMethod: "phone", contactPhone: "+47 912 34 567", contactEmail: "not an address", policeTold: "no", policeCaseNumber: "9".repeat(61) });
    expect(answer.status).toBe(200);
    expect(answer.html).toMatch(/data-reference="TRG-/);
  });

  it("refuses a file whose name lies, a polyglot, and more than five files, by content", async () => {
    const before = await reportCount();
    const lying = await post(valid(), [{ name: "photo.png", type: "image/png", bytes: new TextEncoder().encode("#!/bin/sh\necho hi") }]);
    expect(lying.status).toBe(400);
    expect(lying.html).toContain('id="report-attachments-error"');
    const polyglot = await post(valid(), [{ name: "x.png", type: "image/png", bytes: Buffer.concat([png, Buffer.from("<script>alert(1)</script>")]) }]);
    expect(polyglot.status).toBe(400);
    const many = await post(valid(), Array.from({ length: 6 }, (_, index) => ({ name: `${index}.png`, type: "image/png", bytes: png })));
    expect(many.status).toBe(400);
    expect(await reportCount()).toBe(before);
  });

  it("a failed submit names the refused file, to attach again, and keeps the good one under the same one-time key", async () => {
    const fields = valid();
    delete fields.description;
    const answer = await post(fields, [{ name: "good.png", type: "image/png", bytes: png }, { name: "fake-photo.png", type: "image/png", bytes: new TextEncoder().encode("#!/bin/sh\necho hi") }]);
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('id="report-attachments-error"');
    expect(answer.html).toContain('data-rejected-file="fake-photo.png"');
    expect(answer.html).toContain("fake-photo.png: Kun PNG, JPEG og PDF kan vedhæftes.");
    expect(answer.html).toContain('data-kept-file="good.png"');
    expect(answer.html).not.toContain('data-kept-file="fake-photo.png"');
    expect(answer.html).toContain(`name="idempotencyKey" value="${fields.idempotencyKey}"`);
  });

  it("a kept file asked for after it is gone is named as to attach again, not filed without it", async () => {
    const before = await reportCount();
    // A well-formed form asking for a kept file that no stash holds (expired and purged, or never there).
    const answer = await post({ ...valid(), keptFile: "0" });
    expect(answer.status).toBe(400);
    expect(answer.html).toContain("Filerne fra dit sidste forsøg er ikke gemt længere (de gemmes i 30 minutter). Vedhæft dem igen.");
    expect(await reportCount()).toBe(before);
  });

  it("treats a filled honeypot as a robot, and a body over the cap as too large", async () => {
    const robot = await post({ ...valid(), website: "https://spam.example" });
    expect(robot.status).toBe(400);
    const huge = await fetch(`${server.url}/da/report?index`, {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(200 * 1024 * 1024) },
      body: "--x--",
    }).catch((error: Error) => ({ status: error.message }));
    expect([413, "fetch failed"]).toContain(huge.status);
  });

  it("files a double submit once and shows the same receipt", async () => {
    const before = await reportCount();
    const fields = valid();
    const [first, second] = await Promise.all([post(fields), post(fields)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const receipt = (html: string) => [/data-reference="(TRG-[^"]+)"/.exec(html)?.[1], /data-receipt-code="([^"]+)"/.exec(html)?.[1]];
    expect(receipt(first.html)).toEqual(receipt(second.html));
    expect(receipt(first.html)[0]).toMatch(/^TRG-/);
    expect(await reportCount()).toBe(before + 1);
  });
});
