import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reports, reportStatistics, units } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { reportStatisticsCharts } from "~/domain/reports/statistics.server";
import { isoWeekOf, lastIsoWeeks } from "~/domain/reports/weeks";
import { createTestDatabase, type TestDatabase } from "../../setup/database";

// Wednesday 25 November 2026, 11:00 in Copenhagen: ISO week 48. Summer time ended on 25 October.
const now = new Date("2026-11-25T10:00:00Z");

describe("ISO weeks in Nordic local time", () => {
  it("numbers weeks as ISO 8601 does, also around the new year", () => {
    expect(isoWeekOf(2026, 11, 25)).toEqual({ year: 2026, week: 48 });
    expect(isoWeekOf(2026, 12, 31)).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(2027, 1, 3)).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(2027, 1, 4)).toEqual({ year: 2027, week: 1 });
    expect(isoWeekOf(2025, 12, 29)).toEqual({ year: 2026, week: 1 });
  });

  it("starts each week at Monday midnight local time, an hour earlier in UTC in summer than in winter", () => {
    const weeks = lastIsoWeeks(now, 12);
    expect(weeks.map((week) => week.week)).toEqual([37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48]);
    expect(weeks[0]!.start.toISOString()).toBe("2026-09-06T22:00:00.000Z");
    expect(weeks[6]!.start.toISOString()).toBe("2026-10-18T22:00:00.000Z");
    expect(weeks[6]!.end.toISOString()).toBe("2026-10-25T23:00:00.000Z"); // a week of 169 hours
    expect(weeks[7]!.start.toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect(weeks[11]!.start.toISOString()).toBe("2026-11-22T23:00:00.000Z");
    expect(weeks[11]!.end.toISOString()).toBe("2026-11-29T23:00:00.000Z");
    // Late on a Sunday evening in Copenhagen, it is still that week; just after midnight, the next.
    expect(lastIsoWeeks(new Date("2026-11-22T22:59:00Z"), 1)[0]!.week).toBe(47);
    expect(lastIsoWeeks(new Date("2026-11-22T23:00:00Z"), 1)[0]!.week).toBe(48);
    expect(lastIsoWeeks(new Date("2027-01-03T12:00:00Z"), 2).map((week) => `${week.year}-${week.week}`)).toEqual(["2026-52", "2026-53"]);
  });
});

describe("the figures behind the statistics charts", () => {
  let database: TestDatabase;
  let unitId: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    unitId = Object.fromEntries((await database.db.select().from(units)).map((unit) => [unit.name, unit.id]));
    const [party] = await database.db.insert(units).values({ country: "dk", kind: "party", name: "Testpartiet" }).returning();
    const [district] = await database.db
      .insert(units)
      .values({ country: "dk", kind: "party-district", name: "Testpartiet Hovedstaden", parentId: party!.id, areaUnitId: unitId["Region Hovedstaden"] })
      .returning();
    unitId["Testpartiet"] = party!.id;
    unitId["Testpartiet Hovedstaden"] = district!.id;
  });
  afterAll(async () => database?.close());

  it("has twelve empty weeks and no figures before anything is filed", async () => {
    const charts = await reportStatisticsCharts(database.db, now);
    expect(charts.weeks).toHaveLength(12);
    expect(charts.weeks.every((week) => week.total === 0 && week.byLevel.every((count) => count === 0))).toBe(true);
    expect(charts.acknowledge).toEqual({ buckets: expect.arrayContaining([{ bucket: "hour", count: 0 }]), waiting: 0, median: null, p90: null });
    expect(charts.openByAge.map((row) => row.count)).toEqual([0, 0, 0, 0]);
    expect(charts.byRegion).toEqual([]);
    expect(charts.byParty).toEqual([]);
  });

  it("counts per ISO week and level, time-to-acknowledge bucket, region and party, purged reports included", async () => {
    const row = (at: string, level: number, unit: string | null, minutes: number | null, purged = false) => ({
      reportId: crypto.randomUUID(),
      country: "dk",
      unitId: unit ? unitId[unit]! : null,
      threatLevel: level,
      createdAt: new Date(at),
      minutesToAcknowledge: minutes,
      purgedAt: purged ? new Date("2026-11-01T00:00:00Z") : null,
    });
    await database.db.insert(reportStatistics).values([
      row("2026-11-22T23:30:00Z", 3, "Københavns Kommune", 30), // Monday 00:30 local: week 48
      row("2026-11-22T22:30:00Z", 3, "Københavns Kommune", 120), // Sunday 23:30 local: week 47
      row("2026-11-25T09:00:00Z", 6, "Region Hovedstaden", null), // week 48, waiting
      row("2026-11-24T12:00:00Z", 2, null, null), // week 48, no unit: in no region or party
      row("2026-10-25T22:30:00Z", 1, "Aarhus Kommune", 600), // Sunday 23:30 winter time: week 43
      row("2026-10-25T23:30:00Z", 1, "Testpartiet Hovedstaden", 2000), // Monday 00:30: week 44
      row("2026-09-06T22:00:00Z", 2, "Testpartiet", 5000, true), // the first instant of week 37, purged since
      row("2026-09-06T21:59:59Z", 5, "Københavns Kommune", 10), // week 36: outside
      row("2026-11-25T10:00:01Z", 5, "Københavns Kommune", null), // after now: outside
    ]);
    const charts = await reportStatisticsCharts(database.db, now);
    const byWeek = Object.fromEntries(charts.weeks.map((week) => [week.week, week.byLevel]));
    expect(byWeek).toEqual({
      37: [0, 1, 0, 0, 0, 0],
      38: [0, 0, 0, 0, 0, 0],
      39: [0, 0, 0, 0, 0, 0],
      40: [0, 0, 0, 0, 0, 0],
      41: [0, 0, 0, 0, 0, 0],
      42: [0, 0, 0, 0, 0, 0],
      43: [1, 0, 0, 0, 0, 0],
      44: [1, 0, 0, 0, 0, 0],
      45: [0, 0, 0, 0, 0, 0],
      46: [0, 0, 0, 0, 0, 0],
      47: [0, 0, 1, 0, 0, 0],
      48: [0, 1, 1, 0, 0, 1],
    });
    expect(charts.weeks.map((week) => week.total)).toEqual([1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 3]);
    expect(charts.weeks[11]).toMatchObject({ year: 2026, week: 48, start: "2026-11-22T23:00:00.000Z" });
    expect(charts.acknowledge).toEqual({
      buckets: [
        { bucket: "hour", count: 1 },
        { bucket: "eightHours", count: 1 },
        { bucket: "day", count: 1 },
        { bucket: "threeDays", count: 1 },
        { bucket: "longer", count: 1 },
      ],
      waiting: 2,
      median: 600,
      p90: 3800,
    });
    expect(charts.byRegion).toEqual([
      { name: "Region Hovedstaden", country: "dk", count: 4 },
      { name: "Region Midtjylland", country: "dk", count: 1 },
    ]);
    expect(charts.byParty).toEqual([{ name: "Testpartiet", country: "dk", count: 2 }]);
    // Fewer, shorter weeks on request; the top list is cut.
    const short = await reportStatisticsCharts(database.db, now, { weeks: 2, top: 1 });
    expect(short.weeks.map((week) => week.total)).toEqual([1, 3]);
    expect(short.byRegion).toEqual([{ name: "Region Hovedstaden", country: "dk", count: 3 }]);
  });

  it("counts open cases by age from the reports' status and filing time only", async () => {
    const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    const report = (createdAt: Date, status: (typeof reports.$inferInsert)["status"]) => ({
      reference: `TRG-${crypto.randomUUID().slice(0, 8)}`,
      receiptHash: crypto.randomUUID(),
      idempotencyHash: crypto.randomUUID(),
      locale: "da",
      country: "dk",
      threatLevel: 2,
      unitId: unitId["Københavns Kommune"]!,
      routingReason: "municipality" as const,
      sealed: "not read here",
      status,
      createdAt,
      updatedAt: createdAt,
    });
    await database.db.insert(reports).values([
      report(ago(1), "received"),
      report(ago(23), "acknowledged"),
      report(ago(3 * 24), "in_progress"),
      report(ago(10 * 24), "waiting_for_reporter"),
      report(ago(29 * 24), "received"),
      report(ago(40 * 24), "in_progress"),
      report(ago(2 * 24), "closed"),
      report(new Date(now.getTime() + 3_600_000), "received"),
    ]);
    const charts = await reportStatisticsCharts(database.db, now);
    expect(charts.openByAge).toEqual([
      { bucket: "day", count: 2 },
      { bucket: "week", count: 1 },
      { bucket: "month", count: 2 },
      { bucket: "older", count: 1 },
    ]);
  });
});
