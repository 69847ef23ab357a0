import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, type HttpClient } from "./support/http-client";
import { caseIdOf, fileReport, openCase, reportChoices, validReport } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

const da = JSON.parse(fs.readFileSync("locales/da/report.json", "utf8"));
/** HTML escapes as React writes them, for finding a translated text in a page. */
const html = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");

/** Issue #13, defects 8 and 9: the status page keeps the case open for the visit, and a closed case is no dead end. */
describe("the reporter's visit on the status page, over HTTP", () => {
  let server: RunningServer;
  let client: HttpClient;
  let officer: string;

  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000" });
    client = httpClient(server.url);
    officer = await client.logIn(demo.officer);
  });
  afterAll(async () => server?.stop());

  const newReport = async () => fileReport(client, validReport(await reportChoices(client)));
  const send = (cookie: string, message: string) => client.post("/da/report/status", { intent: "message", message }, { cookie, multipart: true });
  const messagesIn = (page: string) => [...page.matchAll(/<li data-event="message_from_reporter">[\s\S]*?<p class="preserve-lines">([^<]*)<\/p>/g)].map((match) => match[1]);

  it("opening with the code sets a browser-session cookie: HttpOnly, SameSite=Strict, Path=/, no Max-Age or Expires", async () => {
    const receipt = await newReport();
    const { answer } = await openCase(client, receipt);
    const cookie = answer.setCookie.split(/,(?=\s*\w+=)/).find((part) => part.trim().startsWith("trygg_visit="))!.trim();
    const attributes = cookie.split(";").slice(1).map((part) => part.trim().toLowerCase());
    expect(cookie).toMatch(/^trygg_visit=[a-z2-7]{32};/);
    expect(attributes.sort()).toEqual(["httponly", "path=/", "samesite=strict"]);
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });

  it("after one opening, GET shows the case and two messages go without the code; the code is in no page", async () => {
    const receipt = await newReport();
    const { cookie, answer } = await openCase(client, receipt);
    const pages = [answer.html];
    const shown = await client.get("/da/report/status", { cookie });
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('data-report-status="received"');
    pages.push(shown.html);
    for (const text of ["The first letter came on Monday.", "A second one today."]) {
      const sent = await send(cookie, text);
      expect(sent.status, sent.html.slice(0, 300)).toBe(200);
      expect(sent.html).toContain(html(da.status.sent));
      pages.push(sent.html);
    }
    expect(messagesIn(pages.at(-1)!)).toEqual(["The first letter came on Monday.", "A second one today."]);
    for (const page of pages) {
      expect(page).not.toContain(receipt.code);
      expect(page).not.toContain(receipt.code.replaceAll("-", ""));
      expect(page).not.toMatch(/name="code"/);
      // The reference may stay.
      expect(page).toContain(receipt.reference);
    }
    // Without the cookie: the empty open form.
    const anonymous = await client.get("/da/report/status");
    expect(anonymous.html).toContain('id="open-report"');
    expect(anonymous.html).not.toContain("data-report-status");
  });

  it("'hide this case' ends the visit: the cookie is cleared, a confirmation shows, a later message gets the open form", async () => {
    const receipt = await newReport();
    const { cookie } = await openCase(client, receipt);
    const hidden = await client.post("/da/report/status", { intent: "hide" }, { cookie });
    expect(hidden.status).toBe(200);
    expect(hidden.setCookie).toMatch(/^trygg_visit=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/);
    expect(hidden.html).toContain(html(da.status.hidden));
    expect(hidden.html).toContain('id="open-report"');
    expect(hidden.html).not.toContain("data-report-status");
    // The old cookie, sent again (a copy of it, or a stale tab), opens nothing.
    const late = await send(cookie, "Sent after hiding.");
    expect(late.status).toBe(403);
    expect(late.html).toContain(html(da.status.errors.visitEnded));
    expect(late.html).toContain('id="open-report"');
    expect(late.html).not.toContain("data-report-status");
    // The typed text rides along in the open form, to come back in the reply form after opening.
    expect(late.html).toMatch(/<input type="hidden" name="draft" value="Sent after hiding\."\/>/);
    expect((await client.get("/da/report/status", { cookie })).html).toContain('id="open-report"');
    const caseId = await caseIdOf(client, officer, receipt.reference);
    expect((await client.get(`/da/staff/reports/${caseId}`, { cookie: officer })).html).not.toContain("Sent after hiding.");
  });

  it("opening again with the code replaces the previous visit", async () => {
    const receipt = await newReport();
    const first = await openCase(client, receipt);
    const second = await openCase(client, receipt, {});
    expect(second.cookie).not.toBe(first.cookie);
    const again = await client.post("/da/report/status", { intent: "open", reference: receipt.reference, code: receipt.code }, { cookie: second.cookie });
    const third = /trygg_visit=([a-z2-7]{32})/.exec(again.setCookie)![0];
    expect((await send(second.cookie, "old")).status).toBe(403);
    expect((await send(third, "new")).status).toBe(200);
  });

  it("a closed case: the page says writing reopens it; a message reopens it for the officer, who is mailed", async () => {
    const receipt = await newReport();
    const caseId = await caseIdOf(client, officer, receipt.reference);
    const casePath = `/da/staff/reports/${caseId}`;
    for (const fields of [{ intent: "acknowledge" }, { intent: "close", outcome: "resolved", note: "Talked it through." }] as Array<Record<string, string>>) {
      const answer = await client.post(casePath, fields, { cookie: officer });
      expect(answer.status, `${fields.intent}: ${answer.html.slice(0, 300)}`).toBe(200);
    }
    const { cookie, answer } = await openCase(client, receipt);
    expect(answer.html).toContain('data-report-status="closed"');
    expect(answer.html).toContain(html(da.status.closedReopens));
    // The note comes before the reply form, and "report it again" links to a new report.
    expect(answer.html.indexOf("data-reopen-note")).toBeLessThan(answer.html.indexOf('id="reporter-message"'));
    expect(answer.html).toMatch(/data-report-again="">(?:(?!<\/p>)[\s\S])*<a href="\/da\/report">/);

    const sent = await send(cookie, "He is back outside my house.");
    expect(sent.status, sent.html.slice(0, 300)).toBe(200);
    expect(sent.html).toContain('data-report-status="in_progress"');
    expect(sent.html).toContain(html(da.status.reopened));
    expect(sent.html).toContain(html(da.status.eventReopenedByYou));
    expect(sent.html).not.toContain("data-reopen-note");

    const officerView = (await client.get(casePath, { cookie: officer })).html;
    expect(officerView).toContain('data-case-status="in_progress"');
    expect(officerView).toContain('data-event="reopened"');
    expect(officerView).toContain("He is back outside my house.");
    // The owner is told by mail (reference and link only), and the link leads to the case.
    const links = await client.mailLinks(demo.officer.email, "reportReopened");
    expect(links.some((link) => link.endsWith(casePath))).toBe(true);
  });
});
