import type { LoaderFunctionArgs } from "@remix-run/node";
import { staffRoute } from "~/auth/staff-route.server";
import { evidencePackageFile, evidencePackageFileName } from "~/components/evidence/package-file.server";
import { findVisibleReport } from "~/domain/reports/access.server";
import { staffCipher } from "~/domain/reports/case.server";
import { recordPackageAccess } from "~/domain/reports/evidence.server";
import { loadEvidencePackage } from "~/domain/reports/evidence-package.server";
import { getSealingKeys } from "~/encryption-keys.server";

/** The evidence package as one self-contained HTML file to save (Content-Disposition: attachment). Audited. */
export async function loader(args: LoaderFunctionArgs) {
  const { user, privateKey, db, ip } = await staffRoute(args, { namespace: "report", roles: ["officer", "administrator"] });
  const report = await findVisibleReport(db, user, args.params.reportId ?? "");
  const cipher = report ? await staffCipher(db, getSealingKeys(), report.id, { user, privateKey }) : null;
  if (!report || !cipher) throw new Response("Not found", { status: 404 });
  const now = new Date();
  const all = new URL(args.request.url).searchParams.get("all") === "1";
  const pkg = await loadEvidencePackage(db, cipher, report, { audience: "staff", onlyForPolice: !all, now });
  await recordPackageAccess(db, report.id, { userId: user.id, ip, download: true, items: pkg.itemCount });
  return new Response(evidencePackageFile(pkg.model), {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `attachment; filename="${evidencePackageFileName(report.reference, now)}"`,
      "Cache-Control": "no-store",
    },
  });
}
