import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { invalidInput } from "~/domain/form-errors";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guards.server";
import { StaffNav } from "~/components/StaffNav";
import { getDb } from "~/db.server";
import { markBroadcastRead, unreadBroadcasts } from "~/domain/staff/broadcasts.server";
import { localeAndT } from "~/i18n/route.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const { user } = await requireStaff(request, locale);
  const banners = user.roles.includes("officer") ? await unreadBroadcasts(await getDb(), user.id) : [];
  return data(
    { locale, title: t("dashboard.title"), user: { name: user.name, roles: user.roles }, banners },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const markReadSchema = z.object({ intent: z.literal("mark-read"), broadcastId: z.uuid() });

export async function action({ params, request }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "staff");
  const { user } = await requireStaff(request, locale);
  const parsed = markReadSchema.safeParse(Object.fromEntries(await request.formData()), { error: invalidInput });
  if (!parsed.success) return data({ ok: false }, { status: 400 });
  await markBroadcastRead(await getDb(), parsed.data.broadcastId, user.id, new Date());
  return { ok: true };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function Dashboard() {
  const { locale, user, banners } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  return (
    <div className="page staff-layout">
      <StaffNav locale={locale} name={user.name} roles={user.roles} />
      <div className="staff-main">
        {banners.map((banner) => (
          <section key={banner.id} className="broadcast-banner" role="region" aria-labelledby={`broadcast-${banner.id}`} data-broadcast={banner.id}>
            <h2 id={`broadcast-${banner.id}`}>{banner.title}</h2>
            {banner.body.split(/\n\s*\n/).map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
            <Form method="post">
              <input type="hidden" name="intent" value="mark-read" />
              <input type="hidden" name="broadcastId" value={banner.id} />
              <button type="submit">{t("dashboard.markRead")}</button>
            </Form>
          </section>
        ))}
        <h1>{t("dashboard.title")}</h1>
        <p className="lead">{t("dashboard.lead", { name: user.name })}</p>
        <ul className="cards">
          {user.roles.includes("officer") ? (
            <li className="card">
              <h2>{t("dashboard.officerTitle")}</h2>
              <p>{t("dashboard.officerText")}</p>
            </li>
          ) : null}
          {user.roles.includes("organizer") ? (
            <li className="card">
              <h2>{t("dashboard.organizerTitle")}</h2>
              <p>{t("dashboard.organizerText")}</p>
            </li>
          ) : null}
          {user.roles.includes("administrator") ? (
            <li className="card">
              <h2>{t("dashboard.adminTitle")}</h2>
              <p>
                <a href={`/${locale}/staff/admin/coverage`}>{t("nav.coverage")}</a> · <a href={`/${locale}/staff/admin/units`}>{t("nav.units")}</a> ·{" "}
                <a href={`/${locale}/staff/admin/users`}>{t("nav.users")}</a>
              </p>
            </li>
          ) : null}
        </ul>
      </div>
    </div>
  );
}
