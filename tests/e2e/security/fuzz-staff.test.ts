import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breaking, expectRefused, fuzzCases, type FieldRule } from "../support/fuzz";
import { changedTables, httpClient, type Fields, type HttpClient } from "../support/http-client";
import { caseIdOf, createPublishedEvent, fileReport, reportChoices, validEvent, validReport } from "../support/scenario";
import { startServer, type RunningServer } from "../support/server";
import { demo } from "../support/staff";

const SEED = 7_2026_02;
const password = { bad: ["", "short", "password123", "x".repeat(300), "\u0000".repeat(20)], required: true, single: true } satisfies FieldRule;

/** Staff forms, fuzzed with seeded hostile input: always a 4xx with a field error, never a row. */
describe(`staff forms under fuzzed input (seed ${SEED})`, () => {
  let server: RunningServer;
  let client: HttpClient;
  let admin: string;
  let officer: string;
  let organizer: string;
  let caseId: string;
  let eventId: string;
  let inviteToken: string;
  let resetToken: string;

  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000" });
    client = httpClient(server.url);
    [admin, officer, organizer] = [await client.logIn(demo.administrator, "10.5.0.1"), await client.logIn(demo.officer, "10.5.0.2"), await client.logIn(demo.organizer, "10.5.0.3")];
    const { reference } = await fileReport(client, validReport(await reportChoices(client)));
    caseId = await caseIdOf(client, officer, reference);
    eventId = await createPublishedEvent(client, organizer);
    const invited = await client.post("/da/staff/admin/users", [["intent", "invite"], ["email", "new.staff@example.dk"], ["name", "New Staff"], ["roles", "officer"], ["locale", "da"]], { cookie: admin });
    expect(invited.status).toBe(200);
    inviteToken = /\/staff\/invite\/([a-z2-7]+)/.exec((await client.mailLinks("new.staff@example.dk")).join(" "))![1]!;
    await client.post("/da/staff/password-reset", { email: demo.organizer.email });
    resetToken = /\/staff\/password-reset\/([a-z2-7]+)/.exec((await client.mailLinks(demo.organizer.email)).join(" "))![1]!;
  });
  afterAll(async () => server?.stop());

  async function expectAllRefused(label: string, path: string, cases: ReturnType<typeof fuzzCases>, options: { cookie?: string; statuses?: number[]; ignore?: string[] } = {}) {
    const before = await client.rowCounts();
    for (const [index, fuzz] of cases.entries()) {
      const answer = await client.post(path, fuzz.fields, { cookie: options.cookie, rawBody: fuzz.rawBody, headers: { "X-Forwarded-For": `10.6.${index}.7` } });
      expectRefused(answer, `${label} ${fuzz.label}`, options.statuses);
    }
    expect(changedTables(before, await client.rowCounts(), options.ignore)).toEqual([]);
  }

  it(`login, password reset request and new password, invite acceptance (seed ${SEED})`, async () => {
    await expectAllRefused("login", "/da/staff/login", fuzzCases(SEED, 25, () => [["email", "nobody@example.dk"], ["password", "wrong password"]], {
      email: { bad: breaking.email, required: true, single: true },
      password: { bad: ["x".repeat(257), "y".repeat(5000)], required: true, single: true },
    }));
    await expectAllRefused("reset request", "/da/staff/password-reset", fuzzCases(SEED + 1, 20, () => [["email", "nobody@example.dk"]], {
      email: { bad: breaking.email, required: true, single: true },
    }));
    const newPassword = (): Fields => [["password", "a long and good passphrase 42"], ["confirm", "a long and good passphrase 42"]];
    await expectAllRefused("new password", `/da/staff/password-reset/${resetToken}`, fuzzCases(SEED + 2, 20, newPassword, { password, confirm: { bad: ["", "different"], required: true, single: true } }));
    await expectAllRefused("invite", `/da/staff/invite/${inviteToken}`, fuzzCases(SEED + 3, 20, newPassword, { password, confirm: { bad: ["", "different"], required: true, single: true } }));
    // Made-up tokens with a good password: refused (410) and nothing written.
    const before = await client.rowCounts();
    for (const path of [`/da/staff/invite/${"a".repeat(32)}`, `/da/staff/password-reset/${"b".repeat(32)}`, "/da/staff/invite/%00", "/da/staff/password-reset/x"]) {
      const answer = await client.post(path, newPassword());
      expect(answer.status, path).toBe(410);
    }
    expect(changedTables(before, await client.rowCounts())).toEqual([]);
  });

  it(`two-factor and enrolment codes (seed ${SEED})`, async () => {
    const pending = (await client.post("/da/staff/login", { email: demo.organizer.email, password: demo.organizer.password }, { headers: { "X-Forwarded-For": "10.7.0.1" } })).setCookie.split(";")[0]!;
    await expectAllRefused("two-factor", "/da/staff/two-factor", fuzzCases(SEED + 5, 20, () => [["code", "12345"]], {
      code: { bad: ["", "1", "x".repeat(21), "9".repeat(400)], required: true, single: true },
    }), { cookie: pending, ignore: ["throttles", "audit_log"] });
    const accepted = await client.post(`/da/staff/invite/${inviteToken}`, { password: "a long and good passphrase 42", confirm: "a long and good passphrase 42" });
    expect(accepted.status).toBe(302);
    const enrolling = accepted.setCookie.split(";")[0]!;
    await expectAllRefused("enroll", "/da/staff/enroll", fuzzCases(SEED + 6, 20, () => [["code", "123456"]], {
      code: { bad: ["", "12345", "1234567", "abcdef", "１２３４５６", "99999999999999999999"], required: true, single: true },
    }), { cookie: enrolling });
  });

  it(`administrator forms: invite, units, coverage, broadcasts (seed ${SEED})`, async () => {
    await expectAllRefused("users invite", "/da/staff/admin/users", fuzzCases(SEED + 7, 25, () => [["intent", "invite"], ["email", "someone@example.dk"], ["name", "Some One"], ["roles", "officer"], ["locale", "da"]], {
      email: { bad: breaking.email, required: true, single: true },
      name: { bad: breaking.requiredText(2, 120), required: true, single: true },
      roles: { bad: ["king", "", "__proto__"], required: true },
      locale: { bad: ["en", "fi", ...breaking.choice], required: true, single: true },
    }), { cookie: admin });
    await expectAllRefused("users manage", "/da/staff/admin/users", fuzzCases(SEED + 8, 15, () => [["intent", "set-roles"], ["userId", "not-a-uuid"], ["roles", "officer"]], {
      intent: { bad: ["delete-everything", "", "__proto__"], required: true },
      userId: { bad: breaking.uuid, required: true },
    }), { cookie: admin });
    await expectAllRefused("units", "/da/staff/admin/units", fuzzCases(SEED + 9, 25, () => [["country", "dk"], ["kind", "party"], ["name", "Et nyt parti"], ["parentId", ""], ["areaUnitId", ""]], {
      country: { bad: ["fi", ...breaking.choice], required: true, single: true },
      kind: { bad: breaking.choice, required: true, single: true },
      name: { bad: breaking.requiredText(2, 160), required: true, single: true },
      parentId: { bad: breaking.uuid.slice(0, 3), single: true },
    }), { cookie: admin });
    await expectAllRefused("coverage", "/da/staff/admin/coverage", fuzzCases(SEED + 10, 15, () => [["country", "dk"], ["deadline", "2026-11-01"]], {
      country: { bad: ["fi", ...breaking.choice], required: true },
      deadline: { bad: breaking.date, required: true },
    }), { cookie: admin });
    await expectAllRefused("broadcasts", "/da/staff/admin/broadcasts", fuzzCases(SEED + 11, 20, () => [["title", "Vigtig besked"], ["body", "Husk at låse døren efter mødet."]], {
      title: { bad: breaking.requiredText(3, 140), required: true, single: true },
      body: { bad: breaking.requiredText(10, 4000), required: true, single: true },
    }), { cookie: admin });
  });

  it(`the officer's case actions (seed ${SEED})`, async () => {
    const rules: Record<string, FieldRule> = {
      intent: { bad: ["delete", "", "__proto__", "constructor", "x".repeat(1000)], required: true },
      text: { bad: ["", "   ", "x".repeat(5001)], required: true },
    };
    await expectAllRefused("case note", `/da/staff/reports/${caseId}`, fuzzCases(SEED + 12, 15, () => [["intent", "note"], ["text", "A note."]], rules), { cookie: officer });
    await expectAllRefused("case close", `/da/staff/reports/${caseId}`, fuzzCases(SEED + 13, 10, () => [["intent", "close"], ["outcome", "resolved"], ["note", "Done."]], {
      outcome: { bad: breaking.choice, required: true },
      note: { bad: ["", "x".repeat(5001)], required: true },
    }), { cookie: officer });
    await expectAllRefused("case police/offer/status", `/da/staff/reports/${caseId}`, [
      ...fuzzCases(SEED + 14, 5, () => [["intent", "police"], ["caseNumber", "1234-56"]], { caseNumber: { bad: ["", "9".repeat(61)], required: true } }),
      ...fuzzCases(SEED + 15, 5, () => [["intent", "offer"], ["toUserId", crypto.randomUUID()]], { toUserId: { bad: breaking.uuid, required: true } }),
      ...fuzzCases(SEED + 16, 5, () => [["intent", "status"], ["status", "in_progress"]], { status: { bad: ["closed", "new", ...breaking.choice], required: true } }),
    ], { cookie: officer });
  });

  it(`the organizer's event forms, create and edit (seed ${SEED})`, async () => {
    const rules: Record<string, FieldRule> = {
      titleDa: { bad: breaking.text(160), single: true },
      descriptionDa: { bad: breaking.text(4000), single: true },
      timeZone: { bad: ["UTC", "Europe/Berlin", ...breaking.choice], required: true, single: true },
      date: { bad: breaking.date, required: true, single: true },
      startTime: { bad: breaking.time, required: true, single: true },
      endTime: { bad: [...breaking.time, "17:00"], required: true, single: true },
      audience: { bad: ["everyone", "", "__proto__"], required: true },
      capacity: { bad: ["0", ...breaking.number], required: true, single: true },
      deadlineDate: { bad: [...breaking.date, "2999-01-01"], required: true, single: true },
      joinUrl: { bad: ["javascript:alert(1)", "http://meet.example.org", "data:text/html,<script>alert(1)</script>", "not a url", ""], required: true, single: true },
    };
    await expectAllRefused("event create", "/da/staff/events", fuzzCases(SEED + 17, 25, () => validEvent(), rules), { cookie: organizer });
    await expectAllRefused("event edit", `/da/staff/events/${eventId}`, fuzzCases(SEED + 18, 20, () => [["intent", "edit"], ...validEvent()], rules), { cookie: organizer });
    await expectAllRefused("event actions", `/da/staff/events/${eventId}`, fuzzCases(SEED + 19, 10, () => [["intent", "mail"], ["body", "Hello all"]], {
      intent: { bad: ["explode", "", "__proto__"], required: true },
      body: { bad: ["", "abc", "x".repeat(4001)], required: true },
    }), { cookie: organizer });
  });
});
