import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { invalidInput } from "~/domain/form-errors";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { clearedSessionCookie } from "~/auth/cookie.server";
import { requireStaff } from "~/auth/guards.server";
import { invalidateSession, invalidateUserSessions, listUserSessions } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { recordAudit } from "~/domain/audit.server";
import { formatDateTime } from "~/i18n/dates";
import { localeAndT } from "~/i18n/route.server";
import type { StaffShellHandle } from "~/components/staff-shell";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const { user, session } = await requireStaff(request, locale);
  const format = { format: (date: Date) => formatDateTime(locale, date) };
  const sessions = (await listUserSessions(await getDb(), user.id)).map((row) => ({
    // The session id is the hash of a token; it is not a credential and identifies the row.
    id: row.id,
    current: row.id === session.id,
    createdAt: format.format(row.createdAt),
    lastSeenAt: format.format(row.lastSeenAt),
    userAgent: row.userAgent ?? "",
    ip: row.ip ?? "",
  }));
  return data({ locale, title: t("sessions.title"), sessions }, { headers: { "Cache-Control": "no-store" } });
}

const sessionAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke"), sessionId: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal("revoke-all") }),
]);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "staff");
  const { user, session } = await requireStaff(request, locale);
  const parsed = sessionAction.safeParse(Object.fromEntries(await request.formData()), { error: invalidInput });
  if (!parsed.success) return data({ ok: false }, { status: 400 });
  const db = await getDb();
  if (parsed.data.intent === "revoke-all") {
    await invalidateUserSessions(db, user.id);
    await recordAudit(db, { actorUserId: user.id, action: "sessions.revoked-all", ip: context.clientIp ?? null });
    return redirect(`/${locale}/staff/login`, { headers: { "Set-Cookie": clearedSessionCookie(request) } });
  }
  // Only the person's own sessions: the id is matched together with their user id.
  await invalidateSession(db, parsed.data.sessionId, user.id);
  await recordAudit(db, { actorUserId: user.id, action: "sessions.revoked", ip: context.clientIp ?? null });
  if (parsed.data.sessionId === session.id) {
    return redirect(`/${locale}/staff/login`, { headers: { "Set-Cookie": clearedSessionCookie(request) } });
  }
  return { ok: true };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  return (
    <>
      <h1>{t("sessions.title")}</h1>
      <p className="lead">{t("sessions.lead")}</p>
      <table className="data-table">
        <caption className="visually-hidden">{t("sessions.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("sessions.started")}</th>
            <th scope="col">{t("sessions.lastSeen")}</th>
            <th scope="col">{t("sessions.device")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("sessions.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((row) => (
            <tr key={row.id}>
              <td>{row.createdAt}</td>
              <td>{row.lastSeenAt}</td>
              <td>
                {row.userAgent} {row.ip ? `(${row.ip})` : null} {row.current ? <strong>{t("sessions.current")}</strong> : null}
              </td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="sessionId" value={row.id} />
                  <button type="submit" className="button--secondary">
                    {t("sessions.revoke")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post">
        <input type="hidden" name="intent" value="revoke-all" />
        <button type="submit">{t("sessions.revokeAll")}</button>
      </Form>
    </>
  );
}
