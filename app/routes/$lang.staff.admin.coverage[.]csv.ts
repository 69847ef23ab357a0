import type { LoaderFunctionArgs } from "@remix-run/node";
import { staffRoute } from "~/auth/staff-route.server";
import { coverageReport, toCsv } from "~/domain/staff/coverage.server";
import { coverageFilterFrom } from "~/domain/staff/coverage-filter";

/** The coverage table as CSV, with the page's filters; formula-looking cells are neutralized. */
export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  const { t, db } = await staffRoute(args, { roles: ["administrator"] });
  const filter = coverageFilterFrom(new URL(request.url));
  const rows = await coverageReport(db, filter);
  const csv = toCsv([
    [t("fields.name"), t("fields.kind"), t("fields.country"), t("coverage.statusLabel"), t("coverage.primary"), t("coverage.missing"), t("coverage.deputies")],
    ...rows
      .filter((row) => filter.status || row.status !== "verified")
      .map((row) => [
        row.name,
        t(`units.kinds.${row.kind}`),
        t(`countries.${row.country}`),
        t(`coverage.status.${row.status}`),
        row.primaryName ?? "",
        row.missing.map((item) => t(`coverage.missingItems.${item}`)).join("; "),
        String(row.deputies),
      ]),
  ]);
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="trygg-coverage-${filter.country ?? "all"}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
