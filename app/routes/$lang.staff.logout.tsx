import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { clearedSessionCookie } from "~/auth/cookie.server";
import { getStaffSession } from "~/auth/guards.server";
import { invalidateSession } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { recordAudit } from "~/domain/audit.server";
import { requireLocale } from "~/i18n/route.server";

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/${requireLocale(params)}/staff`);
}

/** Logout deletes the session row: the token is worthless from now on, wherever it was copied. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const current = await getStaffSession(request);
  if (current) {
    const db = await getDb();
    await invalidateSession(db, current.session.id);
    await recordAudit(db, { actorUserId: current.user.id, action: "logout", ip: context.clientIp ?? null });
  }
  return redirect(`/${locale}/staff/login`, { headers: { "Set-Cookie": clearedSessionCookie(request) } });
}
