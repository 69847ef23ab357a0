import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { staffRoute } from "~/auth/staff-route.server";
import { ChartFigure, ChartLegend, HorizontalBarChart, StackedColumnChart, type Bar } from "~/components/charts/Charts";
import { reportStatisticsCharts, reportStatisticsSummary } from "~/domain/reports/statistics.server";
import { statisticsTimeZone } from "~/domain/reports/weeks";
import type { StaffShellHandle } from "~/components/staff-shell";
import { formatDayRange } from "~/i18n/dates";

const levels = [1, 2, 3, 4, 5, 6] as const;

/** A duration in the page's language: minutes under an hour, hours under two days, then days. */
function formatMinutes(locale: string, minutes: number | null): string | null {
  if (minutes === null) return null;
  const [value, unit] = minutes < 60 ? [minutes, "minute"] : minutes < 48 * 60 ? [minutes / 60, "hour"] : [minutes / 1440, "day"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long", maximumFractionDigits: 1 }).format(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, db } = await staffRoute(args, { namespace: "report", roles: ["administrator"] });
  const now = new Date();
  const stats = await reportStatisticsSummary(db, now);
  const charts = await reportStatisticsCharts(db, now);
  // Dates are formatted here, on the server, so the hydrated page shows the same text.
  const days = { formatRange: (start: Date, end: Date) => formatDayRange(locale, start, end, { timeZone: statisticsTimeZone }) };
  const weekRanges = charts.weeks.map((week) => days.formatRange(new Date(week.start), new Date(new Date(week.end).getTime() - 1)));
  const acknowledge = { median: formatMinutes(locale, charts.acknowledge.median), p90: formatMinutes(locale, charts.acknowledge.p90) };
  return data(
    { locale, title: t("stats.title"), stats, charts, weekRanges, acknowledge },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function Statistics() {
  const { stats, charts, weekRanges, acknowledge } = useLoaderData<typeof loader>();
  const { t } = useTranslation("report");
  const country = (code: string) => t(`countries.${code}`);
  const levelName = (level: number) => `${level} – ${t(`levels.${level}.label`)}`;

  const table = (caption: string, head: [string, string], rows: Array<[string, number]>, id: string) => (
    <table className="data-table" data-stats={id}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col">{head[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, count]) => (
          <tr key={label}>
            <td>{label}</td>
            <td>{count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const barsDesc = (bars: Bar[]) => {
    const topBar = bars.reduce((best, bar) => (bar.value > best.value ? bar : best), bars[0]!);
    return t("stats.charts.barsDesc", { total: sum(bars.map((bar) => bar.value)), top: topBar.label, count: topBar.value });
  };
  /** A table of the bars: label (and country), count; the same numbers as the chart. */
  const barTable = (id: string, caption: string, head: string, bars: Array<Bar & { country?: string }>) => (
    <table className="data-table" data-chart-table={id}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          {bars.some((bar) => bar.country) ? <th scope="col">{t("fields.country")}</th> : null}
          <th scope="col">{t("stats.count")}</th>
        </tr>
      </thead>
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.key}>
            <th scope="row">{bar.label}</th>
            {bar.country ? <td>{country(bar.country)}</td> : null}
            <td data-value={bar.value}>{bar.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  const barFigure = (id: string, caption: string, title: string, head: string, bars: Array<Bar & { country?: string }>, emptyText: string, extra?: ReactNode) => (
    <ChartFigure
      id={id}
      caption={caption}
      empty={bars.every((bar) => bar.value === 0)}
      emptyText={emptyText}
      tableLabel={t("stats.charts.showNumbers")}
      chart={
        <>
          <HorizontalBarChart id={`${id}-chart`} title={title} desc={bars.length ? barsDesc(bars) : ""} bars={bars} valueAxisLabel={t("stats.charts.count")} />
          {extra}
        </>
      }
      table={barTable(id, caption, head, bars)}
    />
  );

  const weeklyTotal = sum(charts.weeks.map((week) => week.total));
  const peak = charts.weeks.reduce((best, week) => (week.total > best.total ? week : best), charts.weeks[0]!);
  const weeklyCaption = t("stats.charts.weekly.caption");
  const ackBars: Bar[] = charts.acknowledge.buckets.map((row) => ({ key: row.bucket, label: t(`stats.charts.acknowledge.buckets.${row.bucket}`), value: row.count }));
  const openBars: Bar[] = charts.openByAge.map((row) => ({ key: row.bucket, label: t(`stats.ages.${row.bucket}`), value: row.count }));
  const unitBars = (rows: typeof charts.byRegion) => rows.map((row) => ({ key: `${row.country}:${row.name}`, label: row.name, value: row.count, country: row.country }));

  return (
    <>
      <h1>{t("stats.title")}</h1>
      <p className="lead">{t("stats.lead")}</p>
      <p data-median-ack="">
        {stats.medianMinutesToAcknowledge === null ? t("stats.noMedian") : t("stats.median", { minutes: stats.medianMinutesToAcknowledge })}
      </p>

      <h2>{t("stats.charts.heading")}</h2>
      <ChartFigure
        id="weekly"
        caption={weeklyCaption}
        empty={weeklyTotal === 0}
        emptyText={t("stats.charts.noReports")}
        tableLabel={t("stats.charts.showNumbers")}
        chart={
          <StackedColumnChart
            id="weekly-chart"
            title={t("stats.charts.weekly.title")}
            desc={t("stats.charts.weekly.desc", { total: weeklyTotal, from: charts.weeks[0]!.week, to: charts.weeks[charts.weeks.length - 1]!.week, peak: peak.week, peakCount: peak.total })}
            columns={charts.weeks.map((week) => ({ key: `${week.year}-${week.week}`, label: String(week.week), values: week.byLevel }))}
            seriesCount={levels.length}
            xAxisLabel={t("stats.charts.weekly.axis")}
            yAxisLabel={t("stats.charts.count")}
          />
        }
        legend={<ChartLegend id="weekly-chart" label={t("stats.charts.weekly.legend")} series={levels.map(levelName)} />}
        table={
          <table className="data-table" data-chart-table="weekly">
            <caption>{weeklyCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t("stats.charts.week")}</th>
                {levels.map((level) => (
                  <th scope="col" key={level}>
                    {level}
                    <span className="visually-hidden"> – {t(`levels.${level}.label`)}</span>
                  </th>
                ))}
                <th scope="col">{t("stats.charts.total")}</th>
              </tr>
            </thead>
            <tbody>
              {charts.weeks.map((week, index) => (
                <tr key={`${week.year}-${week.week}`} data-week={week.week}>
                  <th scope="row">{t("stats.charts.weekRow", { week: week.week, range: weekRanges[index] })}</th>
                  {week.byLevel.map((count, level) => (
                    <td key={level} data-value={count}>
                      {count}
                    </td>
                  ))}
                  <td>{week.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />

      {barFigure(
        "acknowledge",
        t("stats.charts.acknowledge.caption"),
        t("stats.charts.acknowledge.title"),
        t("stats.charts.acknowledge.head"),
        ackBars,
        weeklyTotal === 0 ? t("stats.charts.noReports") : t("stats.charts.noneAcknowledged"),
        <p className="chart-facts" data-acknowledge-facts="">
          {acknowledge.median !== null && acknowledge.p90 !== null ? `${t("stats.charts.acknowledge.facts", { median: acknowledge.median, p90: acknowledge.p90 })} ` : null}
          {t("stats.charts.acknowledge.waiting", { count: charts.acknowledge.waiting })}
        </p>,
      )}
      {barFigure("open", t("stats.charts.open.caption"), t("stats.charts.open.title"), t("stats.age"), openBars, t("stats.charts.noOpen"))}
      {barFigure("region", t("stats.charts.region.caption"), t("stats.charts.region.title"), t("stats.charts.region.head"), unitBars(charts.byRegion), weeklyTotal === 0 ? t("stats.charts.noReports") : t("stats.charts.region.none"))}
      {barFigure("party", t("stats.charts.party.caption"), t("stats.charts.party.title"), t("stats.charts.party.head"), unitBars(charts.byParty), weeklyTotal === 0 ? t("stats.charts.noReports") : t("stats.charts.party.none"))}

      <h2>{t("stats.charts.allTime")}</h2>
      {table(t("stats.byLevel"), [t("fields.level"), t("stats.count")], stats.byLevel.map((row) => [levelName(row.level), row.count]), "level")}
      {table(t("stats.byCountry"), [t("fields.country"), t("stats.count")], stats.byCountry.map((row) => [country(row.country), row.count]), "country")}
      {table(t("stats.byUnit"), [t("queue.unit"), t("stats.count")], stats.byUnit.map((row) => [row.name, row.count]), "unit")}
    </>
  );
}
