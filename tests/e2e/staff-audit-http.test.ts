import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, type HttpClient } from "./support/http-client";
import { caseIdOf, createPublishedEvent, fileReport, reportChoices, validEvent, validReport } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The demo accounts' names, as the seed gives them. */
const nameOf = (login: { email: string }) => login.email.split("@")[0]!.replace(/^./, (c) => c.toUpperCase()) + " (demo)";
const strings = (locale: string) => JSON.parse(fs.readFileSync(`locales/${locale}/staff.json`, "utf8"));
const tableOf = (html: string) => /<table[^>]*data-audit-table[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
/** The text a reader sees: tags (and the ids inside their attributes) dropped. */
const textOf = (html: string) => html.replace(/<\/t[dh]>/g, " ").replace(/<[^>]*>/g, "").replace(/\s+/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

/** The audit log as an administrator reads it: sentences with names and links, and the raw rows as CSV. */
describe("the audit log over HTTP", () => {
  let server: RunningServer;
  let client: HttpClient;
  let admin: string;
  let organizer: string;
  let eventId: string;
  let caseId: string;
  let reference: string;
  const hostile = "-2+3@evil.example";

  beforeAll(async () => {
    server = await startServer();
    client = httpClient(server.url);
    admin = await client.logIn(demo.administrator, "10.21.0.1");
    organizer = await client.logIn(demo.organizer, "10.21.0.2");
    const officer = await client.logIn(demo.officer, "10.21.0.3");
    // A failed login whose typed address looks like a spreadsheet formula.
    await client.post("/da/staff/login", { email: hostile, password: "wrong password" }, { headers: { "X-Forwarded-For": "10.21.0.4" } });
    eventId = await createPublishedEvent(client, organizer, validEvent({ titleSv: "Säkerhet på valmöten", descriptionSv: "Hur man förbereder ett valmöte.", agendaSv: "Välkommen" }));
    reference = (await fileReport(client, validReport(await reportChoices(client)))).reference;
    caseId = await caseIdOf(client, officer, reference);
    expect((await client.get(`/da/staff/reports/${caseId}`, { cookie: officer })).status).toBe(200);
  });
  afterAll(async () => server?.stop());

  it.each(["da", "sv", "nb"])("in %s: each entry is a sentence with names and links, no codes, JSON or bare ids", async (locale) => {
    const t = strings(locale).auditLog;
    const page = await client.get(`/${locale}/staff/admin/audit`, { cookie: admin });
    expect(page.status).toBe(200);
    const table = tableOf(page.html);
    expect(table).not.toBe("");
    // The event's title in the reader's language (nb has none, so the Danish one), linked.
    const title = locale === "sv" ? "Säkerhet på valmöten" : "Sikkerhed på valgmøder";
    const published = new RegExp(`<tr[^>]*data-action="event.published"[^>]*>[\\s\\S]*?</tr>`).exec(table)?.[0] ?? "";
    expect(published).toContain(`<a href="/${locale}/staff/events/${eventId}">${title}</a>`);
    expect(textOf(published)).toContain(t.sentences.event.published.replace("{{actor}}", nameOf(demo.organizer)).replace(/<\/?subject>/g, "").replace("{{subject}}", title));
    // A report by its reference, linked to the case.
    const viewed = new RegExp(`<tr[^>]*data-action="report.viewed"[^>]*>[\\s\\S]*?</tr>`).exec(table)?.[0] ?? "";
    expect(viewed).toContain(`<a href="/${locale}/staff/reports/${caseId}">${reference}</a>`);
    expect(textOf(viewed)).toContain(nameOf(demo.officer));
    // The failed login names the typed address, as text.
    expect(textOf(table)).toContain(t.sentences.login.failed.replace("{{actor}}", hostile));
    const text = textOf(table);
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain("{");
    expect(text).not.toMatch(/\b(event\.published|report\.viewed|login\.failed|login\.password-ok)\b/);
    // The filter offers the actions by name.
    expect(page.html).toContain(`<option value="event.published">${t.names.event.published}</option>`);
    expect(page.html).not.toContain(`<option value="event.published">event.published</option>`);
    expect(page.html).toContain(`href="/${locale}/staff/admin/audit.csv"`);
  });

  it("filters by an action code with an underscore", async () => {
    const page = await client.get(`/da/staff/admin/audit?action=report.status_changed`, { cookie: admin });
    // The filter is kept (not dropped as invalid), down to the CSV link, and matches no row yet.
    expect(page.html).toContain('href="/da/staff/admin/audit.csv?action=report.status_changed"');
    expect(tableOf(page.html)).not.toContain("data-action=");
    expect(page.html).toContain('<option value="report.viewed">');
  });

  it("exports the raw rows as CSV with the page's filters, neutralising formulas, unstored and audited", async () => {
    const answer = await client.get("/da/staff/admin/audit.csv", { cookie: admin });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(answer.headers.get("cache-control")).toContain("no-store");
    const lines = answer.html.replace(/^\uFEFF/, "").split("\r\n");
    const csv = strings("da").auditLog.csv;
    expect(lines[0]).toBe([csv.at, csv.actorUserId, csv.actorEmail, csv.actorLabel, csv.action, csv.subjectType, csv.subjectId, csv.details, csv.ip].join(","));
    const failed = lines.find((line) => line.includes(",login.failed,"))!;
    expect(failed).toContain(`,'${hostile},login.failed,`);
    expect(failed).not.toContain(`,${hostile},`);
    const viewed = lines.find((line) => line.includes(",report.viewed,"))!;
    expect(viewed).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,${UUID.source},${demo.officer.email},,report\\.viewed,report,${caseId},\\{\\},`));
    const filtered = (await client.get("/da/staff/admin/audit.csv?action=event.published", { cookie: admin })).html.split("\r\n").filter(Boolean).slice(1);
    expect(filtered.length).toBe(1);
    expect(filtered[0]).toContain(`,event.published,event,${eventId},`);
    // The export is in the log itself.
    const page = await client.get("/sv/staff/admin/audit?action=audit.exported", { cookie: admin });
    expect(page.html).toContain('data-action="audit.exported"');
    expect(page.html).toMatch(new RegExp(`<option value="audit.exported"[^>]*>${strings("sv").auditLog.names.audit.exported}</option>`));
  });

  it("refuses the CSV to a non-administrator as the page does", async () => {
    for (const path of ["/da/staff/admin/audit", "/da/staff/admin/audit.csv"]) {
      expect((await client.get(path, { cookie: organizer })).status, path).toBe(403);
      const anonymous = await client.get(path);
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.location).toMatch(/\/da\/staff\/login/);
    }
  });
});
