import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { clearedSessionCookie } from "~/auth/cookie.server";
import { staffAction, staffRoute } from "~/auth/staff-route.server";
import { invalidateSession, invalidateUserSessions, listUserSessions } from "~/auth/session.server";
import { recordAudit } from "~/domain/audit.server";
import { formatDateTime } from "~/i18n/dates";
import type { StaffShellHandle } from "~/components/staff-shell";

export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, user, session, db } = await staffRoute(args);
  const format = { format: (date: Date) => formatDateTime(locale, date) };
  const sessions = (await listUserSessions(db, user.id)).map((row) => ({
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

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { locale, user, session, db, ip, parse } = await staffAction(args);
  const submission = await parse(sessionAction, { coerce: false });
  if (submission.status !== "success") return data({ ok: false, submission: submission.reply() }, { status: 400 });
  const parsed = { data: submission.value };
  if (parsed.data.intent === "revoke-all") {
    await invalidateUserSessions(db, user.id);
    await recordAudit(db, { actorUserId: user.id, action: "sessions.revoked-all", ip });
    return redirect(`/${locale}/staff/login`, { headers: { "Set-Cookie": clearedSessionCookie(request) } });
  }
  // Only the person's own sessions: the id is matched together with their user id.
  await invalidateSession(db, parsed.data.sessionId, user.id);
  await recordAudit(db, { actorUserId: user.id, action: "sessions.revoked", ip });
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
