import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breaking, expectRefused, fuzzCases, hostileText, seededRandom } from "../support/fuzz";
import { changedTables, httpClient, type HttpClient } from "../support/http-client";
import { createPublishedEvent, fileReport, reportChoices, validReport, openCase } from "../support/scenario";
import { startServer, type RunningServer } from "../support/server";
import { demo } from "../support/staff";

const SEED = 7_2026_01;

/** The public forms, fuzzed with seeded hostile input: always a 4xx with a field error, never a row. */
describe(`public forms under fuzzed input (seed ${SEED})`, () => {
  let server: RunningServer;
  let client: HttpClient;
  let choices: { party: string; place: string };
  let receipt: { reference: string; code: string };
  let eventId: string;

  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000" });
    client = httpClient(server.url);
    choices = await reportChoices(client);
    receipt = await fileReport(client, validReport(choices));
    const organizer = await client.logIn(demo.organizer);
    eventId = await createPublishedEvent(client, organizer);
  });
  afterAll(async () => server?.stop());

  it(`the report form (seed ${SEED})`, async () => {
    const before = await client.rowCounts();
    const cases = fuzzCases(SEED, 30, () => validReport(choices), {
      role: { bad: breaking.choice, required: true, single: true },
      country: { bad: ["fi", "DK", ...breaking.choice], required: true, single: true },
      party: { bad: breaking.uuid, single: true },
      place: { bad: [...breaking.uuid, "00000000-0000-4000-8000-000000000000"], required: true, single: true },
      level: { bad: ["0", "7", ...breaking.number], required: true, single: true },
      when: { bad: [...breaking.date, "2999-01-01"], required: true, single: true },
      description: { bad: breaking.requiredText(10, 5000), required: true, single: true },
      policeTold: { bad: breaking.choice, required: true, single: true },
      contactMethod: { bad: breaking.choice, required: true, single: true },
      consent: { bad: ["", "off", "no"], required: true },
      idempotencyKey: { bad: ["replay", "", "x".repeat(100)], required: true, single: true },
    }, { rawAllowed: false });
    for (const fuzz of cases) {
      const answer = await client.post("/da/report?index", fuzz.fields, { multipart: true, headers: { "X-Forwarded-For": "10.1.0.1" } });
      expectRefused(answer, `report ${fuzz.label}`);
    }
    // The same, urlencoded, with bytes that are not UTF-8.
    for (const fuzz of fuzzCases(SEED + 1, 10, () => validReport(choices), { level: { bad: ["9"], required: true }, consent: { bad: [""], required: true } })) {
      const answer = await client.post("/da/report?index", fuzz.fields, { rawBody: fuzz.rawBody, headers: { "X-Forwarded-For": "10.1.0.1" } });
      expectRefused(answer, `report urlencoded ${fuzz.label}`);
    }
    expect(changedTables(before, await client.rowCounts())).toEqual([]);
  });

  it(`the report status form and the reporter's message (seed ${SEED})`, async () => {
    const before = await client.rowCounts();
    const openCases = fuzzCases(SEED + 2, 20, () => [["intent", "open"], ["reference", receipt.reference], ["code", receipt.code]], {
      reference: { bad: ["", "abc", "x".repeat(41), "\u0000\u0000\u0000\u0000"], required: true },
      code: { bad: ["", "short", "x".repeat(61)], required: true },
    });
    const random = seededRandom(SEED + 3);
    for (const [index, fuzz] of openCases.entries()) {
      // Each case from its own address, so the guessing throttle (tested elsewhere) stays out of the way.
      const answer = await client.post("/da/report/status", fuzz.fields, { rawBody: fuzz.rawBody, headers: { "X-Forwarded-For": `10.2.${index}.${random.int(250)}` } });
      expectRefused(answer, `status ${fuzz.label}`);
    }
    // Messages go through the reporter's visit: opened once (its row is bookkeeping, like the throttle's).
    const { cookie: visit } = await openCase(client, receipt, { "X-Forwarded-For": "10.3.250.1" });
    const afterOpening = await client.rowCounts();
    const messageCases = fuzzCases(SEED + 4, 20, () => [["intent", "message"], ["message", "Hello"]], {
      message: { bad: ["", "   ", "x".repeat(5001), "y".repeat(20_000)], required: true },
    });
    for (const [index, fuzz] of messageCases.entries()) {
      const answer = await client.post("/da/report/status", fuzz.fields, { cookie: visit, rawBody: fuzz.rawBody, headers: { "X-Forwarded-For": `10.3.${index}.1` } });
      expectRefused(answer, `reporter message ${fuzz.label}`);
    }
    expect(changedTables(before, afterOpening, ["throttles", "audit_log", "reporter_sessions"])).toEqual([]);
    expect(changedTables(afterOpening, await client.rowCounts())).toEqual([]);
  });

  it(`search never fails on hostile queries (seed ${SEED})`, async () => {
    const random = seededRandom(SEED + 5);
    const queries = [
      ...Array.from({ length: 20 }, () => encodeURIComponent(hostileText(random).replace(/[\ud800-\udfff]/g, ""))),
      ...["%ED%A0%80", "%FF%FE", "%C0%AF", "%", "%zz", "a%00b", encodeURIComponent("x".repeat(201)), encodeURIComponent("ø".repeat(5000))],
      "q=a&q=b",
    ];
    for (const query of queries) {
      const path = query.startsWith("q=") ? `/da/search?${query}` : `/da/search?q=${query}`;
      const answer = await client.get(path);
      // 414/431: Node refuses a URL over its header limit before the app sees it.
      expect([200, 400, 414, 431], `${path.slice(0, 80)}: ${answer.status}`).toContain(answer.status);
      if (answer.status === 400) expectRefused(answer, path.slice(0, 80));
      expect(answer.html).not.toContain("<script>alert(1)</script>");
      expect(answer.html).not.toContain("<img src=x");
    }
  });

  it(`event registration (seed ${SEED})`, async () => {
    const before = await client.rowCounts();
    const cases = fuzzCases(SEED + 6, 30, () => [["name", "Anna Andersen"], ["email", "anna@example.dk"], ["role", "candidate"], ["organization", "Partiet"]], {
      name: { bad: breaking.requiredText(2, 120), required: true, single: true },
      email: { bad: breaking.email, required: true, single: true },
      role: { bad: breaking.choice, required: true, single: true },
      organization: { bad: breaking.text(160), single: true },
      accessibilityNeeds: { bad: breaking.text(1000), single: true },
    });
    for (const fuzz of cases) {
      const answer = await client.post(`/da/events/${eventId}`, fuzz.fields, { rawBody: fuzz.rawBody });
      expectRefused(answer, `registration ${fuzz.label}`);
    }
    expect(changedTables(before, await client.rowCounts())).toEqual([]);
  });

  it(`the attendee's manage page refuses made-up tokens (seed ${SEED})`, async () => {
    const before = await client.rowCounts();
    const random = seededRandom(SEED + 7);
    for (let index = 0; index < 20; index++) {
      const token = encodeURIComponent(random.pick([hostileText(random), "a".repeat(32), "x".repeat(5000), "..%2f..%2fetc%2fpasswd", crypto.randomUUID()]));
      const answer = await client.post(`/da/events/manage/${token}`, [["cancel", hostileText(random)]]);
      expect([404, 409], `manage ${token.slice(0, 60)}: ${answer.status}`).toContain(answer.status);
      const page = await client.get(`/da/events/manage/${token}`);
      expect(page.status, `manage GET ${token.slice(0, 60)}`).toBe(404);
    }
    expect(changedTables(before, await client.rowCounts())).toEqual([]);
  });
});
