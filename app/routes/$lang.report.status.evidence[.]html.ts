import type { LoaderFunctionArgs } from "@remix-run/node";
import { readReporterVisitToken } from "~/auth/cookie.server";
import { evidencePackageFile, evidencePackageFileName } from "~/components/evidence/package-file.server";
import { getDb } from "~/db.server";
import { loadEvidencePackage } from "~/domain/reports/evidence-package.server";
import { openReporterVisit } from "~/domain/reports/reporter-visit.server";
import { requireLocale } from "~/i18n/route.server";

/**
 * The reporter's copy of the evidence package, to save and take to the police: every item, in
 * the report's language. Only within a live visit (the receipt code opened it); otherwise 404.
 */
export async function loader({ params, request }: LoaderFunctionArgs) {
  requireLocale(params);
  const token = readReporterVisitToken(request);
  const db = await getDb();
  const now = new Date();
  const visit = token ? await openReporterVisit(db, token, now) : null;
  if (!visit) throw new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  const pkg = await loadEvidencePackage(db, visit.cipher, visit.report, { audience: "reporter", onlyForPolice: false, now });
  return new Response(evidencePackageFile(pkg.model), {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `attachment; filename="${evidencePackageFileName(visit.report.reference, now)}"`,
      "Cache-Control": "no-store",
    },
  });
}
