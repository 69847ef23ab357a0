import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
