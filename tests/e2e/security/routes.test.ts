import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedTables, httpClient, type HttpClient } from "../support/http-client";
import { caseIdOf, createPublishedEvent, fileReport, png, registerForEvent, reportChoices, validReport } from "../support/scenario";
import { startServer, type RunningServer } from "../support/server";
import { demo } from "../support/staff";

/** Every route of app/routes, over plain HTTP: headers, cross-origin refusal, and what guessing reveals. */
describe("every route", () => {
  let server: RunningServer;
  let client: HttpClient;
  let admin: string;
  let officer: string;
  let organizer: string;
  /** One concrete URL per route file, and the cookie to open it with. */
  let urls: Record<string, { path: string; cookie?: string }>;
  let receipt: { reference: string; code: string };
  let caseId: string;
  let attachmentPath: string;

  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000" });
    client = httpClient(server.url);
    [admin, officer, organizer] = [await client.logIn(demo.administrator, "10.8.0.1"), await client.logIn(demo.officer, "10.8.0.2"), await client.logIn(demo.organizer, "10.8.0.3")];
    receipt = await fileReport(client, validReport(await reportChoices(client)), [{ name: "photo.png", type: "image/png", bytes: png }]);
    caseId = await caseIdOf(client, officer, receipt.reference);
    attachmentPath = /href="(\/da\/staff\/reports\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36})"/.exec((await client.get(`/da/staff/reports/${caseId}`, { cookie: officer })).html)![1]!;
    const eventId = await createPublishedEvent(client, organizer);
    const manageToken = await registerForEvent(client, eventId, "Anna Andersen", "anna@example.dk");
    const unitId = /href="\/da\/staff\/admin\/units\/([0-9a-f-]{36})"/.exec((await client.get("/da/staff/admin/units", { cookie: admin })).html)![1]!;
    await client.post("/da/staff/password-reset", { email: demo.officer.email });
    const resetToken = /\/staff\/password-reset\/([a-z2-7]+)/.exec((await client.mailLinks(demo.officer.email)).join(" "))![1]!;
    await client.post("/da/staff/admin/users", [["intent", "invite"], ["email", "invitee@example.dk"], ["name", "Invitee"], ["roles", "organizer"], ["locale", "da"]], { cookie: admin });
    const inviteToken = /\/staff\/invite\/([a-z2-7]+)/.exec((await client.mailLinks("invitee@example.dk")).join(" "))![1]!;
    const mailId = /href="\/dev\/outbox\/([0-9a-f-]{36})"/.exec((await client.get("/dev/outbox")).html)![1]!;
    const icsMail = /<tr data-mail-to="anna@example.dk"[^>]*>[\s\S]*?href="\/dev\/outbox\/([0-9a-f-]{36})"/.exec((await client.get("/dev/outbox")).html)![1]!;
    urls = {
      "$lang._index.tsx": { path: "/da" },
      "$lang.events.$eventId.tsx": { path: `/da/events/${eventId}` },
      "$lang.events._index.tsx": { path: "/sv/events" },
      "$lang.events.manage.$token.calendar[.]ics.ts": { path: `/da/events/manage/${manageToken}/calendar.ics` },
      "$lang.events.manage.$token.tsx": { path: `/da/events/manage/${manageToken}` },
      "$lang.events.manage.deleted.tsx": { path: "/da/events/manage/deleted" },
      "$lang.guidance.$slug.tsx": { path: "/nb/guidance/threat-ladder" },
      "$lang.guidance._index.tsx": { path: "/da/guidance" },
      "$lang.offline.tsx": { path: "/da/offline" },
      "$lang.report._index.tsx": { path: "/da/report" },
      "$lang.report.status.tsx": { path: "/da/report/status" },
      "$lang.report.diary.tsx": { path: "/da/report/diary" },
      "$lang.report.status.evidence[.]html.ts": { path: "/da/report/status/evidence.html" },
      "$lang.search.tsx": { path: "/da/search?q=trussel" },
      "$lang.staff._index.tsx": { path: "/da/staff", cookie: officer },
      "$lang.staff.tsx": { path: "/sv/staff/sessions", cookie: officer },
      "$lang.staff.admin.audit.tsx": { path: "/da/staff/admin/audit", cookie: admin },
      "$lang.staff.admin.audit[.]csv.ts": { path: "/da/staff/admin/audit.csv", cookie: admin },
      "$lang.staff.admin.broadcasts.tsx": { path: "/da/staff/admin/broadcasts", cookie: admin },
      "$lang.staff.admin.coverage.tsx": { path: "/da/staff/admin/coverage", cookie: admin },
      "$lang.staff.admin.coverage[.]csv.ts": { path: "/da/staff/admin/coverage.csv", cookie: admin },
      "$lang.staff.admin.statistics.tsx": { path: "/da/staff/admin/statistics", cookie: admin },
      "$lang.staff.admin.units.$unitId.tsx": { path: `/da/staff/admin/units/${unitId}`, cookie: admin },
      "$lang.staff.admin.units._index.tsx": { path: "/da/staff/admin/units", cookie: admin },
      "$lang.staff.admin.users.tsx": { path: "/da/staff/admin/users", cookie: admin },
      "$lang.staff.enroll.tsx": { path: "/da/staff/enroll" },
      "$lang.staff.events.$eventId.attendees[.]csv.ts": { path: `/da/staff/events/${eventId}/attendees.csv`, cookie: organizer },
      "$lang.staff.events.$eventId.tsx": { path: `/da/staff/events/${eventId}`, cookie: organizer },
      "$lang.staff.events._index.tsx": { path: "/da/staff/events", cookie: organizer },
      "$lang.staff.invite.$token.tsx": { path: `/da/staff/invite/${inviteToken}` },
      "$lang.staff.login.tsx": { path: "/da/staff/login" },
      "$lang.staff.logout.tsx": { path: "/da/staff/logout", cookie: officer },
      "$lang.staff.password-reset.$token.tsx": { path: `/da/staff/password-reset/${resetToken}` },
      "$lang.staff.password-reset._index.tsx": { path: "/da/staff/password-reset" },
      "$lang.staff.reports.$reportId.attachments.$attachmentId.ts": { path: attachmentPath, cookie: officer },
      "$lang.staff.reports.$reportId.tsx": { path: `/da/staff/reports/${caseId}`, cookie: officer },
      "$lang.staff.reports.$reportId_.evidence.tsx": { path: `/da/staff/reports/${caseId}/evidence`, cookie: officer },
      "$lang.staff.reports.$reportId_.evidence[.]html.ts": { path: `/da/staff/reports/${caseId}/evidence.html`, cookie: officer },
      "$lang.staff.reports._index.tsx": { path: "/da/staff/reports", cookie: officer },
      "$lang.staff.sessions.tsx": { path: "/da/staff/sessions", cookie: officer },
      "$lang.staff.templates.tsx": { path: "/da/staff/templates", cookie: officer },
      "$lang.staff.two-factor.tsx": { path: "/da/staff/two-factor" },
      "$lang.staff.recovery-key.tsx": { path: "/da/staff/recovery-key" },
      "$lang.staff.verify-email.$token.tsx": { path: `/da/staff/verify-email/${"c".repeat(32)}` },
      "$lang.tsx": { path: "/nb" },
      "_index.tsx": { path: "/" },
      "dev.outbox.$id.attachments.$index.ts": { path: `/dev/outbox/${icsMail}/attachments/0` },
      "dev.outbox.$id.tsx": { path: `/dev/outbox/${mailId}` },
      "dev.outbox._index.tsx": { path: "/dev/outbox" },
      "dev.row-counts.ts": { path: "/dev/row-counts" },
      "favicon[.]svg.ts": { path: "/favicon.svg" },
      "healthz.ts": { path: "/healthz" },
      "readyz.ts": { path: "/readyz" },
      "sw[.]js.ts": { path: "/sw.js" },
    };
  });
  afterAll(async () => server?.stop());

  function expectSecurityHeaders(headers: Headers, label: string) {
    const csp = headers.get("content-security-policy") ?? "";
    expect(csp, label).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'(;|$)/);
    expect(csp, label).toContain("frame-ancestors 'none'");
    expect(csp, label).toContain("default-src 'self'");
    // No third-party origin anywhere in the policy.
    expect(csp.match(/https?:\/\/|\*/g), `${label}: ${csp}`).toBeNull();
    expect(headers.get("x-content-type-options"), label).toBe("nosniff");
    expect(headers.get("referrer-policy"), label).toBe("no-referrer");
    expect(headers.get("x-frame-options"), label).toBe("DENY");
    expect(headers.get("x-powered-by"), label).toBeNull();
  }

  it("has a URL here for every file in app/routes", () => {
    expect(fs.readdirSync("app/routes").sort()).toEqual(Object.keys(urls).sort());
  });

  it("sends the security headers on every route, anonymous and logged in, and on errors and assets", async () => {
    const asset = fs.readdirSync("build/client/assets").find((name) => name.endsWith(".js"))!;
    const css = fs.readdirSync("build/client/assets").find((name) => name.endsWith(".css"))!;
    const extra = [`/assets/${asset}`, `/assets/${css}`, "/nope", "/da/nope", "/da/events/00000000-0000-4000-8000-000000000000", "/da/staff/reports/not-an-id", "/xx/report"];
    for (const [file, { path, cookie }] of Object.entries(urls)) {
      const anonymous = await client.get(path);
      expect(anonymous.status, `${file} ${path}`).toBeLessThan(500);
      expectSecurityHeaders(anonymous.headers, `${file} anonymous`);
      if (cookie) {
        const staff = await client.get(path, { cookie });
        // Logout is a POST; a GET of it goes back to the staff start page.
        expect(staff.status, `${file} logged in`).toBe(file === "$lang.staff.logout.tsx" ? 302 : 200);
        expectSecurityHeaders(staff.headers, `${file} logged in`);
      }
    }
    for (const path of extra) {
      const answer = await client.get(path);
      expect(answer.status, path).toBeLessThan(500);
      expectSecurityHeaders(answer.headers, path);
    }
  });

  it("lets no browser or proxy store a private page: staff pages, the reporter's pages, manage links", async () => {
    const unstored: string[] = [];
    for (const [file, { path, cookie }] of Object.entries(urls)) {
      if (!/^\/(da|sv|nb)\/(staff|report|events\/manage)/.test(path)) continue;
      const answer = await client.get(path, cookie ? { cookie } : {});
      if (!(answer.headers.get("cache-control") ?? "").includes("no-store")) unstored.push(`${file} ${path} ${answer.status} ${answer.headers.get("cache-control")}`);
    }
    expect(unstored).toEqual([]);
    // The receipt, answered to the report form's POST, carries the code.
    const filed = await client.post("/da/report?index", validReport(await reportChoices(client)), { multipart: true });
    expect(filed.html).toContain("data-receipt-code");
    expect(filed.headers.get("cache-control")).toContain("no-store");
  });

  it("refuses a cross-origin POST on every route, writing nothing", async () => {
    const before = await client.rowCounts();
    const evil = { Origin: "https://evil.example" };
    for (const [file, { path, cookie }] of Object.entries(urls)) {
      for (const headers of [evil, { ...evil, "Sec-Fetch-Site": "cross-site" }]) {
        const answer = await client.post(path, { intent: "note", text: "from elsewhere", email: demo.officer.email, password: demo.officer.password, code: receipt.code, reference: receipt.reference }, { cookie, headers });
        expect(answer.status, `${file} ${JSON.stringify(headers)}`).toBe(403);
        expectSecurityHeaders(answer.headers, `${file} POST`);
      }
    }
    // Multipart, as the report form sends it.
    const report = await client.post("/da/report?index", validReport(await reportChoices(client)), { multipart: true, headers: evil });
    expect(report.status).toBe(403);
    expect(changedTables(before, await client.rowCounts(), [])).toEqual([]);
  });

  it("answers guessed report and attachment ids the same whether they exist or not", async () => {
    const [, reportId, attachmentId] = /\/reports\/([0-9a-f-]{36})\/attachments\/([0-9a-f-]{36})/.exec(attachmentPath)!;
    const otherUuid = "00000000-0000-4000-8000-000000000000";
    // The administrator is not an officer of the report's unit: existing and made-up ids look alike.
    const paths = [
      `/da/staff/reports/${reportId}`,
      `/da/staff/reports/${otherUuid}`,
      `/da/staff/reports/${reportId}/attachments/${attachmentId}`,
      `/da/staff/reports/${reportId}/attachments/${otherUuid}`,
      `/da/staff/reports/${otherUuid}/attachments/${attachmentId}`,
      `/da/staff/reports/${receipt.reference}`,
      `/da/staff/reports/${reportId}/attachments/1`,
    ];
    const answers = await Promise.all(paths.map((path) => client.get(path, { cookie: admin })));
    for (const [index, answer] of answers.entries()) {
      expect(answer.status, paths[index]).toBe(404);
      // (A reference typed into the URL comes back in the page's own links, nowhere else.)
      if (!paths[index]!.includes(receipt.reference)) expect(answer.html).not.toContain(receipt.reference);
      expect(answer.html).not.toContain("photo.png");
    }
    // The officer's own attachment under a report it does not belong to: 404 as well.
    expect((await client.get(`/da/staff/reports/${otherUuid}/attachments/${attachmentId}`, { cookie: officer })).status).toBe(404);
    // Anonymous: the login page, whatever the id.
    const anonymous = await Promise.all(paths.slice(0, 4).map((path) => client.get(path)));
    expect(new Set(anonymous.map((answer) => `${answer.status} ${answer.location?.replace(/next=[^&]*/, "")}`)).size).toBe(1);
  });

  it("throttles receipt-code guessing per client, and never holds back the right code because of others", async () => {
    // Wrong codes for the reporter's reference from many addresses (the reporter's own is not among them).
    for (let attempt = 0; attempt < 8; attempt++) {
      const answer = await client.post("/da/report/status", { intent: "open", reference: receipt.reference, code: "AAAA-BBBB-CCCC-DDDD-EEEE" }, { headers: { "X-Forwarded-For": `10.9.${attempt}.1` } });
      expect(answer.status).toBe(400);
      expect(answer.html).not.toContain('data-report-status="');
    }
    const right = await client.post("/da/report/status", { intent: "open", reference: receipt.reference, code: receipt.code }, { headers: { "X-Forwarded-For": "10.9.99.1" } });
    expect(right.status).toBe(200);
    expect(right.html).toContain('data-report-status="');
    // One address guessing is slowed down: after five wrong codes it gets 429, even with the right one.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const answer = await client.post("/da/report/status", { intent: "open", reference: receipt.reference, code: "AAAA-BBBB-CCCC-DDDD-EEEE" }, { headers: { "X-Forwarded-For": "10.9.200.1" } });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.at(-1)).toBe(429);
    const held = await client.post("/da/report/status", { intent: "open", reference: receipt.reference, code: receipt.code }, { headers: { "X-Forwarded-For": "10.9.200.1" } });
    expect(held.status).toBe(429);
  });

  it("a POST with our Origin but another X-Forwarded-Host is a 400, never a 500", async () => {
    for (const path of ["/da/staff/login", "/da/report/status", "/da/report?index"]) {
      const answer = await client.post(path, { email: "a@b.dk", password: "x", reference: "TRG-AAAA-AAAA", code: "AAAA-BBBB-CCCC" }, { headers: { "X-Forwarded-Host": "evil.example" } });
      expect(answer.status, path).toBe(400);
      expect(answer.html).toContain("forwarded host is not this site");
    }
    // The same POST without the header reaches the page (its own 400 for a wrong password).
    const page = await client.post("/da/staff/login", { email: "a@b.dk", password: "x" }, { headers: { "X-Forwarded-For": "10.77.0.1" } });
    expect(page.status).toBe(400);
    expect(page.html).toContain("<html");
  });

  it("throttles login guessing from one address", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const answer = await client.post("/da/staff/login", { email: `guess${attempt}@example.dk`, password: "guess" }, { headers: { "X-Forwarded-For": "10.10.0.1" } });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.at(-1)).toBe(429);
  });
});
