import { describe, expect, it } from "vitest";
import { clearedReporterVisitCookie, readReporterVisitToken, reporterVisitCookie, sessionCookie } from "~/auth/cookie.server";
import { generateToken } from "~/auth/tokens.server";

describe("the reporter's visit cookie", () => {
  const token = generateToken(20);

  it("over HTTPS: __Host- name, Secure, HttpOnly, SameSite=Strict, Path=/, and no lifetime (gone with the browser session)", () => {
    const request = new Request("https://trygg.example/da/report/status");
    const cookie = reporterVisitCookie(request, token);
    expect(cookie).toBe(`__Host-trygg_visit=${token}; Path=/; HttpOnly; SameSite=Strict; Secure`);
    // The staff cookie follows the same rule for the prefix.
    expect(sessionCookie(request, "x", new Date(Date.now() + 60_000))).toMatch(/^__Host-trygg_session=/);
    expect(clearedReporterVisitCookie(request)).toBe("__Host-trygg_visit=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure");
    expect(readReporterVisitToken(new Request(request.url, { headers: { Cookie: `a=b; __Host-trygg_visit=${token}` } }))).toBe(token);
  });

  it("over plain HTTP (development, tests): no prefix and no Secure, as the staff cookie", () => {
    const request = new Request("http://127.0.0.1:3000/da/report/status");
    expect(reporterVisitCookie(request, token)).toBe(`trygg_visit=${token}; Path=/; HttpOnly; SameSite=Strict`);
    expect(sessionCookie(request, "x", new Date(Date.now() + 60_000))).toMatch(/^trygg_session=/);
  });

  it("reads only a well-formed token under its own name", () => {
    const read = (cookie: string) => readReporterVisitToken(new Request("http://127.0.0.1/da/report/status", { headers: { Cookie: cookie } }));
    expect(read(`trygg_visit=${token}`)).toBe(token);
    expect(read(`trygg_visit=${token}x`)).toBeUndefined();
    expect(read(`trygg_visit=${token.toUpperCase()}`)).toBeUndefined();
    expect(read(`trygg_session=${token}`)).toBeUndefined();
    expect(read(`__Host-trygg_visit=${token}`)).toBeUndefined();
  });
});
