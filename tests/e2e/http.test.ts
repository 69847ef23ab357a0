import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./support/server";

// Plain HTTP checks against the production server: headers, health, readiness, shutdown.
describe("the production server over HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(["/", "/da", "/sv/report", "/nb/events", "/healthz", "/readyz", "/nope", "/favicon.svg"])(
    "%s carries the security headers",
    async (path) => {
      const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      // Served over plain HTTP here: no HSTS.
      expect(response.headers.get("strict-transport-security")).toBeNull();
      expect(response.headers.get("x-powered-by")).toBeNull();
    },
  );

  it("sends HSTS when a local proxy says the request came over HTTPS", async () => {
    const response = await fetch(`${server.url}/da`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d{8}/);
  });

  it("uses a fresh nonce per response, the same one in header and page", async () => {
    const [first, second] = await Promise.all([fetch(`${server.url}/da`), fetch(`${server.url}/da`)]);
    const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1]!;
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    const html = await first.text();
    const scriptNonces = [...html.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((match) => match[1]);
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonceOf(first)]));
    await second.text();
  });

  it("serves cached guidance pages that equal a fresh render but for the nonce", async () => {
    const path = "/sv/guidance/threat-ladder";
    const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1]!;
    const first = await fetch(`${server.url}${path}`);
    const second = await fetch(`${server.url}${path}`);
    const [a, b] = [await first.text(), await second.text()];
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    expect(a).toContain(`nonce="${nonceOf(first)}"`);
    expect(b).toContain(`nonce="${nonceOf(second)}"`);
    expect(a.replaceAll(nonceOf(first), "N")).toBe(b.replaceAll(nonceOf(second), "N"));
    // With a staff cookie the page is rendered afresh, not served from memory: the same HTML.
    const fresh = await fetch(`${server.url}${path}`, { headers: { Cookie: "trygg_session=abcdefghijklmnopqrstuvwxyz234567" } });
    expect((await fresh.text()).replaceAll(nonceOf(fresh), "N")).toBe(a.replaceAll(nonceOf(first), "N"));
  });

  it("has no third-party origin in any page", async () => {
    for (const path of ["/da", "/sv", "/nb"]) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      const origins = [...html.matchAll(/(?:src|href)="(https?:\/\/[^"/]+)/g)].map((match) => match[1]);
      const foreign = origins.filter(
        (origin) => !origin!.startsWith(server.url.replace("127.0.0.1", "localhost")) && !origin!.startsWith(server.url) && !/www\.(dmi\.dk|smhi\.se|yr\.no)/.test(origin!),
      );
      expect(foreign).toEqual([]);
    }
  });

  it("/healthz and /readyz answer", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await ready.json()).toMatchObject({ status: "ready", database: { ok: true }, migrations: { ok: true, pending: [] }, jobs: { ok: true, state: "running" } });
  });

  it("redirects / by Accept-Language", async () => {
    const response = await fetch(`${server.url}/`, { redirect: "manual", headers: { "Accept-Language": "nb-NO" } });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/nb");
  });
});

describe("graceful shutdown", () => {
  it("on SIGTERM finishes the request in flight, closes the database and exits 0", async () => {
    const server = await startServer();
    const { port } = new URL(server.url);
    // A request whose headers are still arriving when SIGTERM comes: it must still be answered.
    const socket = net.connect(Number(port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let response = "";
    socket.on("data", (chunk) => (response += chunk));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write("GET /da HTTP/1.1\r\nHost: localhost\r\n");
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.process.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.write("Connection: close\r\n\r\n");
    await closed;
    expect(response).toMatch(/^HTTP\/1.1 200/);
    expect(response).toContain("</html>");
    const code = await server.stop();
    expect(code).toBe(0);
    expect(server.output()).toContain("Trygg stopped.");
    // New connections are refused once it has stopped.
    await expect(fetch(server.url + "/healthz")).rejects.toThrow();
  });
});
