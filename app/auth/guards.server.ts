import { redirect } from "@remix-run/node";
import type { Session, StaffRole, User } from "@db/schema";
import { getDb } from "~/db.server";
import type { Locale } from "~/i18n/locales";
import { readSessionToken } from "./cookie.server";
import { sessionSecrets, validateSessionToken } from "./session.server";

export interface StaffContext {
  user: User;
  session: Session;
  /** The cookie's token: it unwraps what the session row keeps. */
  token: string;
  /** The account's private key, unwrapped from the session (null for an account without keys). */
  privateKey: Buffer | null;
  /** A recovery key made at this login and not yet shown. */
  pendingRecoveryKey: string | null;
}

/** The session of this request, whatever stage of login it is at, or null. */
export async function getStaffSession(request: Request, now = new Date()): Promise<StaffContext | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const found = await validateSessionToken(await getDb(), token, now);
  if (!found) return null;
  const secrets = sessionSecrets(token, found.session);
  return { ...found, token, privateKey: secrets.privateKey, pendingRecoveryKey: secrets.recoveryKey };
}

function loginRedirect(request: Request, locale: Locale) {
  const url = new URL(request.url);
  const next = `${url.pathname}${url.search}`;
  return redirect(`/${locale}/staff/login?next=${encodeURIComponent(next)}`);
}

/**
 * A staff page: a session that passed the second factor, and (when given) one of the roles.
 * Checked on the server in every loader and action; a missing role answers 403.
 */
export async function requireStaff(request: Request, locale: Locale, roles?: StaffRole[]): Promise<StaffContext> {
  const context = await getStaffSession(request);
  if (!context) throw loginRedirect(request, locale);
  if (!context.session.twoFactorVerified) {
    throw redirect(`/${locale}/staff/${context.user.totpEnrolledAt ? "two-factor" : "enroll"}`);
  }
  // A recovery key made at this login is shown once, before anything else.
  if (context.pendingRecoveryKey && !new URL(request.url).pathname.endsWith("/staff/recovery-key")) {
    throw redirect(`/${locale}/staff/recovery-key`);
  }
  if (roles && !roles.some((role) => context.user.roles.includes(role))) {
    throw new Response("Forbidden", { status: 403 });
  }
  return context;
}

/** The two-factor and enrollment pages: a session that has passed the password only. */
export async function requirePendingSession(request: Request, locale: Locale): Promise<StaffContext> {
  const context = await getStaffSession(request);
  if (!context) throw loginRedirect(request, locale);
  if (context.session.twoFactorVerified) throw redirect(`/${locale}/staff`);
  return context;
}

/** Where the app is reached from, for links in mail. */
export function publicOrigin(request: Request, publicUrl: string | undefined): string {
  return publicUrl?.replace(/\/$/, "") ?? new URL(request.url).origin;
}

/** A same-site path to go to after login; anything else becomes the dashboard. */
export function safeNext(next: string | null, locale: Locale): string {
  const start = `/${locale}/staff`;
  if (!next || next.length > 500) return start;
  // Printable ASCII only (a control character or a line break in a Location header is a 500 or
  // worse), no backslashes, and no dot segments: "/da/staff/../../x" would leave the staff area.
  if (!/^[\x21-\x7e]+$/.test(next) || next.includes("\\")) return start;
  const path = next.split(/[?#]/, 1)[0]!;
  if (path.split("/").some((segment) => segment === "." || segment === ".." || /%2e/i.test(segment))) return start;
  if (path === start || path.startsWith(`${start}/`)) return next;
  return start;
}
