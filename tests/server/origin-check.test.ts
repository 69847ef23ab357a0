import { describe, expect, it } from "vitest";
import { originCheck } from "~/server/origin-check.server";

function run(method: string, headers: Record<string, string>, publicUrl?: string) {
  let status = 0;
  let passed = false;
  const req = { method, protocol: "http", headers, get: (name: string) => headers[name.toLowerCase()] } as never;
  const res = { status: (code: number) => ((status = code), res), type: () => res, send: () => res } as never;
  originCheck(publicUrl)(req, res, () => (passed = true));
  return passed ? "next" : status;
}

describe("originCheck", () => {
  it("lets reads through", () => {
    expect(run("GET", {})).toBe("next");
  });
  it("accepts a POST from our own origin", () => {
    expect(run("POST", { host: "trygg.test", origin: "http://trygg.test" })).toBe("next");
    expect(run("POST", { host: "internal:3000", origin: "https://trygg.example" }, "https://trygg.example")).toBe("next");
  });
  it("accepts a form POST with Origin null when the browser says it is same-origin, and passes our origin on", () => {
    const headers: Record<string, string> = { host: "trygg.test", origin: "null", "sec-fetch-site": "same-origin" };
    expect(run("POST", headers)).toBe("next");
    expect(headers.origin).toBe("http://trygg.test");
  });
  it("answers 400, not Remix's 500, when X-Forwarded-Host names another host than the accepted origin", () => {
    expect(run("POST", { host: "trygg.test", origin: "http://trygg.test", "x-forwarded-host": "evil.test" })).toBe(400);
    expect(run("POST", { host: "trygg.test", origin: "null", "sec-fetch-site": "same-origin", "x-forwarded-host": "evil.test, trygg.test" })).toBe(400);
    // A proxy that forwards the public host: Remix is handed an origin that matches what it compares.
    const headers: Record<string, string> = { host: "internal:3000", origin: "https://trygg.example", "x-forwarded-host": "trygg.example" };
    expect(run("POST", headers, "https://trygg.example")).toBe("next");
    expect(new URL(headers.origin!).host).toBe("trygg.example");
    // Behind a proxy that sends only its own Host, the origin Remix sees is that host.
    const plain: Record<string, string> = { host: "internal:3000", origin: "https://trygg.example" };
    expect(run("POST", plain, "https://trygg.example")).toBe("next");
    expect(new URL(plain.origin!).host).toBe("internal:3000");
  });
  it.each([
    ["a foreign origin", { host: "trygg.test", origin: "http://evil.test" }],
    ["a foreign origin claiming same-origin fetch metadata", { host: "trygg.test", origin: "http://evil.test", "sec-fetch-site": "same-origin" }],
    ["our origin but a cross-site fetch", { host: "trygg.test", origin: "http://trygg.test", "sec-fetch-site": "cross-site" }],
    ["Origin null from another site", { host: "trygg.test", origin: "null", "sec-fetch-site": "cross-site" }],
    ["Origin null and no fetch metadata", { host: "trygg.test", origin: "null" }],
    ["no Origin and no fetch metadata", { host: "trygg.test" }],
  ])("refuses %s", (_label, headers) => {
    expect(run("POST", headers)).toBe(403);
  });
});
