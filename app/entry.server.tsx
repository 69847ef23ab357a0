import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceContext } from "~/components/nonce";
import { getI18n } from "~/i18n/i18next.server";
import { defaultLocale, localeOfPath } from "~/i18n/locales";
import { redactPath } from "~/server/request-log.server";

// The HTTP server lives in the server build so that it shares one copy of every module
// (database, configuration) with the routes. server.js imports it from here.
export { startServer } from "~/server/start.server";
export { runKeysCommand } from "~/server/keys-command.server";

/**
 * Pages are small and have no deferred data, so each is rendered whole, as one string. React 18's
 * streaming renderer (renderToPipeableStream) wrote a NUL byte into pages where a multi-byte
 * character fell on its 2 KiB chunk boundary (the same fault the mail renderer had); a string
 * render has no chunks (tests/e2e/page-integrity.test.ts).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const locale = localeOfPath(new URL(request.url).pathname) ?? defaultLocale;
  const nonce = loadContext.cspNonce ?? "";
  const html = renderToString(
    <NonceContext.Provider value={nonce}>
      <I18nextProvider i18n={getI18n(locale)}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </I18nextProvider>
    </NonceContext.Provider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(html.startsWith("<!DOCTYPE") ? html : `<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}

/** Errors Remix reports: a page that does not exist is one line, not a stack trace; the rest as they are. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status === 404) {
    console.warn(JSON.stringify({ level: "warn", status: 404, method: request.method, path: redactPath(new URL(request.url).pathname) }));
    return;
  }
  console.error(error);
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** The client's address (behind a local proxy, from X-Forwarded-For), for throttles and audit. */
    clientIp?: string | null;
  }
}
