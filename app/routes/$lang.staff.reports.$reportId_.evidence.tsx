import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { staffForm, staffRoute } from "~/auth/staff-route.server";
import { EvidencePackage } from "~/components/evidence/EvidencePackage";
import packageStylesUrl from "~/styles/evidence-package.css?url";
import { PrintButton } from "~/components/PrintButton";
import type { StaffShellHandle } from "~/components/staff-shell";
import { findVisibleReport } from "~/domain/reports/access.server";
import { staffCipher } from "~/domain/reports/case.server";
import { markEvidenceForPolice, recordPackageAccess } from "~/domain/reports/evidence.server";
import { loadEvidencePackage } from "~/domain/reports/evidence-package.server";
import { getSealingKeys } from "~/encryption-keys.server";

const ids = z.preprocess((value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]), z.array(z.uuid("errors.invalid")).max(2000, "errors.invalid"));

/** The marks form of the case page: every item shown (and which are ticked), or "every post of this profile". */
const markSchema = z.object({
  intent: z.literal("marks"),
  itemId: ids,
  shownId: ids,
  profile: z.string().max(400, "errors.invalid").optional(),
});

/**
 * The evidence package for the police, printable: in the report's language, the items marked for
 * the police (all of them with `?all=1`, or when none is marked). Reading it is audited.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, user, privateKey, db, ip } = await staffRoute(args, { namespace: "report", roles: ["officer", "administrator"] });
  const report = await findVisibleReport(db, user, args.params.reportId ?? "");
  const cipher = report ? await staffCipher(db, getSealingKeys(), report.id, { user, privateKey }) : null;
  // Another unit's report, or one this officer holds no key to, answers like an unknown one.
  if (!report || !cipher) throw new Response("Not found", { status: 404 });
  const all = new URL(args.request.url).searchParams.get("all") === "1";
  const pkg = await loadEvidencePackage(db, cipher, report, { audience: "staff", onlyForPolice: !all, now: new Date() });
  await recordPackageAccess(db, report.id, { userId: user.id, ip, download: false, items: pkg.itemCount });
  return data(
    { locale, title: t("evidence.pageTitle", { reference: report.reference }), model: pkg.model, reportId: report.id, all, marked: pkg.markedCount, total: pkg.itemCount },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const { locale, user, privateKey, db, ip, submission } = await staffForm(args, markSchema, { namespace: "report", roles: ["officer", "administrator"] });
  const report = await findVisibleReport(db, user, args.params.reportId ?? "");
  const cipher = report ? await staffCipher(db, getSealingKeys(), report.id, { user, privateKey }) : null;
  if (!report || !cipher) throw new Response("Not found", { status: 404 });
  const back = `/${locale}/staff/reports/${report.id}`;
  if (submission.status !== "success") throw new Response("Bad request", { status: 400 });
  const context = { userId: user.id, ip, now: new Date() };
  const { itemId, shownId, profile } = submission.value;
  if (profile) {
    const { changed } = await markEvidenceForPolice(db, cipher, { profile, forPolice: true }, context);
    return redirect(`${back}?evidence=profile&changed=${changed}#evidence-title`);
  }
  const ticked = new Set(itemId);
  const marked = await markEvidenceForPolice(db, cipher, { itemIds: [...ticked], forPolice: true }, context);
  const unmarked = await markEvidenceForPolice(db, cipher, { itemIds: shownId.filter((id) => !ticked.has(id)), forPolice: false }, context);
  return redirect(`${back}?evidence=saved&changed=${marked.changed + unmarked.changed}#evidence-title`);
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const links: LinksFunction = () => [{ rel: "stylesheet", href: packageStylesUrl }];

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function EvidencePackagePage() {
  const { locale, model, reportId, all, marked, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation("report");
  const base = `/${locale}/staff/reports/${reportId}/evidence`;
  return (
    <>
      <div className="no-print">
        <p>
          <a href={`/${locale}/staff/reports/${reportId}`}>{t("evidence.backToCase")}</a>
        </p>
        <p>{marked && !all ? t("evidence.showingMarked", { count: marked, total }) : t("evidence.showingAll", { count: total })}</p>
        <ul className="button-row">
          {marked ? (
            <li>
              <a href={all ? base : `${base}?all=1`}>{all ? t("evidence.onlyMarked") : t("evidence.includeAll")}</a>
            </li>
          ) : null}
          <li>
            <a href={`${base}.html${all ? "?all=1" : ""}`} download data-evidence-download="">
              {t("evidence.download")}
            </a>
          </li>
        </ul>
        <PrintButton label={t("status.print")} />
      </div>
      <EvidencePackage model={model} />
    </>
  );
}
