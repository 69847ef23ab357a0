import { data, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useMatches, useParams, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { StaffRole } from "@db/schema";
import { getStaffSession } from "~/auth/guards.server";
import { errorKind } from "~/components/error-kind";
import { isStaffShellHandle } from "~/components/staff-shell";
import { StaffNav } from "~/components/StaffNav";
import { defaultLocale, isLocale } from "~/i18n/locales";

const noStore = { "Cache-Control": "no-store" };

/**
 * The staff area's frame. Runs beside each staff page's own loader and decides only the shell:
 * the page still authorizes itself (requireStaff). No redirect here: the login, two-factor and
 * other pages before a full login sit under this route too.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const context = await getStaffSession(request);
  const staff: { name: string; roles: StaffRole[] } | null =
    context && context.session.twoFactorVerified ? { name: context.user.name, roles: context.user.roles } : null;
  return data({ staff }, { headers: noStore });
}

// Remix sends a document's headers from the routes' `headers` exports only: this one keeps every
// staff page unstored (pages without their own export pass on this), next to the server's own rule.
export const headers: HeadersFunction = ({ parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  headers.set("Cache-Control", "no-store");
  return headers;
};

function useLocale() {
  const { lang } = useParams();
  return isLocale(lang) ? lang : defaultLocale;
}

function StaffShell({ staff, mainClass, children }: { staff: { name: string; roles: StaffRole[] }; mainClass?: string; children: ReactNode }) {
  const locale = useLocale();
  return (
    <div className="page staff-layout">
      <StaffNav locale={locale} name={staff.name} roles={staff.roles} />
      <div className={mainClass ? `staff-main ${mainClass}` : "staff-main"}>{children}</div>
    </div>
  );
}

export default function StaffLayout() {
  const { staff } = useLoaderData<typeof loader>();
  const leaf = useMatches().at(-1)?.handle;
  if (!staff || !isStaffShellHandle(leaf)) return <Outlet />;
  return (
    <StaffShell staff={staff} mainClass={leaf.staffMainClass}>
      <Outlet />
    </StaffShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const locale = useLocale();
  const { t } = useTranslation();
  const staff = useRouteLoaderData<typeof loader>("routes/$lang.staff")?.staff;
  const kind = errorKind(error);
  const body = (
    <div data-error={kind}>
      <h1>{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.text`)}</p>
      <p>
        <a href={`/${locale}/staff`}>{t("errorPage.toStaff")}</a>
      </p>
    </div>
  );
  if (staff) return <StaffShell staff={staff}>{body}</StaffShell>;
  return <div className="page page--narrow">{body}</div>;
}
