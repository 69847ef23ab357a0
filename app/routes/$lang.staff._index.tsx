import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { staffAction, staffRoute } from "~/auth/staff-route.server";
import { markBroadcastRead, unreadBroadcasts } from "~/domain/staff/broadcasts.server";
import { setMailLocale } from "~/domain/staff/accounts.server";
import { keyAccessOverview } from "~/domain/staff/key-access.server";
import { grantUnitAccess } from "~/domain/staff/units.server";
import { WaitingForAccess } from "~/components/KeyAccess";
import { getSealingKeys } from "~/encryption-keys.server";
import { formatDateTime } from "~/i18n/dates";
import { isLocale, locales } from "~/i18n/locales";
import type { StaffShellHandle } from "~/components/staff-shell";

export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, user, db } = await staffRoute(args);
  const banners = user.roles.includes("officer") ? await unreadBroadcasts(db, user.id, locale) : [];
  const format = { format: (date: Date) => formatDateTime(locale, date) };
  const access = await keyAccessOverview(db, user.id, (date) => format.format(date));
  return data(
    { locale, title: t("dashboard.title"), user: { name: user.name, roles: user.roles, mailLocale: isLocale(user.locale) ? user.locale : "da" }, banners, access },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const dashboardAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("mark-read"), broadcastId: z.uuid() }),
  z.object({ intent: z.literal("grant-access"), unitId: z.uuid(), userId: z.uuid() }),
  z.object({ intent: z.literal("mail-language"), mailLocale: z.enum(locales) }),
]);

export async function action(args: ActionFunctionArgs) {
  const { user, privateKey, db, ip, parse } = await staffAction(args);
  const submission = await parse(dashboardAction, { coerce: false });
  if (submission.status !== "success") return data({ ok: false, granted: null, mailLocale: null, submission: submission.reply() }, { status: 400 });
  const parsed = { data: submission.value };
  if (parsed.data.intent === "mail-language") {
    await setMailLocale(db, user.id, parsed.data.mailLocale, ip);
    return { ok: true, granted: null, mailLocale: parsed.data.mailLocale };
  }
  if (parsed.data.intent === "grant-access") {
    // Only someone who serves the unit and holds its key can give it (the grant itself checks the holding).
    const given = await grantUnitAccess(db, getSealingKeys(), { unitId: parsed.data.unitId, granteeId: parsed.data.userId }, { userId: user.id, ip, publicKey: user.publicKey, privateKey }, new Date());
    return data({ ok: given > 0, granted: given > 0, mailLocale: null }, { status: given > 0 ? 200 : 409 });
  }
  await markBroadcastRead(db, parsed.data.broadcastId, user.id, new Date());
  return { ok: true, granted: null, mailLocale: null };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function Dashboard() {
  const { locale, user, banners, access } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  return (
    <>
      {banners.map((banner) => (
        <section key={banner.id} className="broadcast-banner" role="region" aria-labelledby={`broadcast-${banner.id}`} data-broadcast={banner.id}>
          <h2 id={`broadcast-${banner.id}`} lang={banner.textLocale && banner.textLocale !== locale ? banner.textLocale : undefined}>
            {banner.title}
          </h2>
          {banner.body.split(/\n\s*\n/).map((paragraph, index) => (
            <p key={index} lang={banner.textLocale && banner.textLocale !== locale ? banner.textLocale : undefined}>
              {paragraph}
            </p>
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
      {actionData?.granted !== null && actionData?.granted !== undefined ? (
        <p className="notice" role="status">{t(actionData.granted ? "keys.granted" : "keys.notGranted")}</p>
      ) : null}
      {access.map((unit) =>
        unit.holds ? (
          <WaitingForAccess key={unit.unitId} unitId={unit.unitId} unitName={unit.name} waiting={unit.waiting} canGrant />
        ) : (
          <p key={unit.unitId} className="notice" data-no-key={unit.unitId}>
            {unit.askNames.length ? t("keys.youWait", { unit: unit.name, names: unit.askNames.join(", ") }) : t("keys.youWaitNobody", { unit: unit.name })}
          </p>
        ),
      )}
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
      <section aria-labelledby="mail-language-title" className="no-print">
        <h2 id="mail-language-title">{t("dashboard.mailLanguageTitle")}</h2>
        <p id="mail-language-hint" className="field-hint">{t("dashboard.mailLanguageHint")}</p>
        <div role="status">
          {actionData?.mailLocale ? (
            <p className="notice" data-mail-language-saved={actionData.mailLocale}>
              {t("dashboard.mailLanguageSaved", { language: t(`languages.${actionData.mailLocale}`) })}
            </p>
          ) : null}
        </div>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="mail-language" />
          <label htmlFor="mail-locale">{t("dashboard.mailLanguage")}</label>
          <select id="mail-locale" name="mailLocale" defaultValue={user.mailLocale} aria-describedby="mail-language-hint" key={user.mailLocale}>
            {locales.map((code) => (
              <option key={code} value={code}>{t(`languages.${code}`)}</option>
            ))}
          </select>
          <button type="submit" className="button--secondary">{t("dashboard.mailLanguageSave")}</button>
        </Form>
      </section>
    </>
  );
}
