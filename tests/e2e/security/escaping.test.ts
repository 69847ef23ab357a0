import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMail, type MailMessage } from "~/mail/messages.server";
import { httpClient, type HttpClient } from "../support/http-client";
import { caseIdOf, createPublishedEvent, fileReport, reportChoices, validEvent, validReport, openCase } from "../support/scenario";
import { startServer, type RunningServer } from "../support/server";
import { demo } from "../support/staff";

const XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>", "javascript:alert(1)"];
const SQL = ["'); drop table reports; --", "' OR '1'='1", "Robert'); DROP TABLE students;--"];
const PAYLOADS = [...XSS, ...SQL];

/** What must never reach a page unescaped: a live element, or an attribute breaking out. */
const RAW_MARKUP = [/<script>alert\(1\)/i, /<img src=x onerror/i, /<svg onload/i, /onerror=alert\(1\)>/i];
/** `javascript:` as a link, source or form target. */
const JAVASCRIPT_URL = /\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*javascript:/i;

/** HTML entities back to text (named ones React and html-to-text use, and numeric ones). */
function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&(lt|gt|quot|apos|nbsp|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", amp: "&" })[name]!);
}

/**
 * The text a reader is shown: the markup without its <script> elements (the loader data Remix
 * serialises there holds every value as JSON, which would hide a field that is never rendered),
 * entities decoded.
 */
function shownText(html: string): string {
  return decodeEntities(withoutScripts(html));
}
const withoutScripts = (html: string) => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");

function expectNoLiveMarkup(body: string, label: string) {
  for (const pattern of RAW_MARKUP) expect(pattern.test(body), `${label}: unescaped ${pattern}`).toBe(false);
  expect(JAVASCRIPT_URL.test(body), `${label}: a javascript: URL became a link`).toBe(false);
}

/** The page is free of live markup, and every value is shown (escaped) on it. */
function expectEscapedAndShown(body: string, values: string[], label: string, options: { ignoreCase?: boolean } = {}) {
  expectNoLiveMarkup(body, label);
  // A mail's text part sets headings in capitals: compare without case there.
  const fold = (text: string) => (options.ignoreCase ? text.toLowerCase() : text);
  const shown = fold(shownText(body));
  for (const value of values) expect(shown.includes(fold(value)), `${label}: "${value}" is not shown`).toBe(true);
  // In the markup (outside the JSON of the loader data), text with < > " or ' is shown as entities.
  const markup = withoutScripts(body);
  for (const value of values.filter((v) => /[<>'"]/.test(v))) {
    expect(markup.includes(value), `${label}: "${value}" appears verbatim, unescaped`).toBe(false);
  }
}

/** One free-text value per field and payload: the field's name, the payload's number, the payload. */
const value = (field: string, index: number) => `${field}${index} ${PAYLOADS[index]}`;

/**
 * Markup and SQL-looking text in every free-text field, read back by the person who sees it: always
 * escaped, always shown, stored verbatim, and no table dropped.
 */
describe("hostile text is escaped wherever it is shown", () => {
  let server: RunningServer;
  let client: HttpClient;
  let admin: string;
  let officer: string;
  let organizer: string;
  let tablesBefore: Record<string, number>;
  const receipts: Array<{ reference: string; code: string; caseId: string }> = [];
  const eventIds: string[] = [];

  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000" });
    client = httpClient(server.url);
    [admin, officer, organizer] = [await client.logIn(demo.administrator, "10.61.0.1"), await client.logIn(demo.officer, "10.61.0.2"), await client.logIn(demo.organizer, "10.61.0.3")];
    tablesBefore = await client.rowCounts();
    const choices = await reportChoices(client);

    for (const index of PAYLOADS.keys()) {
      const headers = { "X-Forwarded-For": `10.62.0.${index + 1}` };
      // The report form: the SQL-looking payloads also in an e-mail address (which takes a quote).
      const sql = index >= XSS.length;
      const report = validReport(choices, {
        description: value("description", index),
        where: value("where", index),
        perpetrator: value("perpetrator", index),
        policeTold: "yes",
        policeCaseNumber: value("police", index),
        ...(sql ? { contactMethod: "email", contactEmail: `o'hara'--${index}@example.dk` } : {}),
      });
      const filed = await fileReport(client, report, [], headers);
      const caseId = await caseIdOf(client, officer, filed.reference);
      receipts.push({ ...filed, caseId });
      // The reporter writes on the status page; the officer takes the case, notes and answers.
      const { cookie: visit } = await openCase(client, filed, headers);
      const message = await client.post("/da/report/status", { intent: "message", message: value("reporter", index) }, { cookie: visit, multipart: true, headers });
      expect(message.status, message.html.slice(0, 300)).toBe(200);
      for (const fields of [{ intent: "acknowledge" }, { intent: "note", text: value("note", index) }, { intent: "message", text: value("officer", index) }] as Array<Record<string, string>>) {
        const answer = await client.post(`/da/staff/reports/${caseId}`, fields, { cookie: officer });
        expect(answer.status, `${fields.intent}: ${answer.html.slice(0, 300)}`).toBe(200);
      }

      // The organizer's event, a registration with text in every field, and a mail to attendees.
      const eventId = await createPublishedEvent(client, organizer, validEvent({
        titleDa: value("title", index),
        descriptionDa: value("eventtext", index),
        agendaDa: `${value("agenda", index)}\nKaffe`,
        meetingId: value("meeting", index).slice(0, 60),
        passcode: value("pass", index).slice(0, 60),
      }));
      eventIds.push(eventId);
      const registered = await client.post(`/da/events/${eventId}`, { name: value("name", index), email: `attendee${index}@example.dk`, role: "candidate", organization: value("org", index), accessibilityNeeds: value("needs", index) }, { headers });
      expect(registered.status, registered.html.slice(0, 300)).toBe(200);
      const mailed = await client.post(`/da/staff/events/${eventId}`, { intent: "mail", body: value("eventmail", index) }, { cookie: organizer });
      expect(mailed.status, mailed.html.slice(0, 300)).toBe(200);

      // A broadcast to the officers, and an invitation.
      const broadcast = await client.post("/da/staff/admin/broadcasts", [["countries", "dk"], ["titleDa", value("btitle", index)], ["bodyDa", value("bbody", index)]], { cookie: admin });
      expect(broadcast.status, broadcast.html.slice(0, 300)).toBe(200);
      const invited = await client.post("/da/staff/admin/users", [["intent", "invite"], ["email", `invitee${index}@example.dk`], ["name", value("staffname", index)], ["roles", "officer"], ["locale", "da"]], { cookie: admin });
      expect(invited.status, invited.html.slice(0, 300)).toBe(200);
    }
  });
  afterAll(async () => server?.stop());

  it("the officer's queue and case pages", async () => {
    expectNoLiveMarkup((await client.get("/da/staff/reports", { cookie: officer })).html, "queue");
    for (const [index, receipt] of receipts.entries()) {
      const page = await client.get(`/da/staff/reports/${receipt.caseId}`, { cookie: officer });
      expect(page.status).toBe(200);
      const fields = ["description", "where", "perpetrator", "police", "reporter", "note", "officer"].map((field) => value(field, index));
      if (index >= XSS.length) fields.push(`o'hara'--${index}@example.dk`);
      expectEscapedAndShown(page.html, fields, `case page ${index}`);
    }
  });

  it("the reporter's status page, opened with reference and receipt code", async () => {
    for (const [index, receipt] of receipts.entries()) {
      const page = await client.post("/da/report/status", { intent: "open", reference: receipt.reference, code: receipt.code }, { multipart: true, headers: { "X-Forwarded-For": `10.63.0.${index + 1}` } });
      expect(page.status).toBe(200);
      expectEscapedAndShown(page.html, ["description", "where", "perpetrator", "police", "reporter", "officer"].map((field) => value(field, index)), `status page ${index}`);
      // The officer's private note never reaches the reporter.
      expect(shownText(page.html)).not.toContain(value("note", index));
    }
  });

  it("a refused report form shows hostile input back escaped", async () => {
    const choices = await reportChoices(client);
    for (const [index, payload] of XSS.entries()) {
      const answer = await client.post("/da/report?index", validReport(choices, { contactMethod: "email", contactEmail: `${payload}@example.dk`, description: "x" }), { multipart: true, headers: { "X-Forwarded-For": `10.64.0.${index + 1}` } });
      expect(answer.status).toBe(400);
      expectNoLiveMarkup(answer.html, `refused report ${index}`);
    }
  });

  it("the public event page and list, and the organizer's event page with the registration", async () => {
    const list = await client.get("/da/events");
    expect(list.status).toBe(200);
    expectEscapedAndShown(list.html, PAYLOADS.flatMap((_, index) => [value("title", index), value("eventtext", index)]), "event list");
    for (const [index, eventId] of eventIds.entries()) {
      const page = await client.get(`/da/events/${eventId}`);
      expect(page.status).toBe(200);
      expectEscapedAndShown(page.html, [value("title", index), value("eventtext", index), value("agenda", index)], `event page ${index}`);
      const staffPage = await client.get(`/da/staff/events/${eventId}`, { cookie: organizer });
      expect(staffPage.status).toBe(200);
      // The attendee's organisation and needs are not on the page (only in the CSV export).
      expectEscapedAndShown(staffPage.html, [value("title", index), value("name", index)], `staff event page ${index}`);
    }
  });

  it("the broadcast banner, the administrator's broadcasts and users pages", async () => {
    const broadcasts = PAYLOADS.flatMap((_, index) => [value("btitle", index), value("bbody", index)]);
    expectEscapedAndShown((await client.get("/da/staff", { cookie: officer })).html, broadcasts, "officer's dashboard banners");
    expectEscapedAndShown((await client.get("/da/staff/admin/broadcasts", { cookie: admin })).html, broadcasts, "admin broadcasts");
    expectEscapedAndShown((await client.get("/da/staff/admin/users", { cookie: admin })).html, PAYLOADS.map((_, index) => value("staffname", index)), "admin users");
  });

  it("the mails, in the outbox list and on each mail's page", async () => {
    const list = (await client.get("/dev/outbox")).html;
    expectEscapedAndShown(list, PAYLOADS.flatMap((_, index) => [value("btitle", index), value("title", index)]), "outbox list");
    const mailsTo = async (to: string, template: string) => {
      const ids = [...list.matchAll(/<tr data-mail-to="([^"]*)" data-mail-template="([^"]*)">[\s\S]*?href="(\/dev\/outbox\/[0-9a-f-]{36})"/g)]
        .filter((row) => decodeEntities(row[1]!) === to && row[2] === template)
        .map((row) => row[3]!);
      expect(ids.length, `mail ${template} to ${to}`).toBeGreaterThan(0);
      return Promise.all(ids.map(async (path) => (await client.get(path)).html));
    };
    const broadcastMails = (await mailsTo(demo.officer.email, "broadcast")).join("\n");
    expectEscapedAndShown(broadcastMails, PAYLOADS.flatMap((_, index) => [value("btitle", index), value("bbody", index)]), "broadcast mails", { ignoreCase: true });
    for (const index of PAYLOADS.keys()) {
      expectEscapedAndShown((await mailsTo(`invitee${index}@example.dk`, "invite")).join("\n"), [value("staffname", index)], `invitation ${index}`, { ignoreCase: true });
      const eventMails = (await mailsTo(`attendee${index}@example.dk`, "event")).join("\n");
      expectEscapedAndShown(eventMails, [value("title", index), value("eventmail", index), value("meeting", index).slice(0, 60), value("pass", index).slice(0, 60)], `event mails ${index}`, { ignoreCase: true });
    }
  });

  it("every table is still there, with the rows the scenario added", async () => {
    const after = await client.rowCounts();
    expect(Object.keys(after).sort()).toEqual(Object.keys(tablesBefore).sort());
    expect(after.reports! - tablesBefore.reports!).toBe(PAYLOADS.length);
    expect(after.events! - tablesBefore.events!).toBe(PAYLOADS.length);
    expect(after.broadcasts! - tablesBefore.broadcasts!).toBe(PAYLOADS.length);
    expect(after.users! - tablesBefore.users!).toBe(PAYLOADS.length);
    // The site still answers from those tables.
    expect((await client.get("/da/staff/reports", { cookie: officer })).status).toBe(200);
  });

  it("unit names an administrator types: escaped on the public report form and the units page", async () => {
    const names = PAYLOADS.map((_, index) => value("unit", index));
    for (const name of names) {
      const created = await client.post("/da/staff/admin/units", { country: "se", kind: "party", name, parentId: "", areaUnitId: "" }, { cookie: admin });
      expect(created.status, created.html.slice(0, 300)).toBe(302);
    }
    // Anyone can open the report form, whose party list shows them.
    expectEscapedAndShown((await client.get("/sv/report")).html, names, "public report form");
    expectEscapedAndShown((await client.get("/da/staff/admin/units?country=se", { cookie: admin })).html, names, "units page");
  });
});

/** The HTML part of every mail, straight from the renderer that fills the outbox (the outbox page shows only the text part). */
describe("mail HTML escapes what people wrote", () => {
  it("every template, with every payload in every value", async () => {
    for (const [index, payload] of PAYLOADS.entries()) {
      const text = `v${index} ${payload}`;
      const link = "https://trygg.example/da/staff";
      const messages: MailMessage[] = [
        { kind: "invite", name: text, link },
        { kind: "broadcast", title: text, body: `${text}\n\n${text}`, link },
        ...(["registered", "waitlisted", "promoted", "reminder", "cancelled", "message"] as const).map((variant): MailMessage => ({
          kind: "event",
          variant,
          title: text,
          when: "1. december 2026 18:00",
          link,
          body: text,
          join: { url: "https://meet.example.org/room", meetingId: text, passcode: text },
        })),
      ];
      for (const message of messages) {
        const mail = await renderMail(message, "da");
        const label = `${message.kind}${"variant" in message ? `/${message.variant}` : ""} ${index}`;
        expectNoLiveMarkup(mail.html, `${label} html`);
        expect(shownText(mail.html), `${label} html`).toContain(text);
        if (/[<>'"]/.test(text)) expect(mail.html.includes(text), `${label}: verbatim in html`).toBe(false);
        // Subject and plain text are not HTML: they carry the text as written, not entities.
        expect(mail.text.toLowerCase(), `${label} text`).toContain(text.toLowerCase());
        if (message.kind !== "invite") expect(mail.subject, `${label} subject`).toContain(text);
      }
    }
  });
});
