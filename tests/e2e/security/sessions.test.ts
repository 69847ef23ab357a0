import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "~/auth/tokens.server";
import { decodeTotpSecret, totpCodeAt, totpStep } from "~/auth/totp.server";
import { shiftableClock } from "../support/clock";
import { changedTables, httpClient, type Fields, type HttpClient } from "../support/http-client";
import { caseIdOf, createPublishedEvent, fileReport, png, reportChoices, validEvent, validReport } from "../support/scenario";
import { startServer, type RunningServer } from "../support/server";
import { demo } from "../support/staff";

type Login = { email: string; password: string; totpSecret: string };
const MINUTE = 60_000;

/**
 * Staff sessions over HTTP, beyond tests/e2e/staff-http.test.ts: expiry with the server's clock moved
 * forward (30 idle minutes, 12 hours at most), a password reset, revoking on the sessions page, and
 * a logged-out or password-only cookie replayed on every staff page and form.
 */
describe("staff sessions end when they should", () => {
  let server: RunningServer;
  let client: HttpClient;
  const clock = shiftableClock();
  let ipCounter = 0;

  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000", ...clock.env });
    client = httpClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    clock.remove();
  });

  const headers = () => ({ "X-Forwarded-For": `10.44.${Math.floor(ipCounter / 200)}.${(ipCounter++ % 200) + 1}` });

  /** The password step alone: a pending cookie. */
  async function passwordOnly(login: Login): Promise<string> {
    const answer = await client.post("/da/staff/login", { email: login.email, password: login.password }, { headers: headers() });
    expect(answer.status, `password step of ${login.email}`).toBe(302);
    return answer.setCookie.split(";")[0]!;
  }

  /**
   * A verified session. The server's clock first moves 31 seconds on: a TOTP step is single-use and
   * steps only go forward, so every login needs a step of its own, computed on the server's time.
   */
  async function logIn(login: Login): Promise<string> {
    clock.advance(31_000);
    const pending = await passwordOnly(login);
    const code = totpCodeAt(decodeTotpSecret(login.totpSecret), totpStep(clock.now()));
    const verified = await client.post("/da/staff/two-factor", { code }, { cookie: pending, headers: headers() });
    expect(verified.status, `two-factor step of ${login.email}: ${verified.html.slice(0, 300)}`).toBe(302);
    return verified.setCookie.split(";")[0]!;
  }

  const sessionRows = async () => (await client.rowCounts()).sessions!;
  const open = async (cookie: string, path = "/da/staff") => client.get(path, { cookie });
  async function expectLoginRedirect(cookie: string, path: string, label: string) {
    const answer = await open(cookie, path);
    expect(answer.status, `${label}: ${path}`).toBe(302);
    expect(answer.location, `${label}: ${path}`).toBe(`/${path.split("/")[1]}/staff/login?next=${encodeURIComponent(path)}`);
  }

  it("an idle session is refused after 30 minutes and its row deleted; an active one ends 12 hours after login", async () => {
    const idle = await logIn(demo.officer);
    const pending = await passwordOnly(demo.administrator);
    const loginAt = clock.now().getTime();
    const active = await logIn(demo.organizer);
    expect((await open(idle)).status).toBe(200);
    const rowsAtStart = await sessionRows();

    // 29 minutes on: both still good; only the organizer is active.
    clock.advance(29 * MINUTE);
    expect((await open(active)).status).toBe(200);
    clock.advance(2 * MINUTE);
    // 31 idle minutes: the officer's cookie is refused, and so is the password-only one.
    await expectLoginRedirect(idle, "/da/staff/reports", "idle session");
    const pendingAnswer = await open(pending, "/da/staff/two-factor");
    expect(pendingAnswer.status).toBe(302);
    expect(pendingAnswer.location).toMatch(/^\/da\/staff\/login/);
    expect(await sessionRows()).toBe(rowsAtStart - 2);
    // Going on being refused: the row is gone, not merely out of date.
    await expectLoginRedirect(idle, "/da/staff", "idle session, again");

    // The organizer stays active every 25 minutes until just before 12 hours after the login…
    const end = loginAt + 12 * 60 * MINUTE;
    let checks = 0;
    while (clock.now().getTime() + 25 * MINUTE < end - MINUTE) {
      clock.advance(25 * MINUTE);
      expect((await open(active, "/da/staff/events")).status, `at ${Math.round((clock.now().getTime() - loginAt) / MINUTE)} min`).toBe(200);
      checks++;
    }
    expect(checks).toBeGreaterThan(25);
    clock.advance(end - MINUTE - clock.now().getTime());
    expect((await open(active, "/da/staff/events")).status, "one minute before 12 hours").toBe(200);
    // …and is refused at 12 hours, however active.
    clock.advance(2 * MINUTE);
    await expectLoginRedirect(active, "/da/staff/events", "12-hour session");
    expect(await sessionRows()).toBe(rowsAtStart - 3);
  });

  it("a password reset ends every session of that person (verified and pending), and only theirs", async () => {
    const first = await logIn(demo.organizer);
    const second = await logIn(demo.organizer);
    const pending = await passwordOnly(demo.organizer);
    const bystander = await logIn(demo.administrator);
    for (const cookie of [first, second, bystander]) expect((await open(cookie)).status).toBe(200);

    expect((await client.post("/da/staff/password-reset", { email: demo.organizer.email }, { headers: headers() })).status).toBe(200);
    const link = (await client.mailLinks(demo.organizer.email, "passwordReset")).find((href) => href.includes("/staff/password-reset/"))!;
    const newPassword = "a different long passphrase 19";
    const reset = await client.post(new URL(link).pathname, { password: newPassword, confirm: newPassword }, { headers: headers() });
    // Without the recovery key the reset succeeds with a new key pair, whose recovery key is shown once.
    expect(reset.status).toBe(200);
    expect(reset.html, reset.html.slice(0, 300)).toContain("data-recovery-key");
    // The link is used: a second reset with it is refused and changes nothing.
    const again = await client.post(new URL(link).pathname, { password: "yet another passphrase 2027", confirm: "yet another passphrase 2027" }, { headers: headers() });
    expect(again.status).toBe(410);
    expect(again.html).not.toContain("data-recovery-key");

    await expectLoginRedirect(first, "/da/staff/events", "session from before the reset");
    await expectLoginRedirect(second, "/da/staff", "second session from before the reset");
    const pendingAnswer = await open(pending, "/da/staff/two-factor");
    expect(pendingAnswer.status).toBe(302);
    expect(pendingAnswer.location).toMatch(/^\/da\/staff\/login/);
    expect((await open(bystander, "/da/staff/admin/users")).status).toBe(200);
    // The old password no longer works; the new one does.
    expect((await client.post("/da/staff/login", { email: demo.organizer.email, password: demo.organizer.password }, { headers: headers() })).status).toBe(400);
    const fresh = await logIn({ ...demo.organizer, password: newPassword });
    expect((await open(fresh, "/da/staff/events")).status).toBe(200);
  });

  it("revoking a session on the sessions page makes that cookie useless at once; log out everywhere ends them all", async () => {
    const [one, two, three, four] = [await logIn(demo.officer), await logIn(demo.officer), await logIn(demo.officer), await logIn(demo.officer)];
    const admin = await logIn(demo.administrator);
    const idOf = (cookie: string) => hashToken(cookie.split("=")[1]!);
    const page = (await open(one, "/da/staff/sessions")).html;
    for (const cookie of [one, two, three, four]) expect(page).toContain(`name="sessionId" value="${idOf(cookie)}"`);
    expect(page).not.toContain(idOf(admin));

    // Another person cannot revoke it: the id is matched with the user's own.
    expect((await client.post("/da/staff/sessions", { intent: "revoke", sessionId: idOf(three) }, { cookie: admin })).status).toBe(200);
    expect((await open(three)).status).toBe(200);

    const revoked = await client.post("/da/staff/sessions", { intent: "revoke", sessionId: idOf(two) }, { cookie: one });
    expect(revoked.status).toBe(200);
    await expectLoginRedirect(two, "/da/staff/reports", "revoked session");
    expect((await open(one)).status).toBe(200);
    expect((await open(three)).status).toBe(200);

    // Revoking the session one is using logs it out.
    const self = await client.post("/da/staff/sessions", { intent: "revoke", sessionId: idOf(four) }, { cookie: four });
    expect(self.status).toBe(302);
    expect(self.setCookie).toContain("Max-Age=0");
    await expectLoginRedirect(four, "/da/staff", "session that revoked itself");

    const everywhere = await client.post("/da/staff/sessions", { intent: "revoke-all" }, { cookie: one });
    expect(everywhere.status).toBe(302);
    expect(everywhere.location).toBe("/da/staff/login");
    expect(everywhere.setCookie).toContain("Max-Age=0");
    for (const cookie of [one, three]) await expectLoginRedirect(cookie, "/da/staff/sessions", "after log out everywhere");
    // Someone else's session is untouched.
    expect((await open(admin, "/da/staff/admin/users")).status).toBe(200);
  });

  it("after logout the old cookie opens no staff page and no staff form; a password-only cookie reaches none either", async () => {
    const admin = await logIn(demo.administrator);
    const officer = await logIn(demo.officer);
    const organizer = await logIn({ ...demo.organizer, password: "a different long passphrase 19" });
    const { reference } = await fileReport(client, validReport(await reportChoices(client)), [{ name: "photo.png", type: "image/png", bytes: png }]);
    const caseId = await caseIdOf(client, officer, reference);
    const attachment = /href="(\/da\/staff\/reports\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36})"/.exec((await open(officer, `/da/staff/reports/${caseId}`)).html)![1]!;
    const eventId = await createPublishedEvent(client, organizer);
    const unitId = /href="\/da\/staff\/admin\/units\/([0-9a-f-]{36})"/.exec((await open(admin, "/da/staff/admin/units")).html)![1]!;

    const pages: Record<"admin" | "officer" | "organizer", string[]> = {
      admin: ["/da/staff", "/da/staff/admin/users", "/da/staff/admin/units", `/da/staff/admin/units/${unitId}`, "/da/staff/admin/coverage", "/da/staff/admin/coverage.csv", "/da/staff/admin/statistics", "/da/staff/admin/audit", "/da/staff/admin/broadcasts", "/da/staff/sessions", "/sv/staff/admin/users"],
      officer: ["/da/staff", "/da/staff/reports", `/da/staff/reports/${caseId}`, attachment, "/da/staff/sessions", "/nb/staff/reports"],
      organizer: ["/da/staff", "/da/staff/events", `/da/staff/events/${eventId}`, `/da/staff/events/${eventId}/attendees.csv`, "/da/staff/sessions"],
    };
    // Forms that write a row when the session is good.
    const forms: Record<"admin" | "officer" | "organizer", Array<[string, Fields]>> = {
      admin: [
        ["/da/staff/admin/broadcasts", [["title", "Replayed broadcast"], ["body", "This must never be stored."]]],
        ["/da/staff/admin/users", [["intent", "invite"], ["email", "replayed@example.dk"], ["name", "Replayed"], ["roles", "officer"], ["locale", "da"]]],
      ],
      officer: [[`/da/staff/reports/${caseId}`, [["intent", "note"], ["text", "A replayed note."]]]],
      organizer: [["/da/staff/events", validEvent({ titleDa: "Replayed event" })]],
    };
    const cookies = { admin, officer, organizer };
    // Each page opens with the live cookie, so a refusal below means something.
    for (const role of ["admin", "officer", "organizer"] as const) {
      for (const path of pages[role]) expect((await open(cookies[role], path)).status, `${role} before logout: ${path}`).toBe(200);
    }
    // One form with a good session does write, so "no row" below is not for want of a valid form.
    const before = await client.rowCounts();
    expect((await client.post(...forms.officer[0]!, { cookie: officer })).status).toBe(200);
    expect(changedTables(before, await client.rowCounts())).toEqual([`report_events: ${before.report_events} → ${before.report_events! + 1}`]);

    for (const role of ["admin", "officer", "organizer"] as const) {
      const logout = await client.post("/da/staff/logout", {}, { cookie: cookies[role] });
      expect(logout.status).toBe(302);
      expect(logout.setCookie).toContain("Max-Age=0");
    }
    const pendings = { admin: await passwordOnly(demo.administrator), officer: await passwordOnly(demo.officer), organizer: await passwordOnly({ ...demo.organizer, password: "a different long passphrase 19" }) };

    const rows = await client.rowCounts();
    for (const role of ["admin", "officer", "organizer"] as const) {
      for (const path of pages[role]) {
        await expectLoginRedirect(cookies[role], path, `${role} after logout`);
        const pending = await open(pendings[role], path);
        expect(pending.status, `${role} password-only: ${path}`).toBe(302);
        expect(pending.location, `${role} password-only: ${path}`).toBe(`/${path.split("/")[1]}/staff/two-factor`);
      }
      for (const [path, fields] of forms[role]) {
        for (const [label, cookie] of [["after logout", cookies[role]], ["password-only", pendings[role]]] as const) {
          const answer = await client.post(path, fields, { cookie });
          expect(answer.status, `${role} ${label} POST ${path}`).toBe(302);
          expect(answer.location, `${role} ${label} POST ${path}`).toMatch(/^\/da\/staff\/(login\?next=|two-factor$)/);
        }
      }
    }
    // Nothing was written: no broadcast, invitation, note or event (refusals are audited, nothing else).
    expect(changedTables(rows, await client.rowCounts())).toEqual([]);
  });

  it("the server's job deletes ended sessions, verified and password-only, though their cookies never come back", async () => {
    await logIn(demo.officer);
    await passwordOnly(demo.administrator);
    expect(await sessionRows()).toBeGreaterThanOrEqual(2);
    // Nobody uses any cookie again: 31 minutes on, every session is idle, and the job (every 2 s
    // here) removes the rows; no request of theirs is needed for it.
    clock.advance(31 * MINUTE);
    await expect.poll(sessionRows, { timeout: 15_000, interval: 250 }).toBe(0);
  });
});
