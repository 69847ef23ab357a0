import { getConfig } from "~/config.server";

/** Over HTTPS the cookie gets the __Host- prefix and Secure; plain-HTTP development cannot. */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || (getConfig().PUBLIC_URL?.startsWith("https:") ?? false);
}

export function sessionCookieName(request: Request): string {
  return isSecureRequest(request) ? "__Host-trygg_session" : "trygg_session";
}

export function readSessionToken(request: Request): string | undefined {
  const name = sessionCookieName(request);
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      const value = rest.join("=");
      return /^[a-z2-7]{16,64}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const secure = isSecureRequest(request) ? "; Secure" : "";
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return `${sessionCookieName(request)}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

export function clearedSessionCookie(request: Request): string {
  const secure = isSecureRequest(request) ? "; Secure" : "";
  return `${sessionCookieName(request)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

/**
 * A visit cookie (a reporter's visit to a case, or to a private diary): a browser-session cookie
 * (no Max-Age, gone when the browser closes), Strict so no other site's link or form carries it;
 * the server ends the visit after 15 idle minutes. Its value is a 160-bit token in base32.
 */
function visitCookie(secureName: string, plainName: string) {
  const nameFor = (request: Request) => (isSecureRequest(request) ? secureName : plainName);
  const secure = (request: Request) => (isSecureRequest(request) ? "; Secure" : "");
  return {
    name: nameFor,
    read(request: Request): string | undefined {
      const name = nameFor(request);
      for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
        const [key, ...rest] = part.trim().split("=");
        if (key === name) {
          const value = rest.join("=");
          return /^[a-z2-7]{32}$/.test(value) ? value : undefined;
        }
      }
      return undefined;
    },
    set: (request: Request, token: string) => `${nameFor(request)}=${token}; Path=/; HttpOnly; SameSite=Strict${secure(request)}`,
    clear: (request: Request) => `${nameFor(request)}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure(request)}`,
  };
}

const reporterVisit = visitCookie("__Host-trygg_visit", "trygg_visit");
export const reporterVisitCookieName = reporterVisit.name;
export const readReporterVisitToken = reporterVisit.read;
export const reporterVisitCookie = reporterVisit.set;
export const clearedReporterVisitCookie = reporterVisit.clear;

/** A visit to a private diary: like a reporter's visit to a case, under a cookie of its own. */
const diaryVisit = visitCookie("__Host-trygg_diary", "trygg_diary");
export const diaryVisitCookieName = diaryVisit.name;
export const readDiaryVisitToken = diaryVisit.read;
export const diaryVisitCookie = diaryVisit.set;
export const clearedDiaryVisitCookie = diaryVisit.clear;
