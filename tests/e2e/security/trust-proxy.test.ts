import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient } from "../support/http-client";
import { startServer, type RunningServer } from "../support/server";

// Who is a client is the deployment's choice (TRUST_PROXY), made once and followed by Express and
// by the page cache's fast path alike. By default nobody may speak for a client.
const CACHED = "/sv/guidance/threat-ladder";

async function loginStatuses(url: string, forwarded: (attempt: number) => string): Promise<number[]> {
  const client = httpClient(url);
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 7; attempt++) {
    const answer = await client.post("/da/staff/login", { email: `proxy-guess${attempt}@example.dk`, password: "guess" }, { headers: { "X-Forwarded-For": forwarded(attempt) } });
    statuses.push(answer.status);
  }
  return statuses;
}

async function hsts(url: string, path: string): Promise<string | null> {
  const response = await fetch(`${url}${path}`, { headers: { "X-Forwarded-Proto": "https" } });
  await response.text();
  return response.headers.get("strict-transport-security");
}

describe("TRUST_PROXY unset: nobody speaks for a client", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: "" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("an X-Forwarded-For of the client's choosing does not escape the login throttle", async () => {
    const statuses = await loginStatuses(server.url, (attempt) => `10.40.${attempt}.1`);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.at(-1)).toBe(429);
  });

  it("an X-Forwarded-Proto of the client's choosing is ignored, on rendered and on cached pages alike", async () => {
    expect(await hsts(server.url, "/da/report")).toBeNull();
    // The first request fills the cache; the second is answered by its fast path.
    expect(await hsts(server.url, CACHED)).toBeNull();
    expect(await hsts(server.url, CACHED)).toBeNull();
  });
});

describe("TRUST_PROXY=1: one reverse proxy in front", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: "1" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("the proxy's X-Forwarded-For names the client: different clients are throttled apart", async () => {
    const apart = await loginStatuses(server.url, (attempt) => `10.50.${attempt}.1`);
    expect(apart).toEqual([400, 400, 400, 400, 400, 400, 400]);
    const together = await loginStatuses(server.url, () => "10.51.0.1");
    expect(together.at(-1)).toBe(429);
  });

  it("the proxy's X-Forwarded-Proto is believed, on rendered and on cached pages alike", async () => {
    expect(await hsts(server.url, "/da/report")).toMatch(/max-age=\d{8}/);
    expect(await hsts(server.url, CACHED)).toMatch(/max-age=\d{8}/);
    expect(await hsts(server.url, CACHED)).toMatch(/max-age=\d{8}/);
  });
});
