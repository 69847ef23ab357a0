import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listQueue, queueCounts, queueViewCounts, servedUnitIds, unitNames } from "~/domain/reports/access.server";
import { queueViews, type QueueView } from "~/domain/reports/queue-views";
import { formatDateTime } from "~/i18n/dates";
import type { StaffShellHandle } from "~/components/staff-shell";
import { staffRoute } from "~/auth/staff-route.server";
import { reportStatuses } from "~/domain/vocabulary";

const filterSchema = z.object({
  view: z.enum(queueViews).optional().catch(undefined),
  status: z.enum([...reportStatuses, "open"]).optional().catch(undefined),
  level: z.coerce.number().int().min(1).max(6).optional().catch(undefined),
  unit: z.uuid().optional().catch(undefined),
  age: z.coerce.number().int().min(1).max(24 * 365).optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  const { locale, t, user, db } = await staffRoute(args, { namespace: "report", roles: ["officer", "administrator"] });
  const query = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const filter = filterSchema.parse(query);
  const now = new Date();
  const unitIds = await servedUnitIds(db, user.id);
  const [rows, counts, viewCounts, myUnits] = await Promise.all([
    listQueue(db, user, unitIds, { view: filter.view, status: filter.status, level: filter.level, unitId: filter.unit, olderThanHours: filter.age }, now),
    queueCounts(db, user, unitIds),
    queueViewCounts(db, user, unitIds, now),
    unitNames(db, unitIds),
  ]);
  const format = { format: (date: Date) => formatDateTime(locale, date, { style: "short" }) };
  return data(
    {
      locale,
      title: t("queue.title"),
      filter,
      counts,
      viewCounts,
      units: myUnits,
      rows: rows.map((row) => {
        const deadline = row.deadline ? new Date(row.deadline) : null;
        return {
          ...row,
          createdAt: format.format(row.createdAt),
          deadline: deadline ? format.format(deadline) : null,
          minutesLeft: deadline ? Math.round((deadline.getTime() - now.getTime()) / 60_000) : null,
          mine: row.ownerUserId === user.id,
        };
      }),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

/** The queue's address with one view (or none) and the other filters as they are: a view can be bookmarked. */
function queueHref(locale: string, filter: Record<string, string | number | undefined>, view: QueueView | undefined) {
  const params = new URLSearchParams();
  if (view) params.set("view", view);
  for (const name of ["status", "level", "unit", "age"]) {
    const value = filter[name];
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const query = params.toString();
  return `/${locale}/staff/reports${query ? `?${query}` : ""}`;
}

export default function Queue() {
  const { locale, filter, counts, viewCounts, units, rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation("report");
  const heading = filter.view ? `${t("queue.title")}: ${t(`queue.views.${filter.view}`)}` : t("queue.title");
  return (
    <>
      <h1>{heading}</h1>
      <nav aria-label={t("queue.viewsLabel")} className="tabs queue-views">
        <ul data-queue-views="">
          <li>
            <a href={queueHref(locale, filter, undefined)} aria-current={filter.view ? undefined : "page"} data-view="">
              {t("queue.allViews")}
            </a>
          </li>
          {queueViews.map((view) => (
            <li key={view}>
              <a href={queueHref(locale, filter, view)} aria-current={filter.view === view ? "page" : undefined} data-view={view}>
                {t(`queue.views.${view}`)} <span className="count" data-view-count={view}>{`(${viewCounts[view]})`}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p className="queue-counts" data-queue-counts="">
        {reportStatuses.map((status) => `${t(`staffStatuses.${status}`)}: ${counts[status] ?? 0}`).join(" · ")}
      </p>
      <Form method="get" className="filters">
        {filter.view ? <input type="hidden" name="view" value={filter.view} /> : null}
        <div className="field">
          <label htmlFor="queue-status">{t("queue.status")}</label>
          <select id="queue-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("queue.open")}</option>
            {reportStatuses.map((status) => (
              <option key={status} value={status}>
                {t(`staffStatuses.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-level">{t("fields.level")}</label>
          <select id="queue-level" name="level" defaultValue={filter.level ?? ""}>
            <option value="">{t("queue.all")}</option>
            {[6, 5, 4, 3, 2, 1].map((level) => (
              <option key={level} value={level}>
                {level} – {t(`levels.${level}.label`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-unit">{t("queue.unit")}</label>
          <select id="queue-unit" name="unit" defaultValue={filter.unit ?? ""}>
            <option value="">{t("queue.all")}</option>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-age">{t("queue.age")}</label>
          <select id="queue-age" name="age" defaultValue={filter.age ?? ""}>
            <option value="">{t("queue.all")}</option>
            {[1, 24, 72, 168].map((hours) => (
              <option key={hours} value={hours}>
                {t("queue.olderThan", { count: hours })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("queue.filter")}</button>
      </Form>
      {rows.length === 0 ? <p>{t("queue.empty")}</p> : null}
      <table className="data-table" data-queue="" data-queue-view={filter.view ?? ""}>
        <caption className="visually-hidden">{heading}</caption>
        <thead>
          <tr>
            <th scope="col">{t("queue.reference")}</th>
            <th scope="col">{t("fields.level")}</th>
            <th scope="col">{t("queue.status")}</th>
            <th scope="col">{t("queue.unit")}</th>
            <th scope="col">{t("queue.received")}</th>
            <th scope="col">{t("queue.deadline")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-reference={row.reference} className={row.minutesLeft !== null && row.minutesLeft < 0 ? "overdue" : undefined}>
              <td>
                <a href={`/${locale}/staff/reports/${row.id}`}>{row.reference}</a>
                {row.inDanger ? <strong className="tag tag--danger"> {t("queue.inDanger")}</strong> : null}
                {row.mine ? <span className="tag"> {t("queue.mine")}</span> : null}
              </td>
              <td>{row.threatLevel}</td>
              <td>{t(`staffStatuses.${row.status}`)}</td>
              <td>{row.unitName}</td>
              <td>{row.createdAt}</td>
              <td data-deadline="">
                {row.deadline
                  ? row.minutesLeft! < 0
                    ? t("queue.overdue", { at: row.deadline })
                    : t("queue.due", { at: row.deadline })
                  : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
