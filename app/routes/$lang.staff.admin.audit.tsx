import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { staffRoute } from "~/auth/staff-route.server";
import { AUDIT_EXPORT_MAX, auditActions, auditFilterFrom, queryAudit } from "~/domain/staff/audit-query.server";
import { actionName, describeAuditRows } from "~/domain/staff/audit-view.server";
import { formatDateTime } from "~/i18n/dates";
import { localeInfo } from "~/i18n/locales";
import type { StaffShellHandle } from "~/components/staff-shell";

export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  const { locale, t, db } = await staffRoute(args, { roles: ["administrator"] });
  const filter = auditFilterFrom(new URL(request.url));
  const [{ rows, hasMore }, actions] = await Promise.all([
    queryAudit(db, { action: filter.action, actorEmail: filter.actor, from: filter.from, to: filter.to, page: filter.page }),
    auditActions(db),
  ]);
  const format = { format: (date: Date) => formatDateTime(locale, date, { style: "seconds" }) };
  const entries = await describeAuditRows(db, rows, locale);
  return data(
    {
      locale,
      title: t("audit.title"),
      filter,
      actions: actions.map((code) => ({ code, name: actionName(code, locale) })).sort((a, b) => a.name.localeCompare(b.name, localeInfo[locale].intlTag)),
      hasMore,
      exportMax: AUDIT_EXPORT_MAX.toLocaleString(localeInfo[locale].intlTag),
      rows: entries.map((entry, index) => ({ ...entry, at: format.format(rows[index]!.at), atIso: rows[index]!.at.toISOString() })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function Audit() {
  const { locale, filter, actions, rows, hasMore, exportMax } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  const query = (values: Record<string, unknown>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== "") params.set(key, String(value));
    return params.size ? `?${params}` : "";
  };
  const pageLink = (page: number) => query({ ...filter, page });
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="audit-action">{t("audit.action")}</label>
          <select id="audit-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("audit.allActions")}</option>
            {actions.map((action) => (
              <option key={action.code} value={action.code}>
                {action.name}
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
      <p className="audit-export">
        <a href={`/${locale}/staff/admin/audit.csv${query({ ...filter, page: undefined })}`} download="" data-audit-csv="">
          {t("auditLog.download")}
        </a>{" "}
        <span className="hint">{t("auditLog.downloadHint", { max: exportMax })}</span>
      </p>
      <table className="data-table" data-audit-table="">
        <caption className="visually-hidden">{t("audit.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("audit.when")}</th>
            <th scope="col">{t("auditLog.entry")}</th>
            <th scope="col">{t("auditLog.ip")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-action={row.action}>
              <td>
                <time dateTime={row.atIso}>{row.at}</time>
              </td>
              <td>
                {/* Values are escaped before Trans reads the markup, so a name like "<subject>" stays text. */}
                <Trans t={t} i18nKey={row.sentenceKey} values={row.values} tOptions={{ interpolation: { escapeValue: true } }} shouldUnescape components={{ subject: row.subjectHref ? <a href={row.subjectHref} /> : <em /> }} />
              </td>
              <td>{row.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label={t("audit.pages")} className="pager">
        {filter.page > 1 ? <a href={pageLink(filter.page - 1)}>{t("audit.newer")}</a> : null}
        {hasMore ? <a href={pageLink(filter.page + 1)}>{t("audit.older")}</a> : null}
      </nav>
    </>
  );
}
