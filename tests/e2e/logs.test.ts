import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient } from "./support/http-client";
import { fileReport, reportChoices, validReport } from "./support/scenario";
import { deadPort } from "./support/dead-port";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

/**
 * The structured log of a real server: after the human start-up block every line is one JSON
 * object with level, time, msg and reqId, and nothing personal or secret reaches it.
 */
describe("the structured log", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      LOG_REQUESTS: "1",
      LOG_LEVEL: "info",
      JOB_INTERVAL_MS: "200",
      // Mail goes "through Resend" to a closed port: every delivery fails and is logged.
      RESEND_API_KEY: "re_test_key_not_real",
      RESEND_BASE_URL: `http://127.0.0.1:${await deadPort()}`,
    });
  });
  afterAll(async () => server?.stop());

  it("is JSON after the start-up block, carries request ids, and holds no personal data, secret or query", async () => {
    const client = httpClient(server.url);
    const email = `reporter-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const description = `Unique description ${crypto.randomUUID()} of what happened`;
    const choices = await reportChoices(client);
    const receipt = await fileReport(client, validReport(choices, { contactMethod: "email", contactEmail: email, description, level: "5" }));

    // The reporter checks the status with reference and code in the address (a careless link).
    await client.get(`/da/report/status?reference=${encodeURIComponent(receipt.reference)}&code=${encodeURIComponent(receipt.code)}`);
    const cookie = await client.logIn(demo.officer);
    const sessionValue = cookie.split("=")[1]!;
    expect(sessionValue.length).toBeGreaterThan(10);
    await client.get("/da/staff/reports", { cookie });
    await client.get("/da/search?q=querysecretword");
    // A request id from the trusted proxy (the test client on loopback) is kept and sent back.
    const traced = await client.get("/da/guidance", { headers: { "X-Request-Id": "proxy-trace-0001" } });
    expect(traced.headers.get("x-request-id")).toBe("proxy-trace-0001");
    // A malformed one is replaced.
    const replaced = await client.get("/da/guidance", { headers: { "X-Request-Id": "bad id with spaces" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // The mail job tried and failed to send (the officer's notice and the reporter's mail).
    await expect.poll(() => server.output(), { timeout: 30_000 }).toContain("mail delivery failed");
    const status = await server.stop();
    expect(status).toBe(0);

    const output = server.output();
    const startupEnd = output.indexOf("\n", output.indexOf("Trygg is listening on")) + 1;
    expect(startupEnd).toBeGreaterThan(0);
    // Start-up lines stay plain text for people and tests.
    expect(output.slice(0, startupEnd)).toContain("Demo logins");
    const lines = output.slice(startupEnd).split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(5);
    const entries = lines.map((line) => {
      let parsed: Record<string, unknown> | undefined;
      expect(() => (parsed = JSON.parse(line) as Record<string, unknown>), line).not.toThrow();
      return parsed!;
    });
    for (const entry of entries) {
      expect(entry, JSON.stringify(entry)).toHaveProperty("level");
      expect(entry, JSON.stringify(entry)).toHaveProperty("time");
      expect(entry, JSON.stringify(entry)).toHaveProperty("msg");
      expect(entry, JSON.stringify(entry)).toHaveProperty("reqId");
      expect(["trace", "debug", "info", "warn", "error", "fatal"]).toContain(entry.level);
    }

    // Request lines: method, path (no query), route pattern, status, ms and the id sent back.
    const requests = entries.filter((entry) => entry.msg === "request");
    expect(requests.length).toBeGreaterThan(5);
    for (const entry of requests) {
      expect(entry).toEqual(expect.objectContaining({ method: expect.any(String), path: expect.any(String), route: expect.any(String), status: expect.any(Number), ms: expect.any(Number), reqId: expect.any(String) }));
    }
    expect(requests.some((entry) => entry.path === "/da/report/status" && entry.route === "/:lang/report/status")).toBe(true);
    expect(requests.some((entry) => entry.reqId === "proxy-trace-0001")).toBe(true);
    expect(requests.some((entry) => entry.reqId === "bad id with spaces")).toBe(false);
    // The mail failures: a job round's id, the template, never the address.
    const failures = entries.filter((entry) => String(entry.msg).startsWith("mail delivery failed"));
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure.level).toBe("warn");
      expect(String(failure.reqId)).toMatch(/^jobs-/);
      expect(failure).toHaveProperty("template");
    }
    // Shutdown is logged too.
    expect(entries.some((entry) => entry.msg === "Trygg stopped.")).toBe(true);

    const logged = lines.join("\n");
    for (const secret of [email, demo.officer.email, demo.officer.password, sessionValue, receipt.code, receipt.reference, description, "querysecretword", "re_test_key_not_real"]) {
      expect(logged, `the log contains ${secret}`).not.toContain(secret);
    }
    // The receipt code and reference also never appear in their URL-encoded form, and no query string at all.
    expect(logged).not.toContain(encodeURIComponent(receipt.reference));
    expect(logged).not.toContain(encodeURIComponent(receipt.code));
    for (const entry of requests) expect(String(entry.path)).not.toContain("?");
    expect(logged).not.toMatch(/[?&](q|reference|code)=/);
  });
});
