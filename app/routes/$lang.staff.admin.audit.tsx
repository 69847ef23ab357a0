import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guards.server";
import { StaffNav } from "~/components/StaffNav";
import { getDb } from "~/db.server";
import { auditActions, queryAudit } from "~/domain/staff/audit-query.server";
import { localeInfo } from "~/i18n/locales";
import { localeAndT } from "~/i18n/route.server";

const filterSchema = z.object({
  action: z.string().max(80).regex(/^[a-z0-9.-]*$/).optional().catch(undefined),
  actor: z.string().max(254).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const { user } = await requireStaff(request, locale, ["administrator"]);
  const query = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const filter = filterSchema.parse(query);
  const db = await getDb();
  const [{ rows, hasMore }, actions] = await Promise.all([
    queryAudit(db, { action: filter.action, actorEmail: filter.actor, from: filter.from, to: filter.to, page: filter.page }),
    auditActions(db),
  ]);
  const format = new Intl.DateTimeFormat(localeInfo[locale].intlTag, { dateStyle: "short", timeStyle: "medium", timeZone: localeInfo[locale].timeZone });
  return data(
    {
      locale,
      title: t("audit.title"),
      user: { name: user.name, roles: user.roles },
      filter,
      actions,
      hasMore,
      rows: rows.map((row) => ({ ...row, at: format.format(row.at), details: JSON.stringify(row.details) })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function Audit() {
  const { locale, user, filter, actions, rows, hasMore } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filter, page })) if (value !== undefined && value !== "") params.set(key, String(value));
    return `?${params}`;
  };
  return (
    <div className="page staff-layout">
      <StaffNav locale={locale} name={user.name} roles={user.roles} />
      <div className="staff-main">
        <h1>{t("audit.title")}</h1>
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="audit-action">{t("audit.action")}</label>
            <select id="audit-action" name="action" defaultValue={filter.action ?? ""}>
              <option value="">{t("audit.allActions")}</option>
              {actions.map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-actor">{t("audit.actor")}</label>
            <input id="audit-actor" name="actor" type="text" defaultValue={filter.actor ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="audit-from">{t("audit.from")}</label>
            <input id="audit-from" name="from" type="date" defaultValue={filter.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t("audit.to")}</label>
            <input id="audit-to" name="to" type="date" defaultValue={filter.to ?? ""} />
          </div>
          <button type="submit">{t("audit.filter")}</button>
        </Form>
        <table className="data-table" data-audit-table="">
          <caption className="visually-hidden">{t("audit.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("audit.when")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.subject")}</th>
              <th scope="col">{t("audit.details")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{row.at}</td>
                <td>{row.actorName ? `${row.actorName} (${row.actorEmail})` : row.actorLabel ?? "—"}</td>
                <td>{row.action}</td>
                <td>{row.subjectType ? `${row.subjectType} ${row.subjectId ?? ""}` : "—"}</td>
                <td>
                  <code>{row.details}</code> {row.ip ? `· ${row.ip}` : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav aria-label={t("audit.pages")} className="pager">
          {filter.page > 1 ? <a href={pageLink(filter.page - 1)}>{t("audit.newer")}</a> : null}
          {hasMore ? <a href={pageLink(filter.page + 1)}>{t("audit.older")}</a> : null}
        </nav>
      </div>
    </div>
  );
}
