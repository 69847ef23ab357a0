import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@db/client.server";
import { lastIsoWeeks } from "./weeks";

/**
 * Anonymous figures for administrators: counts by level, country and unit, median time to
 * acknowledge, open reports by age. Only the statistics table and report metadata are read,
 * never contents; purged reports still count.
 */
export async function reportStatisticsSummary(db: Executor, now: Date) {
  const byLevel = await queryRows<{ threat_level: number; count: number }>(db, sql`select threat_level, count(*)::int as count from report_statistics group by threat_level order by threat_level`);
  const byCountry = await queryRows<{ country: string; count: number }>(db, sql`select country, count(*)::int as count from report_statistics group by country order by country`);
  const byUnit = await queryRows<{ name: string | null; count: number }>(
    db,
    sql`select u.name, count(*)::int as count from report_statistics s left join units u on u.id = s.unit_id group by u.name order by count desc, u.name limit 50`,
  );
  const [median] = await queryRows<{ minutes: number | null }>(
    db,
    sql`select percentile_cont(0.5) within group (order by minutes_to_acknowledge)::float8 as minutes from report_statistics where minutes_to_acknowledge is not null`,
  );
  const openByAge = await queryRows<{ bucket: string; count: number }>(
    db,
    sql`select case
          when created_at > ${now.toISOString()}::timestamptz - interval '1 day' then 'day'
          when created_at > ${now.toISOString()}::timestamptz - interval '7 days' then 'week'
          when created_at > ${now.toISOString()}::timestamptz - interval '30 days' then 'month'
          else 'older' end as bucket, count(*)::int as count
        from reports where status <> 'closed' group by bucket`,
  );
  return {
    byLevel: byLevel.map((row) => ({ level: Number(row.threat_level), count: Number(row.count) })),
    byCountry: byCountry.map((row) => ({ country: row.country, count: Number(row.count) })),
    byUnit: byUnit.map((row) => ({ name: row.name ?? "—", count: Number(row.count) })),
    medianMinutesToAcknowledge: median?.minutes === null || median?.minutes === undefined ? null : Math.round(Number(median.minutes)),
    openByAge: Object.fromEntries(openByAge.map((row) => [row.bucket, Number(row.count)])) as Partial<Record<"day" | "week" | "month" | "older", number>>,
  };
}

export const acknowledgeBuckets = ["hour", "eightHours", "day", "threeDays", "longer"] as const;
export type AcknowledgeBucket = (typeof acknowledgeBuckets)[number];
export const openAgeBuckets = ["day", "week", "month", "older"] as const;
export type OpenAgeBucket = (typeof openAgeBuckets)[number];
const levels = [1, 2, 3, 4, 5, 6] as const;

export interface ChartStatistics {
  /** The ISO weeks shown, oldest first, with reports per threat level (index 0 is level 1). */
  weeks: Array<{ year: number; week: number; start: string; end: string; byLevel: number[]; total: number }>;
  /** Reports of those weeks by time to acknowledge; `waiting` are not acknowledged yet. */
  acknowledge: { buckets: Array<{ bucket: AcknowledgeBucket; count: number }>; waiting: number; median: number | null; p90: number | null };
  /** Open reports now, by age. */
  openByAge: Array<{ bucket: OpenAgeBucket; count: number }>;
  /** Reports of those weeks per region and per party (districts count for their party and their region), the top few. */
  byRegion: Array<{ name: string; country: string; count: number }>;
  byParty: Array<{ name: string; country: string; count: number }>;
}

/**
 * The figures behind the statistics charts, for the last `weeks` ISO weeks up to `now` (Nordic
 * local time, see weeks.ts). Reads report_statistics (anonymous, kept after a purge), the units
 * tree, and for open cases only the status and age of reports; never contents.
 */
export async function reportStatisticsCharts(db: Executor, now: Date, options: { weeks?: number; top?: number } = {}): Promise<ChartStatistics> {
  const weeks = lastIsoWeeks(now, options.weeks ?? 12);
  const top = options.top ?? 8;
  const from = weeks[0]!.start.toISOString();
  // Reports filed after `now` (a clock set back) are not in any week shown.
  const until = new Date(Math.min(weeks[weeks.length - 1]!.end.getTime(), now.getTime() + 1)).toISOString();
  const thresholds = sql.join(
    weeks.map((week) => sql`${week.start.toISOString()}::timestamptz`),
    sql`, `,
  );
  const window = sql`s.created_at >= ${from}::timestamptz and s.created_at < ${until}::timestamptz`;

  const perWeek = await queryRows<{ bucket: number; threat_level: number; count: number }>(
    db,
    sql`select width_bucket(s.created_at, array[${thresholds}]) as bucket, s.threat_level, count(*)::int as count
        from report_statistics s where ${window} group by 1, 2`,
  );
  const weekRows = weeks.map((week) => ({ year: week.year, week: week.week, start: week.start.toISOString(), end: week.end.toISOString(), byLevel: levels.map(() => 0), total: 0 }));
  for (const row of perWeek) {
    const week = weekRows[Number(row.bucket) - 1];
    const level = Number(row.threat_level);
    if (!week || level < 1 || level > levels.length) continue;
    week.byLevel[level - 1]! += Number(row.count);
    week.total += Number(row.count);
  }

  const [ack] = await queryRows<Record<AcknowledgeBucket | "waiting", number> & { median: number | null; p90: number | null }>(
    db,
    sql`select
          count(*) filter (where minutes_to_acknowledge < 60)::int as "hour",
          count(*) filter (where minutes_to_acknowledge >= 60 and minutes_to_acknowledge < 480)::int as "eightHours",
          count(*) filter (where minutes_to_acknowledge >= 480 and minutes_to_acknowledge < 1440)::int as "day",
          count(*) filter (where minutes_to_acknowledge >= 1440 and minutes_to_acknowledge < 4320)::int as "threeDays",
          count(*) filter (where minutes_to_acknowledge >= 4320)::int as "longer",
          count(*) filter (where minutes_to_acknowledge is null)::int as "waiting",
          percentile_cont(0.5) within group (order by minutes_to_acknowledge)::float8 as median,
          percentile_cont(0.9) within group (order by minutes_to_acknowledge)::float8 as p90
        from report_statistics s where ${window}`,
  );
  const rounded = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(Number(value)));

  const nowText = now.toISOString();
  const open = await queryRows<{ bucket: OpenAgeBucket; count: number }>(
    db,
    sql`select case
          when created_at > ${nowText}::timestamptz - interval '1 day' then 'day'
          when created_at > ${nowText}::timestamptz - interval '7 days' then 'week'
          when created_at > ${nowText}::timestamptz - interval '30 days' then 'month'
          else 'older' end as bucket, count(*)::int as count
        from reports where status <> 'closed' and created_at <= ${nowText}::timestamptz group by bucket`,
  );
  const openCounts = new Map(open.map((row) => [row.bucket, Number(row.count)]));

  // A party district belongs to its party (parent) and covers one region (area); a municipality lies in its region.
  const grouped = (target: ReturnType<typeof sql>) =>
    queryRows<{ name: string; country: string; count: number }>(
      db,
      sql`select g.name, g.country, count(*)::int as count
          from report_statistics s
          join units u on u.id = s.unit_id
          join units g on g.id = ${target}
          where ${window}
          group by g.id, g.name, g.country order by count desc, g.name limit ${top}`,
    );
  const byRegion = await grouped(sql`case u.kind when 'region' then u.id when 'municipality' then u.parent_id when 'party-district' then u.area_unit_id end`);
  const byParty = await grouped(sql`case u.kind when 'party' then u.id when 'party-district' then u.parent_id end`);

  return {
    weeks: weekRows,
    acknowledge: {
      buckets: acknowledgeBuckets.map((bucket) => ({ bucket, count: Number(ack?.[bucket] ?? 0) })),
      waiting: Number(ack?.waiting ?? 0),
      median: rounded(ack?.median),
      p90: rounded(ack?.p90),
    },
    openByAge: openAgeBuckets.map((bucket) => ({ bucket, count: openCounts.get(bucket) ?? 0 })),
    byRegion: byRegion.map((row) => ({ name: row.name, country: row.country, count: Number(row.count) })),
    byParty: byParty.map((row) => ({ name: row.name, country: row.country, count: Number(row.count) })),
  };
}
