import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, type HttpClient } from "./support/http-client";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

/** A newcomer's first look at the demo: nothing on the staff pages is empty. */
describe("the demo on a fresh start", () => {
  let server: RunningServer;
  let client: HttpClient;

  beforeAll(async () => {
    server = await startServer({ DEMO_ACTIVITY: "1" });
    client = httpClient(server.url);
  });
  afterAll(async () => server?.stop());

  it("says what it made, and prints no receipt code", () => {
    expect(server.output()).toMatch(/Demo activity: 2 events and 5 reports/);
    // Receipt codes are groups of letters and digits joined by dashes, 20 characters in all.
    expect(server.output()).not.toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  });

  it("gives the officer a queue with reports in several states, each readable", async () => {
    const cookie = await client.logIn(demo.officer, "10.62.0.1");
    const queue = (await client.get("/da/staff/reports?status=all", { cookie })).html;
    const ids = [...new Set([...queue.matchAll(/href="\/da\/staff\/reports\/([0-9a-f-]{36})"/g)].map((match) => match[1]!))];
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const statuses = new Set<string>();
    for (const id of ids) {
      const page = await client.get(`/da/staff/reports/${id}`, { cookie });
      expect(page.status).toBe(200);
      statuses.add(/data-case-status="([a-z_]+)"/.exec(page.html)![1]!);
      // Sealed like real reports, and this officer holds the key: the description is there.
      expect(page.html).toMatch(/data-description="">[^<]{20,}</);
    }
    expect([...statuses].sort()).toEqual(expect.arrayContaining(["received", "waiting_for_reporter", "in_progress"]));
  });

  it("lists the two meetings to the public, each in its own language and marked on the others", async () => {
    const da = (await client.get("/da/events")).html;
    expect(da).toContain("Tryg valgkamp");
    expect(da).toContain("Informasjonsmøte om sikker gjennomføring av valget");
    expect(da).toContain('data-text-in="nb"');
    const organizer = await client.logIn(demo.organizer, "10.62.0.2");
    const list = (await client.get("/da/staff/events", { cookie: organizer })).html;
    expect(list.match(/href="\/da\/staff\/events\/[0-9a-f-]{36}"/g)).toHaveLength(2);
  });

  it("does it once: a restart on the same data adds nothing", async () => {
    await server.kill();
    const again = await startServer({ DEMO_ACTIVITY: "1" }, server.store);
    try {
      expect(again.output()).not.toMatch(/Demo activity/);
      const organizer = await httpClient(again.url).logIn(demo.organizer, "10.62.0.3");
      const list = (await httpClient(again.url).get("/da/staff/events", { cookie: organizer })).html;
      expect(list.match(/href="\/da\/staff\/events\/[0-9a-f-]{36}"/g)).toHaveLength(2);
    } finally {
      server = again;
    }
  });
});
