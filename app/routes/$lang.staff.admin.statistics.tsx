import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guards.server";
import { StaffNav } from "~/components/StaffNav";
import { getDb } from "~/db.server";
import { reportStatisticsSummary } from "~/domain/reports/statistics.server";
import { localeAndT } from "~/i18n/route.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "report");
  const { user } = await requireStaff(request, locale, ["administrator"]);
  const stats = await reportStatisticsSummary(await getDb(), new Date());
  return data({ locale, title: t("stats.title"), user: { name: user.name, roles: user.roles }, stats }, { headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function Statistics() {
  const { locale, user, stats } = useLoaderData<typeof loader>();
  const { t } = useTranslation("report");
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
  return (
    <div className="page staff-layout">
      <StaffNav locale={locale} name={user.name} roles={user.roles} />
      <div className="staff-main">
        <h1>{t("stats.title")}</h1>
        <p className="lead">{t("stats.lead")}</p>
        <p data-median-ack="">
          {stats.medianMinutesToAcknowledge === null ? t("stats.noMedian") : t("stats.median", { minutes: stats.medianMinutesToAcknowledge })}
        </p>
        {table(t("stats.byLevel"), [t("fields.level"), t("stats.count")], stats.byLevel.map((row) => [`${row.level} – ${t(`levels.${row.level}.label`)}`, row.count]), "level")}
        {table(t("stats.byCountry"), [t("fields.country"), t("stats.count")], stats.byCountry.map((row) => [t(`countries.${row.country}`), row.count]), "country")}
        {table(t("stats.byUnit"), [t("queue.unit"), t("stats.count")], stats.byUnit.map((row) => [row.name, row.count]), "unit")}
        {table(t("stats.openByAge"), [t("stats.age"), t("stats.count")], (["day", "week", "month", "older"] as const).map((bucket) => [t(`stats.ages.${bucket}`), stats.openByAge[bucket] ?? 0]), "age")}
      </div>
    </div>
  );
}
