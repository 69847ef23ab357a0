import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./support/server";

/** With LOG_REQUESTS=1 the server's output names no link token and no query, and a 404 is one line. */
describe("the request log", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ LOG_REQUESTS: "1" });
  });
  afterAll(async () => server?.stop());

  it("redacts tokens, drops queries and logs a missing page as one line", async () => {
    const secrets = ["InviteSecret0123456789", "ResetSecret0123456789", "ManageSecret0123456789", "querysecret"];
    const before = server.output().length;
    for (const path of [`/da/staff/invite/${secrets[0]}`, `/sv/staff/password-reset/${secrets[1]}`, `/nb/events/manage/${secrets[2]}`, `/da/search?q=${secrets[3]}`, "/da/guidance?utm=querysecret", "/no-such-page/at-all"]) {
      await (await fetch(`${server.url}${path}`)).arrayBuffer();
    }
    await expect.poll(() => server.output().slice(before)).toContain('"status":404');
    const logged = server.output().slice(before);
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(logged).toContain("/da/staff/invite/[token]");
    // No stack trace for a missing page: every line is JSON.
    const lines = logged.split("\n").filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(logged).not.toMatch(/^\s+at /m);
    expect(logged).not.toContain("No route matches");
  });
});
