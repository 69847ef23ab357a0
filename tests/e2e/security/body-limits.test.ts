import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UploadGate } from "~/server/body-limit.server";
import { httpClient, type HttpClient } from "../support/http-client";
import { png, reportChoices, validReport } from "../support/scenario";
import { startServer, type RunningServer } from "../support/server";

const MB = 1024 * 1024;

/** The server's resident memory now, and its peak so far (VmHWM), in MB. */
function memoryOf(server: RunningServer): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)![1]) / 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

interface Sent {
  status: number;
  body: string;
  /** Bytes the client had written when the answer came. */
  written: number;
}

/**
 * Sends `total` bytes of `piece` repeated, as a chunked body (no Content-Length) or with the given
 * Content-Length, and resolves with the answer as soon as it comes, without waiting to finish sending.
 */
function send(url: string, path: string, options: { total: number; piece: Buffer; prefix?: Buffer; contentType: string; contentLength?: number }): Promise<Sent> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    let written = 0;
    const headers: Record<string, string | number> = { "Content-Type": options.contentType, Origin: url };
    if (options.contentLength !== undefined) headers["Content-Length"] = options.contentLength;
    const request = http.request(target, { method: "POST", headers, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body, written }));
      response.on("error", reject);
    });
    request.on("error", (error) => reject(error));
    let stopped = false;
    request.on("response", () => (stopped = true));
    const pump = () => {
      if (options.prefix && written === 0) {
        request.write(options.prefix);
        written += options.prefix.length;
      }
      while (!stopped && written < options.total) {
        const ok = request.write(options.piece);
        written += options.piece.length;
        if (!ok) {
          request.once("drain", pump);
          return;
        }
      }
      if (!stopped) request.end();
    };
    pump();
  });
}

describe("request bodies are capped while they stream in", () => {
  let server: RunningServer;
  let client: HttpClient;
  beforeAll(async () => {
    server = await startServer({ UPLOADS_AT_ONCE: "2", JOBS: "0" });
    client = httpClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("an 80 MB chunked urlencoded login is refused at 256 KiB with the login page and its translated error; memory stays flat", async () => {
    const before = memoryOf(server);
    const answer = await send(server.url, "/da/staff/login", { total: 80 * MB, piece: Buffer.alloc(64 * 1024, "a"), prefix: Buffer.from("email=x%40y.dk&password="), contentType: "application/x-www-form-urlencoded" });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("data-body-too-large");
    expect(answer.body).toContain("Det, du sendte, var for stort");
    expect(answer.body).toContain("256 kB");
    // The login page itself, so the person can try again from where they were.
    expect(answer.body).toMatch(/<form[^>]*method="post"/i);
    expect(answer.written).toBeLessThan(20 * MB);
    expect(memoryOf(server).rss - before.rss).toBeLessThan(48);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("a declared Content-Length over the limit is answered 413 before a byte is read", async () => {
    const answer = await new Promise<Sent>((resolve, reject) => {
      const request = http.request(new URL("/sv/staff/login", server.url), { method: "POST", agent: false, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, "Content-Length": 80 * MB } }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, body, written: 0 }));
      });
      request.on("error", reject);
      request.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("Det du skickade var för stort");
  });

  it("a report over the upload limit, chunked, gets the report form back with the Norwegian summary, and files nothing", async () => {
    const before = await client.rowCounts();
    const boundary = "----trygg-limit-test";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nx\r\n--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
    const answer = await send(server.url, "/nb/report?index", { total: 70 * MB, piece: Buffer.alloc(256 * 1024, 1), prefix: head, contentType: `multipart/form-data; boundary=${boundary}` });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("Det du sendte, var for stort");
    expect(answer.body).toContain("51 MB");
    expect(answer.body).toContain('name="idempotencyKey"');
    const after = await client.rowCounts();
    expect(after.reports).toBe(before.reports);
  });

  it("a Content-Length that lies low is held to it: the rest is not read as body, and the server stays well", async () => {
    const answer = await send(server.url, "/da/staff/login", { total: 4 * MB, piece: Buffer.alloc(64 * 1024, "b"), prefix: Buffer.from("email=x%40y.dk&password=abc"), contentType: "application/x-www-form-urlencoded", contentLength: 27 }).catch((error: Error) => ({ status: 0, body: error.message, written: 0 }));
    // Node's parser reads 27 bytes as the body; what follows is no request: the login answers its own 400, or the socket closes.
    expect([0, 400]).toContain(answer.status);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const login = await client.post("/da/staff/login", { email: "nobody@example.dk", password: "x" }, { headers: { "X-Forwarded-For": "10.60.0.1" } });
    expect(login.status).toBe(400);
  });

  it("legal uploads beyond the gate wait their turn and all arrive", async () => {
    const choices = await reportChoices(client);
    const big = Buffer.concat([png, Buffer.alloc(9 * MB)]);
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        client.post("/da/report?index", validReport(choices, { description: `Gate test ${index}: a letter in the mailbox.` }), { multipart: true, files: [{ name: "photo.png", type: "image/png", bytes: big }], headers: { "X-Forwarded-For": `10.61.${index}.1` } }),
      ),
    );
    console.log(JSON.stringify({ gateStatuses: answers.map((answer) => answer.status) }));
    // Each is an answer of the report page (a receipt, or the file field's own error for this padded PNG), never a refusal for load.
    for (const answer of answers) expect([200, 400]).toContain(answer.status);
    expect(answers.every((answer) => answer.html.includes("<html"))).toBe(true);
    expect(new Set(answers.map((answer) => answer.status)).size).toBe(1);
  });
});

describe("the upload gate", () => {
  it("lets `size` holders in, queues the rest in order, and gives up on a waiter after its time", async () => {
    const gate = new UploadGate(2);
    const first = await gate.acquire(1000);
    const second = await gate.acquire(1000);
    expect(gate.inUse).toBe(2);
    const order: string[] = [];
    const third = gate.acquire(1000).then((release) => (order.push("third"), release));
    const fourth = gate.acquire(1000).then((release) => (order.push("fourth"), release));
    const late = await gate.acquire(20);
    expect(late).toBeUndefined();
    first!();
    first!(); // a second release of the same place changes nothing
    const thirdRelease = await third;
    expect(order).toEqual(["third"]);
    second!();
    const fourthRelease = await fourth;
    expect(order).toEqual(["third", "fourth"]);
    expect(gate.inUse).toBe(2);
    thirdRelease!();
    fourthRelease!();
    expect(gate.inUse).toBe(0);
  });
});
