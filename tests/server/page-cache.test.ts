import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CACHEABLE_PAGE, pageCache, type TrustDecision } from "~/server/page-cache.server";
import { HSTS, securityHeaders } from "~/server/security-headers.server";

/**
 * The page cache driven as app/server/start.server.ts wires it: the fast path in front of Express,
 * the security headers, compression, the cache's fill middleware, and behind it a stand-in for
 * Remix. The build is a tiny fake whose document renderer writes into the page what it was given
 * (the nonce, the cookie, the URL), and counts its renders, so a test sees what was cached.
 */

interface Render {
  url: string;
  cookie: string | null;
  nonce: string;
}
const renders: Render[] = [];

function fakeBuild(): ServerBuild {
  const handleRequest = (request: Request, status: number, headers: Headers, _context: unknown, loadContext: AppLoadContext) => {
    const url = new URL(request.url);
    const nonce = String(loadContext.cspNonce);
    const cookie = request.headers.get("Cookie");
    renders.push({ url: request.url, cookie, nonce });
    headers.set("Content-Type", "text/html; charset=utf-8");
    if (url.pathname === "/da/guidance/redirects") return new Response(null, { status: 302, headers: { Location: "/da/guidance" } });
    if (url.pathname === "/da/guidance/missing") status = 404;
    if (url.pathname === "/da/guidance/sets-cookie") headers.append("Set-Cookie", `visit=${renders.length}; Path=/; HttpOnly`);
    const html = `<!doctype html><html><head><script nonce="${nonce}">window.n=1</script></head><body><p id="url">${request.url}</p><p id="cookie">${cookie ?? ""}</p><p id="render">${renders.length}</p><script nonce="${nonce}" src="/x.js"></script></body></html>`;
    return new Response(html, { status, headers });
  };
  const build = {
    mode: "production",
    entry: { module: { default: handleRequest } },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      page: { id: "page", parentId: "root", path: "*", module: { default: () => null } },
    },
    assets: { entry: { module: "/entry.js", imports: [] }, routes: {}, url: "/manifest.js", version: "test" },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: {},
    isSpaMode: false,
  };
  return build as unknown as ServerBuild;
}

const LIVE = "answered-by-remix";

/** As start.server.ts: Express's `trust proxy` setting, and its compiled decision handed to the cache. */
function startApp(trustProxy: boolean | string) {
  const headerOptions = { dev: false, publicUrlIsHttps: false };
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  const cache = pageCache(fakeBuild(), headerOptions, app.get("trust proxy fn") as TrustDecision);
  app.use(securityHeaders(headerOptions));
  app.use(compression());
  app.use(cache.fill);
  // Remix's place: what the cache passes on is answered here, with the cookie it saw.
  app.all("*", (req, res) => {
    res.type("text/html").send(`${LIVE} ${req.method} ${req.originalUrl} cookie=${req.headers.cookie ?? ""}`);
  });
  let fastPath = 0;
  const server = http.createServer((req, res) => {
    if (cache.serve(req, res)) fastPath++;
    else app(req, res);
  });
  return { server, fastPathCount: () => fastPath };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  raw: Buffer;
}

function ask(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ agent: false, host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: { Host: `localhost:${port}`, ...options.headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const raw = Buffer.concat(chunks);
        const body = response.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(raw).toString("utf8") : raw.toString("utf8");
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, raw });
      });
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

const nonceOfHeader = (answer: Answer) => /'nonce-([^']+)'/.exec(String(answer.headers["content-security-policy"]))?.[1];
const noncesInBody = (answer: Answer) => [...answer.body.matchAll(/nonce="([^"]*)"/g)].map((match) => match[1]);

function expectSecurityHeaders(answer: Answer) {
  expect(answer.headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
  expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(answer.headers["x-frame-options"]).toBe("DENY");
  expect(answer.headers["referrer-policy"]).toBe("no-referrer");
  expect(answer.headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(answer.headers["permissions-policy"]).toContain("camera=()");
  expect(answer.headers["cache-control"]).toBe("no-cache");
}

/** The page's nonce appears in the header and in every script tag, and is the same in both. */
function expectOwnNonce(answer: Answer) {
  const nonce = nonceOfHeader(answer);
  expect(nonce).toBeDefined();
  expect(noncesInBody(answer)).toEqual([nonce, nonce]);
  return nonce!;
}

describe("CACHEABLE_PAGE", () => {
  it("is the home, guidance index, an article and the offline page of each locale", () => {
    for (const path of ["/da", "/sv", "/nb", "/da/guidance", "/sv/guidance/safe-travel", "/nb/guidance/a-1", "/da/offline"]) expect(CACHEABLE_PAGE.test(path), path).toBe(true);
  });

  it("is nothing else: staff and reporter pages, events, other locales, query strings, odd paths", () => {
    for (const path of [
      "/",
      "/en",
      "/de/guidance",
      "/da/",
      "/da/staff",
      "/da/staff/login",
      "/da/report",
      "/da/report/status",
      "/da/events",
      "/da/events/manage/abc",
      "/da?x=1",
      "/da/guidance?q=1",
      "/da/guidance/",
      "/da/guidance/Safe",
      "/da/guidance/a/b",
      "/da/guidance/a.b",
      "/da/guidance/%2e%2e",
      "/da/guidance/..",
      "/da/offline/x",
      "/da/guidance#x",
      "//da",
      "/da\n",
    ]) {
      expect(CACHEABLE_PAGE.test(path), JSON.stringify(path)).toBe(false);
    }
  });
});

describe("the page cache in front of Remix", () => {
  let server: http.Server;
  let port: number;
  let fastPathCount: () => number;
  const get = (path: string, headers: Record<string, string> = {}) => ask(port, path, { headers });

  beforeAll(async () => {
    ({ server, fastPathCount } = startApp(false));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    renders.length = 0;
  });

  it("renders a page once, then answers from memory before Express, each time with the security headers", async () => {
    const first = await get("/da/guidance/first-article");
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe("text/html; charset=utf-8");
    expectSecurityHeaders(first);
    expect(renders).toHaveLength(1);
    const fast = fastPathCount();
    const second = await get("/da/guidance/first-article");
    const third = await get("/da/guidance/first-article");
    expect(renders).toHaveLength(1);
    expect(fastPathCount()).toBe(fast + 2);
    for (const answer of [second, third]) {
      expect(answer.status).toBe(200);
      expectSecurityHeaders(answer);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(answer.headers.etag).toBeUndefined();
      expect(answer.headers.vary).toBe("Accept-Encoding");
      expect(answer.headers["content-length"]).toBe(String(answer.raw.length));
      expect(answer.body).toContain(`<p id="render">1</p>`);
    }
  });

  it("gives every answer, fresh or cached, its own nonce, in the header and in the HTML, and never the render's placeholder", async () => {
    const answers = [await get("/sv/guidance/nonces"), await get("/sv/guidance/nonces"), await get("/sv/guidance/nonces", { "Accept-Encoding": "gzip" })];
    expect(renders).toHaveLength(1);
    const placeholder = renders[0]!.nonce;
    expect(placeholder).toMatch(/^nonce-[A-Za-z0-9_-]{24}$/);
    const nonces = answers.map(expectOwnNonce);
    expect(new Set(nonces).size).toBe(3);
    for (const answer of answers) expect(answer.body).not.toContain(placeholder);
    // The gzip answer is compressed, and its nonce still matches.
    expect(answers[2]!.headers["content-encoding"]).toBe("gzip");
  });

  it("compresses a cached page only when asked", async () => {
    await get("/nb/guidance/gzip");
    const plain = await get("/nb/guidance/gzip");
    const gzip = await get("/nb/guidance/gzip", { "Accept-Encoding": "gzip, deflate" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.body.replaceAll(nonceOfHeader(gzip)!, "N")).toBe(plain.body.replaceAll(nonceOfHeader(plain)!, "N"));
  });

  it("answers HEAD from the cache with the headers and no body", async () => {
    await get("/da/offline");
    const head = await ask(port, "/da/offline", { method: "HEAD" });
    expect(head.status).toBe(200);
    expectSecurityHeaders(head);
    expect(head.raw.length).toBe(0);
    expect(Number(head.headers["content-length"])).toBeGreaterThan(100);
  });

  it("never renders with, nor shows, a visitor's cookies; and one visitor's cookie never reaches another", async () => {
    const alice = await get("/da/guidance/cookies", { Cookie: "theme=dark; secret=alice-123; trygg_visit=abcdefghijklmnopqrstuvwxyz234567" });
    expect(renders).toHaveLength(1);
    expect(renders[0]!.cookie).toBeNull();
    expect(alice.body).toContain('<p id="cookie"></p>');
    const bob = await get("/da/guidance/cookies", { Cookie: "secret=bob-456" });
    const nobody = await get("/da/guidance/cookies");
    for (const answer of [alice, bob, nobody]) {
      expect(answer.body).not.toContain("alice-123");
      expect(answer.body).not.toContain("bob-456");
      expect(answer.body).not.toContain("abcdefghijklmnopqrstuvwxyz234567");
      expect(answer.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("passes a request with a staff session to Remix, even for a cached page, under either cookie name", async () => {
    await get("/da");
    expect(renders).toHaveLength(1);
    for (const cookie of ["trygg_session=abcdefghijklmnopqrstuvwxyz234567", "__Host-trygg_session=abcdefghijklmnopqrstuvwxyz234567", "theme=dark; trygg_session=abcdefghijklmnopqrstuvwxyz234567"]) {
      const fast = fastPathCount();
      const answer = await get("/da", { Cookie: cookie });
      expect(fastPathCount()).toBe(fast);
      expect(answer.body).toContain(`${LIVE} GET /da cookie=${cookie}`);
      // Remix answers it with the headers of every response.
      expect(nonceOfHeader(answer)).toMatch(/^[A-Za-z0-9+/=]{24}$/);
    }
    expect(renders).toHaveLength(1);
  });

  it("passes POST, PUT and DELETE to Remix, for a cached page too", async () => {
    await get("/sv");
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const answer = await ask(port, "/sv", { method, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: `http://localhost:${port}` }, body: "a=1" });
      expect(answer.body, method).toContain(`${LIVE} ${method} /sv`);
    }
    expect(renders).toHaveLength(1);
  });

  it("passes pages with a query string, and pages it does not cache, to Remix", async () => {
    await get("/nb");
    for (const path of ["/nb?utm=1", "/nb/guidance?q=stalking", "/nb/staff", "/nb/report", "/nb/events", "/nb/guidance/a/b", "/nb/"]) {
      const answer = await get(path);
      expect(answer.body, path).toContain(`${LIVE} GET ${path}`);
    }
    expect(renders.map((render) => new URL(render.url).pathname)).toEqual(["/nb"]);
  });

  it("does not keep a page that set a cookie: each visitor's is rendered anew, and none gets another's cookie", async () => {
    const one = await get("/da/guidance/sets-cookie");
    const two = await get("/da/guidance/sets-cookie");
    expect(renders).toHaveLength(2);
    expect(one.body).toContain('<p id="render">1</p>');
    expect(two.body).toContain('<p id="render">2</p>');
    expect(two.headers["set-cookie"] ?? []).not.toContain("visit=1; Path=/; HttpOnly");
    for (const answer of [one, two]) {
      expect(answer.status).toBe(200);
      expectSecurityHeaders({ ...answer, headers: { ...answer.headers, "cache-control": "no-cache" } });
      expectOwnNonce(answer);
    }
  });

  it("does not keep a page that is not a plain 200, and answers it with its status and this response's nonce", async () => {
    const one = await get("/da/guidance/missing");
    const two = await get("/da/guidance/missing");
    expect(renders).toHaveLength(2);
    for (const answer of [one, two]) {
      expect(answer.status).toBe(404);
      expect(answer.body).not.toContain(renders[0]!.nonce);
      expectOwnNonce(answer);
    }
  });

  it("answers a page it does not keep with the render's own headers: a redirect's Location, the visitor's cookie", async () => {
    const redirect = await get("/da/guidance/redirects");
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe("/da/guidance");
    const cookie = await get("/da/guidance/sets-cookie");
    expect(cookie.headers["set-cookie"]).toEqual([`visit=${renders.length}; Path=/; HttpOnly`]);
  });

  it("still caches real pages after 600 requests with made-up Host headers (the oldest entries go)", async () => {
    for (let index = 0; index < 600; index++) await get("/da/guidance/hosts", { Host: `made-up-${index}.example` });
    const before = renders.length;
    await get("/da/guidance/real");
    await get("/da/guidance/real");
    expect(renders.length).toBe(before + 1);
  });

  it("keeps pages apart by Host, so a request with a forged Host does not change another host's page", async () => {
    const forged = await get("/da/guidance/hosts", { Host: "evil.example" });
    expect(forged.body).toContain('<p id="url">http://evil.example/da/guidance/hosts</p>');
    const real = await get("/da/guidance/hosts");
    expect(real.body).toContain(`<p id="url">http://localhost:${port}/da/guidance/hosts</p>`);
    expect(real.body).not.toContain("evil.example");
    expect(renders).toHaveLength(2);
    // And from the cache, each host keeps its own.
    expect((await get("/da/guidance/hosts")).body).not.toContain("evil.example");
    expect(renders).toHaveLength(2);
  });

  it("does not believe X-Forwarded-Proto from a client it does not trust: no HSTS, and the page of the plain-HTTP key", async () => {
    await get("/sv/guidance/proto");
    const fast = fastPathCount();
    const answer = await get("/sv/guidance/proto", { "X-Forwarded-Proto": "https" });
    expect(fastPathCount()).toBe(fast + 1);
    expect(answer.headers["strict-transport-security"]).toBeUndefined();
    expect(answer.body).toContain(`<p id="url">http://localhost:${port}/sv/guidance/proto</p>`);
    expect(renders).toHaveLength(1);
  });
});

describe("the page cache behind a trusted proxy", () => {
  let server: http.Server;
  let port: number;
  let fastPathCount: () => number;

  beforeAll(async () => {
    // As TRUST_PROXY=loopback: the hop at 127.0.0.1 speaks for the client.
    ({ server, fastPathCount } = startApp("loopback"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    renders.length = 0;
  });

  it("answers a page forwarded as HTTPS with HSTS, fresh and cached, and keeps the HTTPS and HTTP pages apart", async () => {
    const https = { "X-Forwarded-Proto": "https" };
    const fresh = await ask(port, "/da/guidance/tls", { headers: https });
    const fast = fastPathCount();
    const cached = await ask(port, "/da/guidance/tls", { headers: https });
    expect(fastPathCount()).toBe(fast + 1);
    for (const answer of [fresh, cached]) {
      expect(answer.headers["strict-transport-security"]).toBe(HSTS);
      expectSecurityHeaders(answer);
      expectOwnNonce(answer);
      expect(answer.body).toContain(`<p id="url">https://localhost:${port}/da/guidance/tls</p>`);
    }
    const plain = await ask(port, "/da/guidance/tls");
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
    expect(plain.body).toContain(`<p id="url">http://localhost:${port}/da/guidance/tls</p>`);
    expect(renders.map((render) => render.url)).toEqual([`https://localhost:${port}/da/guidance/tls`, `http://localhost:${port}/da/guidance/tls`]);
  });
});
