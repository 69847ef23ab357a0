import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, REQUEST_LOG_REDACT_DEPTH, requestIdFor, scrubText, withLogContext } from "~/log.server";

/** A logger writing to memory, with the process logger's options. */
function memoryLogger(level: "info" | "debug" | "warn" = "info", depth?: number) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger(level, stream as never, depth);
  return { logger, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), raw: () => lines.join("\n") };
}

describe("the logger", () => {
  it("writes JSON lines with a level name, an ISO time, msg and the request id of its context", () => {
    const { logger, lines } = memoryLogger();
    withLogContext("req-12345678", () => logger.info({ route: "/:lang" }, "hello"));
    logger.info("outside");
    const [inside, outside] = lines();
    expect(inside).toMatchObject({ level: "info", msg: "hello", reqId: "req-12345678", route: "/:lang" });
    expect(new Date(inside!.time as string).toISOString()).toBe(inside!.time);
    expect(outside).toMatchObject({ level: "info", msg: "outside", reqId: null });
  });

  it("a request id passed in the call wins over the context's", () => {
    const { logger, lines } = memoryLogger();
    withLogContext("from-context", () => logger.info({ reqId: "explicit-id" }, "x"));
    expect(lines()[0]!.reqId).toBe("explicit-id");
  });

  it("keeps levels below LOG_LEVEL out", () => {
    const { logger, lines } = memoryLogger("warn");
    logger.info("quiet");
    logger.debug("quieter");
    logger.warn("loud");
    expect(lines().map((line) => line.msg)).toEqual(["loud"]);
  });

  it("redacts personal data and secrets at the top level and nested", () => {
    const { logger, raw, lines } = memoryLogger();
    const secrets = {
      email: "alice@example.org",
      contactPhone: "+45 12 34 56 78",
      password: "hunter2-secret",
      receiptCode: "ABCD-EFGH-IJKL",
      reference: "TRG-7Q2K-9XW4",
      description: "They followed me home",
      token: "InviteSecret0123456789",
      ip: "203.0.113.9",
    };
    logger.info(
      {
        ...secrets,
        req: { headers: { cookie: "trygg_session=sessionvalue123", authorization: "Bearer abcdef", "x-forwarded-for": "198.51.100.7" } },
        res: { headers: { "set-cookie": "trygg_session=newsessionvalue" } },
        report: { contact: { email: "bob@example.org", name: "Bob Hansen" }, body: "the full text", code: "999999" },
        deep: { a: { b: { c: { email: "carol@example.org" } } } },
        job: "mail",
        status: 200,
      },
      "everything",
    );
    const text = raw();
    for (const value of [...Object.values(secrets), "sessionvalue123", "abcdef", "198.51.100.7", "newsessionvalue", "bob@example.org", "Bob Hansen", "the full text", "999999", "carol@example.org"]) {
      expect(text).not.toContain(value);
    }
    const line = lines()[0]! as {
      email: string;
      req: { headers: { cookie: string } };
      res: { headers: Record<string, string> };
      report: { contact: { name: string } };
      deep: { a: { b: { c: { email: string } } } };
      job: string;
      status: number;
    };
    expect(line.email).toBe("[redacted]");
    expect(line.req.headers.cookie).toBe("[redacted]");
    expect(line.res.headers["set-cookie"]).toBe("[redacted]");
    expect(line.report.contact.name).toBe("[redacted]");
    expect(line.deep.a.b.c.email).toBe("[redacted]");
    // Fields that are not personal stay.
    expect(line.job).toBe("mail");
    expect(line.status).toBe(200);
  });

  it("the request log's lighter configuration still redacts the top level and one level down", () => {
    const { logger, raw } = memoryLogger("info", REQUEST_LOG_REDACT_DEPTH);
    logger.info({ ip: "203.0.113.10", email: "erin@example.org", headers: { cookie: "trygg_session=abcvalue", authorization: "Bearer tok" }, path: "/da" }, "request");
    expect(raw()).not.toMatch(/203\.0\.113\.10|erin@example|abcvalue|Bearer tok/);
    expect(raw()).toContain('"path":"/da"');
  });

  it("logs errors without their database parameters, and without e-mail addresses in the message", () => {
    const { logger, lines } = memoryLogger();
    const error = Object.assign(new Error("duplicate key for dave@example.org"), { code: "23505", parameters: ["dave@example.org", "secret"], query: "insert into users …" });
    logger.error({ err: error }, "failed");
    const line = lines()[0]! as { err: Record<string, unknown> };
    expect(line.err.type).toBe("Error");
    expect(line.err.errorCode).toBe("23505");
    expect(line.err.message).toBe("duplicate key for [email]");
    expect(JSON.stringify(line)).not.toContain("dave@example.org");
    expect(JSON.stringify(line)).not.toContain("secret");
    expect(scrubText("at file:///x/node_modules/@vitest/runner/index.js:1")).toBe("at file:///x/node_modules/@vitest/runner/index.js:1");
  });
});

describe("request ids", () => {
  it("take a well-formed X-Request-Id only from a trusted peer", () => {
    expect(requestIdFor("abcdef12-proxy-id", true)).toBe("abcdef12-proxy-id");
    expect(requestIdFor("abcdef12-proxy-id", false)).not.toBe("abcdef12-proxy-id");
    expect(requestIdFor("short", true)).not.toBe("short");
    expect(requestIdFor("has space in it ok", true)).not.toBe("has space in it ok");
    expect(requestIdFor("a".repeat(129), true)).toHaveLength(36);
    expect(requestIdFor(undefined, false)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
