import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@db/client.server";

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
