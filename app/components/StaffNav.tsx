import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { StaffRole } from "@db/schema";

/** The staff area's menu: what the person's roles allow, and log out. */
export function StaffNav({ locale, name, roles }: { locale: string; name: string; roles: StaffRole[] }) {
  const { t } = useTranslation("staff");
  const { pathname } = useLocation();
  const base = `/${locale}/staff`;
  const links: Array<[string, string]> = [
    [base, t("nav.dashboard")],
    [`${base}/sessions`, t("nav.sessions")],
  ];
  if (roles.includes("officer") || roles.includes("administrator")) links.push([`${base}/reports`, t("nav.reports")], [`${base}/templates`, t("nav.templates")]);
  if (roles.includes("organizer") || roles.includes("administrator")) links.push([`${base}/events`, t("nav.events")]);
  if (roles.includes("administrator")) {
    links.push(
      [`${base}/admin/statistics`, t("nav.statistics")],
      [`${base}/admin/users`, t("nav.users")],
      [`${base}/admin/units`, t("nav.units")],
      [`${base}/admin/coverage`, t("nav.coverage")],
      [`${base}/admin/broadcasts`, t("nav.broadcasts")],
      [`${base}/admin/audit`, t("nav.audit")],
    );
  }
  return (
    <nav className="staff-nav" aria-label={t("nav.label")}>
      <p className="staff-nav__who">{t("nav.signedInAs", { name })}</p>
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={pathname === href ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
      <Form method="post" action={`${base}/logout`} reloadDocument>
        <button type="submit" className="button--secondary">
          {t("nav.logout")}
        </button>
      </Form>
    </nav>
  );
}
