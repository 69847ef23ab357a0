import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queriesInFlight } from "@db/client.server";
import { bearerMatches, methodLabel, routeLabeller, statusClass } from "~/metrics.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";

/** The shape of a Remix build's route table (flat routes), as far as the labeller reads it. */
const routes = Object.fromEntries(
  [
    { id: "root", path: "" },
    { id: "routes/_index", parentId: "root", index: true },
    { id: "routes/$lang", parentId: "root", path: ":lang" },
    { id: "routes/$lang._index", parentId: "routes/$lang", index: true },
    { id: "routes/$lang.report.status", parentId: "routes/$lang", path: "report/status" },
    { id: "routes/$lang.staff.reports.$reportId", parentId: "routes/$lang", path: "staff/reports/:reportId" },
    { id: "routes/$lang.staff.invite.$token", parentId: "routes/$lang", path: "staff/invite/:token" },
    { id: "routes/healthz", parentId: "root", path: "healthz" },
  ].map((route) => [route.id, { ...route, module: {} }]),
) as never;

describe("route labels", () => {
  const label = routeLabeller({ routes });
  it("are the matched route's pattern, never the path's ids, tokens or words", () => {
    expect(label("/da/report/status")).toBe("/:lang/report/status");
    expect(label("/da/staff/reports/5f0c2d8e-9b1a-4c3d-8e2f-1a2b3c4d5e6f")).toBe("/:lang/staff/reports/:reportId");
    expect(label("/sv/staff/invite/SecretToken123")).toBe("/:lang/staff/invite/:token");
    expect(label("/healthz")).toBe("/healthz");
    expect(label("/")).toBe("/");
    expect(label("/da")).toBe("/:lang");
    expect(label("/assets/entry-abc123.js")).toBe("/assets/*");
  });
  it("are 'other' for paths no route matches", () => {
    expect(label("/no-such-page/at-all")).toBe("other");
    expect(label("/da/report/status/TRG-1234-ABCD")).toBe("other");
  });
  it("methods and statuses come from fixed sets", () => {
    expect(methodLabel("get")).toBe("GET");
    expect(methodLabel("BREW")).toBe("other");
    expect(statusClass(204)).toBe("2xx");
    expect(statusClass(404)).toBe("4xx");
    expect(statusClass(999)).toBe("other");
  });
});

describe("the metrics bearer token", () => {
  it("matches only the exact token after 'Bearer '", () => {
    const token = "a-token-of-enough-length";
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches("Bearer ", token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
  });
});

describe("queries in flight", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("counts a query from when it is sent until it is answered, in and out of transactions", async () => {
    expect(queriesInFlight()).toBe(0);
    const running = database.db.execute(sql`select 1`).then((result) => result);
    expect(queriesInFlight()).toBe(1);
    await running;
    expect(queriesInFlight()).toBe(0);
    await database.db.transaction(async (tx) => {
      const inner = tx.execute(sql`select 2`).then((result) => result);
      expect(queriesInFlight()).toBe(1);
      await inner;
    });
    expect(queriesInFlight()).toBe(0);
    // A failing query is no longer in flight either.
    await expect(database.db.execute(sql`select * from no_such_table`)).rejects.toThrow();
    expect(queriesInFlight()).toBe(0);
  });
});
