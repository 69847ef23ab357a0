import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../e2e/support/staff";
import { startServer, type RunningServer } from "../e2e/support/server";

// The repository's nginx configuration (docs/deploy/nginx.conf), templated to test ports and a
// throwaway self-signed certificate, in front of a real Trygg server started with the settings
// docs/operations.md gives for one proxy (TRUST_PROXY=1, an https PUBLIC_URL). In CI a missing
// nginx fails the test (.ci/run installs it); elsewhere the file is skipped with the reason.
const nginxBinary = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"].find((candidate) => fs.existsSync(candidate)) ?? (spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).stdout.trim() || undefined);
const openssl = spawnSync("openssl", ["version"]).status === 0;
const missing = !nginxBinary ? "no nginx binary (apt-get install -y nginx-light)" : !openssl ? "no openssl binary" : undefined;
if (missing && process.env.CI) throw new Error(`tests/ops/reverse-proxy.test.ts needs nginx and openssl in CI: ${missing}`);
if (missing) console.log(`Skipped tests/ops/reverse-proxy.test.ts: ${missing}`);

const HOST_NAME = "trygg.test";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface ProxyAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe.skipIf(missing !== undefined)("nginx from docs/deploy/nginx.conf in front of Trygg", () => {
  let dir: string;
  let server: RunningServer;
  let nginx: ChildProcess | undefined;
  let nginxLog = "";
  let httpsPort: number;
  let httpPort: number;
  let publicUrl: string;
  let ca: Buffer;

  /** A request through the proxy, over TLS, from `localAddress` (any 127.0.0.0/8 address is ours). */
  function request(method: string, pathname: string, options: { headers?: Record<string, string>; body?: string; localAddress?: string } = {}): Promise<ProxyAnswer> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: "127.0.0.1",
          port: httpsPort,
          servername: HOST_NAME,
          ca,
          method,
          path: pathname,
          localAddress: options.localAddress ?? "127.0.0.1",
          agent: false,
          headers: { Host: `${HOST_NAME}:${httpsPort}`, ...(options.body !== undefined ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.once("error", reject);
      req.end(options.body);
    });
  }

  const post = (pathname: string, fields: Record<string, string>, options: { headers?: Record<string, string>; localAddress?: string } = {}) =>
    request("POST", pathname, { ...options, body: new URLSearchParams(fields).toString(), headers: { Origin: publicUrl, ...options.headers } });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-nginx-"));
    // nginx's workers may run as another user (nobody, when started as root): they need to reach the folder.
    fs.chmodSync(dir, 0o755);
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${HOST_NAME}`, "-addext", `subjectAltName=DNS:${HOST_NAME}`, "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    ca = fs.readFileSync(path.join(dir, "cert.pem"));

    httpsPort = await freePort();
    httpPort = await freePort();
    publicUrl = `https://${HOST_NAME}:${httpsPort}`;
    // Demo data for the outbox page that shows the mail; DEMO_PUBLIC=1 because PUBLIC_URL is https.
    server = await startServer({ PUBLIC_URL: publicUrl, TRUST_PROXY: "1", DEMO_DATA: "1", DEMO_PUBLIC: "1" });
    const upstream = new URL(server.url).host;

    const template = fs.readFileSync(path.resolve("docs/deploy/nginx.conf"), "utf8");
    const values: Record<string, string> = {
      SERVER_NAME: HOST_NAME,
      PUBLIC_URL: publicUrl,
      LISTEN: `127.0.0.1:${httpsPort} ssl`,
      LISTEN_HTTP: `127.0.0.1:${httpPort}`,
      CERT: path.join(dir, "cert.pem"),
      KEY: path.join(dir, "key.pem"),
      UPSTREAMS: `server ${upstream};`,
      TEMP: dir,
    };
    const config = template.replace(/@([A-Z_]+)@/g, (whole, name: string) => {
      if (!(name in values)) throw new Error(`nginx.conf has a placeholder the test does not know: ${whole}`);
      return values[name]!;
    });
    fs.writeFileSync(path.join(dir, "nginx.conf"), config);
    const checked = spawnSync(nginxBinary!, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { encoding: "utf8" });
    expect(checked.status, checked.stderr).toBe(0);
    nginx = spawn(nginxBinary!, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
    nginx.stdout!.on("data", (chunk) => (nginxLog += chunk));
    nginx.stderr!.on("data", (chunk) => (nginxLog += chunk));
    for (let attempt = 0; ; attempt++) {
      const answer = await request("GET", "/healthz").catch(() => undefined);
      if (answer?.status === 200) break;
      if (attempt > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start:\n${nginxLog}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once("exit", resolve));
      nginx.kill("SIGQUIT");
      await exited;
    }
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("Trygg's security headers arrive through the proxy, on rendered and cached pages alike", async () => {
    // /da/report is rendered by Remix; a guidance article is answered from the page cache (second visit).
    for (const pathname of ["/da/report", "/sv/guidance/threat-ladder", "/sv/guidance/threat-ladder"]) {
      const answer = await request("GET", pathname);
      expect(answer.status, pathname).toBe(200);
      const csp = String(answer.headers["content-security-policy"]);
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, pathname).toBeTruthy();
      // The proxy passed the page unchanged: the header's nonce is the one in the page.
      expect(answer.body).toContain(`nonce="${nonce}"`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["referrer-policy"]).toBe("no-referrer");
      expect(answer.headers["permissions-policy"]).toBeTruthy();
      // HSTS: Trygg sends it whenever PUBLIC_URL is https (so also if a proxy forgot X-Forwarded-Proto).
      expect(answer.headers["strict-transport-security"], pathname).toMatch(/max-age=\d{8}/);
      // Headers are Trygg's alone, not doubled by the proxy; the proxy names no version.
      expect(Array.isArray(answer.headers["content-security-policy"])).toBe(false);
      expect(answer.headers.server).toBe("nginx");
    }
    const status = await request("GET", "/da/report/status");
    expect(status.headers["cache-control"]).toContain("no-store");
  });

  it("the client address Trygg throttles is the one nginx saw, whatever X-Forwarded-For the client sends", async () => {
    const attempt = async (index: number, localAddress: string, forwardedFor: string) =>
      (await post("/da/staff/login", { email: `proxy-${localAddress}-${index}@example.dk`, password: "guess" }, { localAddress, headers: { "X-Forwarded-For": forwardedFor } })).status;
    // Seven clients at seven addresses: each is its own client, nobody is throttled.
    const apart: number[] = [];
    for (let index = 0; index < 7; index++) apart.push(await attempt(index, `127.0.0.${20 + index}`, "203.0.113.9"));
    expect(apart).toEqual([400, 400, 400, 400, 400, 400, 400]);
    // One client choosing a new X-Forwarded-For each time: still one client, throttled after five.
    const together: number[] = [];
    for (let index = 0; index < 7; index++) together.push(await attempt(index, "127.0.0.40", `10.60.${index}.1`));
    expect(together.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(together.at(-1)).toBe(429);
  });

  it("mail links and redirects use PUBLIC_URL, not the Host nginx passes on", async () => {
    const reset = await post("/da/staff/password-reset", { email: demo.officer.email }, { localAddress: "127.0.0.50" });
    expect(reset.status, reset.body.slice(0, 300)).toBe(200);
    const outbox = await request("GET", "/dev/outbox");
    const row = new RegExp(`<tr data-mail-to="${demo.officer.email.replace(".", "\\.")}" data-mail-template="[^"]*">[\\s\\S]*?href="(/dev/outbox/[0-9a-f-]{36})"`).exec(outbox.body);
    expect(row, "the reset mail in the outbox").toBeTruthy();
    const mail = await request("GET", row![1]!);
    const links = [...mail.body.matchAll(/<li><a href="([^"]+)">/g)].map((match) => match[1]!.replaceAll("&amp;", "&"));
    const resetLink = links.find((link) => link.includes("/staff/password-reset/"));
    // nginx passes Host without the port ($host): a link built from the request would lack it.
    expect(resetLink).toMatch(new RegExp(`^${publicUrl.replaceAll(".", "\\.")}/da/staff/password-reset/[a-z2-7]+$`));

    // Redirects stay on the public origin: relative, or naming PUBLIC_URL.
    const home = await request("GET", "/", { headers: { "Accept-Language": "sv" } });
    expect(home.status).toBe(302);
    const location = String(home.headers.location);
    expect(new URL(location, `${publicUrl}/`).origin).toBe(publicUrl);
    // Plain HTTP on the proxy only sends people to PUBLIC_URL.
    const plain = await fetch(`http://127.0.0.1:${httpPort}/da/report?x=1`, { redirect: "manual", headers: { Host: HOST_NAME } });
    expect(plain.status).toBe(301);
    expect(plain.headers.get("location")).toBe(`${publicUrl}/da/report?x=1`);
  });

  it("a POST from another site is refused through the proxy, one from the public origin is not", async () => {
    const foreign = await post("/da/staff/login", { email: "x@example.dk", password: "y" }, { localAddress: "127.0.0.60", headers: { Origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    // A client's own X-Forwarded-Host never reaches Trygg (nginx clears it): no 400 for it.
    const spoofedHost = await post("/da/staff/login", { email: "x@example.dk", password: "y" }, { localAddress: "127.0.0.61", headers: { "X-Forwarded-Host": "evil.example" } });
    expect(spoofedHost.status).toBe(400);
    expect(spoofedHost.body).not.toContain("forwarded host");
  });
});
