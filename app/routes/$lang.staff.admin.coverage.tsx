import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { staffForm, staffRoute } from "~/auth/staff-route.server";
import { changeCoverageDeadline, coverageDeadlines, coverageReport, daysUntil } from "~/domain/staff/coverage.server";
import { coverageFilterFrom } from "~/domain/staff/coverage-filter";
import { getSealingKeys } from "~/encryption-keys.server";
import { singleKeyHolderUnits } from "~/domain/staff/key-access.server";
import type { StaffShellHandle } from "~/components/staff-shell";

const countries = ["dk", "se", "no"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, db } = await staffRoute(args, { roles: ["administrator"] });
  const url = new URL(args.request.url);
  const filter = coverageFilterFrom(url);
  const [rows, deadlines] = await Promise.all([coverageReport(db, filter), coverageDeadlines(db)]);
  const all = await coverageReport(db, { country: filter.country });
  // Without an escrow key, a unit whose only key holder loses both password and recovery key loses its reports.
  const singleHolder = getSealingKeys().escrowPublicKey ? [] : await singleKeyHolderUnits(db, filter.country);
  const now = new Date();
  const summary = countries
    .filter((country) => !filter.country || filter.country === country)
    .map((country) => {
      const ofCountry = all.filter((row) => row.country === country);
      const deadline = deadlines[country] ?? null;
      return {
        country,
        total: ofCountry.length,
        noPrimary: ofCountry.filter((row) => row.status === "no-primary").length,
        unverified: ofCountry.filter((row) => row.status === "unverified").length,
        deadline,
        daysLeft: deadline ? daysUntil(deadline, now) : null,
      };
    });
  return data(
    { locale, title: t("coverage.title"), filter, rows: rows.filter((row) => row.status !== "verified" || filter.status === "verified"), summary, query: url.search, singleHolder },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const deadlineSchema = z.object({
  country: z.enum(countries),
  deadline: z.union([z.literal(""), z.iso.date()]),
});

export async function action(args: ActionFunctionArgs) {
  // The strings as sent: an empty deadline clears it, a missing one is refused.
  const { user, db, ip, submission } = await staffForm(args, deadlineSchema, { roles: ["administrator"], coerce: false });
  if (submission.status !== "success") return data({ error: "coverage.deadlineInvalid", submission: submission.reply() }, { status: 400 });
  await changeCoverageDeadline(db, submission.value.country, submission.value.deadline || null, { userId: user.id, ip });
  return { error: null };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function Coverage() {
  const { locale, filter, rows, summary, query, singleHolder } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  return (
    <>
      <h1>{t("coverage.title")}</h1>
      <p className="lead">{t("coverage.lead")}</p>
      {actionData?.error ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{t(actionData.error)}</p>
        </div>
      ) : null}
      {singleHolder.length > 0 ? (
        <section className="notice" aria-labelledby="single-holder" data-single-holder="">
          <h2 id="single-holder">{t("coverage.singleHolder.title", { count: singleHolder.length })}</h2>
          <p>{t("coverage.singleHolder.lead")}</p>
          <ul>
            {singleHolder.map((unit) => (
              <li key={unit.unitId}>
                <a href={`/${locale}/staff/admin/units/${unit.unitId}`}>{unit.name}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="cards">
        {summary.map((entry) => (
          <section key={entry.country} className="card" aria-labelledby={`summary-${entry.country}`} data-coverage-country={entry.country}>
            <h2 id={`summary-${entry.country}`}>{t(`countries.${entry.country}`)}</h2>
            <p>{t("coverage.counts", { total: entry.total, noPrimary: entry.noPrimary, unverified: entry.unverified })}</p>
            <p data-days-left={entry.daysLeft ?? ""}>
              {entry.deadline
                ? entry.daysLeft! >= 0
                  ? t("coverage.daysLeft", { count: entry.daysLeft!, date: entry.deadline })
                  : t("coverage.deadlinePassed", { date: entry.deadline })
                : t("coverage.noDeadline")}
            </p>
            <Form method="post" className="inline-form">
              <input type="hidden" name="country" value={entry.country} />
              <label htmlFor={`deadline-${entry.country}`}>{t("coverage.deadlineLabel")}</label>
              <input id={`deadline-${entry.country}`} type="date" name="deadline" defaultValue={entry.deadline ?? ""} />
              <button type="submit" className="button--secondary">
                {t("coverage.deadlineSave")}
              </button>
            </Form>
          </section>
        ))}
      </div>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="filter-country">{t("fields.country")}</label>
          <select id="filter-country" name="country" defaultValue={filter.country ?? ""}>
            <option value="">{t("coverage.all")}</option>
            {countries.map((country) => (
              <option key={country} value={country}>
                {t(`countries.${country}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t("coverage.statusLabel")}</label>
          <select id="filter-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("coverage.allGaps")}</option>
            {(["no-primary", "unverified", "verified"] as const).map((status) => (
              <option key={status} value={status}>
                {t(`coverage.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("coverage.filter")}</button>
      </Form>
      <p>
        <a href={`/${locale}/staff/admin/coverage.csv${query}`} download>
          {t("coverage.csv")}
        </a>
      </p>
      <table className="data-table" data-coverage-table="">
        <caption>{t("coverage.tableCaption", { count: rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("fields.name")}</th>
            <th scope="col">{t("fields.kind")}</th>
            <th scope="col">{t("fields.country")}</th>
            <th scope="col">{t("coverage.statusLabel")}</th>
            <th scope="col">{t("coverage.primary")}</th>
            <th scope="col">{t("coverage.missing")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.unitId}>
              <td>
                <a href={`/${locale}/staff/admin/units/${row.unitId}`}>{row.name}</a>
              </td>
              <td>{t(`units.kinds.${row.kind}`)}</td>
              <td>{t(`countries.${row.country}`)}</td>
              <td>{t(`coverage.status.${row.status}`)}</td>
              <td>{row.primaryName ?? "—"}</td>
              <td>{row.missing.map((item) => t(`coverage.missingItems.${item}`)).join(", ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
