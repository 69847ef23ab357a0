import type { LoaderFunctionArgs } from "@remix-run/node";
import { staffRoute } from "~/auth/staff-route.server";
import { recordAudit } from "~/domain/audit.server";
import { auditFilterFrom, exportAudit } from "~/domain/staff/audit-query.server";
import { toCsv } from "~/domain/staff/coverage.server";

/**
 * The audit log as stored, for the page's filters: one raw row per entry (codes, ids, details as
 * JSON), formula-looking cells neutralized. The export is itself audited.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  const { t, user, db, ip } = await staffRoute(args, { roles: ["administrator"] });
  const filter = auditFilterFrom(new URL(request.url));
  const { rows, truncated } = await exportAudit(db, { action: filter.action, actorEmail: filter.actor, from: filter.from, to: filter.to });
  await recordAudit(db, {
    actorUserId: user.id,
    action: "audit.exported",
    ip,
    details: { rows: rows.length, truncated, filter: { action: filter.action ?? null, actor: filter.actor ?? null, from: filter.from ?? null, to: filter.to ?? null } },
  });
  const csv = toCsv([
    ["at", "actorUserId", "actorEmail", "actorLabel", "action", "subjectType", "subjectId", "details", "ip"].map((column) => t(`auditLog.csv.${column}`)),
    ...rows.map((row) => [
      row.at.toISOString(),
      row.actorUserId ?? "",
      row.actorEmail ?? "",
      row.actorLabel ?? "",
      row.action,
      row.subjectType ?? "",
      row.subjectId ?? "",
      JSON.stringify(row.details ?? {}),
      row.ip ?? "",
    ]),
  ]);
  return new Response(`\uFEFF${csv}`, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="trygg-audit-log.csv"', "Cache-Control": "no-store" },
  });
}
