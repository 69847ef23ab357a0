import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient } from "./support/http-client";
import { startServer, type RunningServer } from "./support/server";
import { currentCode, demo } from "./support/staff";

/** Staff authentication over plain HTTP, as an attacker's script would see it. */
describe("staff authentication over HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.stop());

  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, ...headers },
      body: new URLSearchParams(form),
    });
  const cookieOf = (response: Response) => response.headers.get("set-cookie") ?? "";

  it("refuses cross-origin and origin-less POSTs before they reach the login", async () => {
    const form = { email: demo.administrator.email, password: demo.administrator.password };
    expect((await post("/da/staff/login", form, { Origin: "http://evil.test" })).status).toBe(403);
    expect((await post("/da/staff/login", form, { Origin: "null", "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    const noOrigin = await fetch(`${server.url}/da/staff/login`, { method: "POST", body: new URLSearchParams(form) });
    expect(noOrigin.status).toBe(403);
  });

  it("answers a wrong password with a 400 and no cookie", async () => {
    const response = await post("/da/staff/login", { email: demo.administrator.email, password: "not the password" });
    expect(response.status).toBe(400);
    expect(cookieOf(response)).toBe("");
  });

  it("sets an HttpOnly, SameSite=Lax session cookie; __Host- and Secure over HTTPS", async () => {
    const plain = await post("/da/staff/login", { email: demo.officer.email, password: demo.officer.password });
    expect(plain.status).toBe(302);
    const cookie = cookieOf(plain);
    expect(cookie).toMatch(/^trygg_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const secure = await post(
      "/da/staff/login",
      { email: demo.officer.email, password: demo.officer.password },
      { "X-Forwarded-Proto": "https", Origin: server.url.replace("http:", "https:") },
    );
    expect(cookieOf(secure)).toMatch(/^__Host-trygg_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
  });

  it.each(["da", "sv", "nb"])("a wrong second-factor code in %s answers 400 with its error shown, and the field empty", async (locale) => {
    const strings = JSON.parse(fs.readFileSync(`locales/${locale}/staff.json`, "utf8"));
    const login = await post(`/${locale}/staff/login`, { email: demo.organizer.email, password: demo.organizer.password }, { "X-Forwarded-For": `10.44.0.${locale.length + locale.charCodeAt(0)}` });
    const pending = cookieOf(login).split(";")[0]!;
    const wrong = String((Number(currentCode(demo.organizer.totpSecret)) + 500_000) % 1_000_000).padStart(6, "0");
    const answer = await post(`/${locale}/staff/two-factor`, { code: wrong }, { Cookie: pending });
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain(strings.auth.invalidCode.replaceAll("'", "&#x27;"));
    expect(html).not.toContain(`value="${wrong}"`);
  });

  it("a password-only session opens no staff page; after the code it does; logout ends it server-side", async () => {
    const login = await post("/da/staff/login", { email: demo.administrator.email, password: demo.administrator.password });
    const pending = cookieOf(login).split(";")[0]!;
    const blocked = await fetch(`${server.url}/da/staff/admin/users`, { headers: { Cookie: pending }, redirect: "manual" });
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("location")).toBe("/da/staff/two-factor");

    const verified = await post("/da/staff/two-factor", { code: currentCode(demo.administrator.totpSecret) }, { Cookie: pending });
    expect(verified.status).toBe(302);
    const session = cookieOf(verified).split(";")[0]!;
    expect(session).not.toBe(pending); // rotated
    expect((await fetch(`${server.url}/da/staff/admin/users`, { headers: { Cookie: pending }, redirect: "manual" })).status).toBe(302);
    expect((await fetch(`${server.url}/da/staff/admin/users`, { headers: { Cookie: session }, redirect: "manual" })).status).toBe(200);

    const logout = await post("/da/staff/logout", {}, { Cookie: session });
    expect(cookieOf(logout)).toContain("Max-Age=0");
    // The old cookie, replayed after logout, is worthless.
    const replay = await fetch(`${server.url}/da/staff/admin/users`, { headers: { Cookie: session }, redirect: "manual" });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/da\/staff\/login/);
  });

  it("refuses a replayed TOTP code", async () => {
    const first = await post("/da/staff/login", { email: demo.organizer.email, password: demo.organizer.password });
    const code = currentCode(demo.organizer.totpSecret);
    const ok = await post("/da/staff/two-factor", { code }, { Cookie: cookieOf(first).split(";")[0]! });
    expect(ok.status).toBe(302);
    const second = await post("/da/staff/login", { email: demo.organizer.email, password: demo.organizer.password });
    const replay = await post("/da/staff/two-factor", { code }, { Cookie: cookieOf(second).split(";")[0]! });
    expect(replay.status).toBe(400);
  });

  it("throttles enrolment codes: after five wrong ones the right one is refused with the translated answer; the codes come once", async () => {
    const client = httpClient(server.url);
    const admin = await client.logIn(demo.administrator, "10.8.0.1");
    const invited = await client.post("/da/staff/admin/users", [["intent", "invite"], ["email", "throttled.enrolment@example.dk"], ["name", "Throttled Enrolment"], ["roles", "officer"], ["locale", "da"]], { cookie: admin });
    expect(invited.status).toBe(200);
    const invitePath = /\/da\/staff\/invite\/[a-z2-7]+/.exec((await client.mailLinks("throttled.enrolment@example.dk", "invite")).join(" "))![0];
    const accepted = await client.post(invitePath, { password: "a long and good passphrase 42", confirm: "a long and good passphrase 42" });
    expect(accepted.location).toBe("/da/staff/enroll");
    const pending = accepted.setCookie.split(";")[0]!;
    const secret = /data-totp-secret="([A-Z2-7]{32})"/.exec((await client.get("/da/staff/enroll", { cookie: pending })).html)![1]!;
    const wrong = currentCode(secret) === "000000" ? "111111" : "000000";

    for (let attempt = 1; attempt <= 5; attempt++) {
      const answer = await client.post("/da/staff/enroll", { code: wrong }, { cookie: pending });
      expect(answer.status, `wrong code ${attempt}`).toBe(400);
      expect(answer.html).toContain("Koden er forkert eller allerede brugt.");
    }
    const refused = await client.post("/da/staff/enroll", { code: currentCode(secret) }, { cookie: pending });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain("For mange forsøg. Vent lidt, og prøv igen.");
    expect(refused.html).not.toContain("data-recovery-codes");
    expect(refused.setCookie).toBe("");

    // Once the delay (2 s after the fifth failure) has passed, the right code enrols, and the
    // answer to the POST itself is the page with the recovery codes (what a browser without
    // JavaScript shows), kept by no cache.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const enrolled = await client.post("/da/staff/enroll", { code: currentCode(secret) }, { cookie: pending });
    expect(enrolled.status).toBe(200);
    expect(enrolled.headers.get("cache-control")).toContain("no-store");
    const codes = [...enrolled.html.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((match) => match[1]!);
    expect(codes).toHaveLength(10);
    const session = enrolled.setCookie.split(";")[0]!;
    expect(session).not.toBe(pending);
    // Neither the new session nor the old cookie gets them again.
    const again = await client.get("/da/staff/enroll", { cookie: session });
    expect(again.status).toBe(200);
    const resent = await client.post("/da/staff/enroll", { code: currentCode(secret) }, { cookie: session });
    const replayed = await client.post("/da/staff/enroll", { code: currentCode(secret) }, { cookie: pending });
    for (const answer of [again, resent, replayed]) for (const code of codes) expect(answer.html).not.toContain(code);
    expect(resent.status).toBe(302);
    expect(replayed.status).toBe(302);
    expect(replayed.location).toMatch(/^\/da\/staff\/login/);
  });
});

describe("a deployment without demo data", () => {
  it("invites the first administrator from BOOTSTRAP_ADMIN_EMAIL and has no outbox page", async () => {
    const server = await startServer({ DEMO_DATA: "0", PUBLIC_URL: "http://trygg-test.example", BOOTSTRAP_ADMIN_EMAIL: "first.admin@example.test" });
    try {
      const link = /First administrator invited \(first\.admin@example\.test\): open (\S+)/.exec(server.output())?.[1];
      // The link is on the configured public address, whatever address the server listens on.
      expect(link).toMatch(/^http:\/\/trygg-test\.example\/da\/staff\/invite\/[a-z2-7]{32}$/);
      const invite = await fetch(`${server.url}${new URL(link!).pathname}`);
      expect(invite.status).toBe(200);
      expect(server.output()).toContain("RESEND_API_KEY is not set");
      // No demo banner outside demo mode.
      expect(await (await fetch(`${server.url}/da`)).text()).not.toContain("data-demo-banner");
      // Mail (with its links) is never shown on a page outside demo mode.
      expect((await fetch(`${server.url}/dev/outbox`)).status).toBe(404);
      // No demo logins exist.
      const login = await fetch(`${server.url}/da/staff/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
        body: new URLSearchParams({ email: demo.administrator.email, password: demo.administrator.password }),
      });
      expect(login.status).toBe(400);
    } finally {
      await server.stop();
    }
  });
});
