import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
// @ts-expect-error -- the Web-streams build has no type file of its own; its API is react-dom/server's.
import { renderToReadableStream as renderWebStream } from "react-dom/server.browser";
import type { renderToReadableStream as RenderToReadableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceContext } from "~/components/nonce";
import { getI18n } from "~/i18n/i18next.server";
import { defaultLocale, localeOfPath } from "~/i18n/locales";
import { redactPath } from "~/server/request-log.server";
import { log } from "~/log.server";

// The HTTP server lives in the server build so that it shares one copy of every module
// (database, configuration) with the routes. server.js imports it from here.
export { startServer } from "~/server/start.server";
export { startClusterPrimary } from "~/server/cluster.server";
export { runKeysCommand } from "~/server/keys-command.server";

const renderToReadableStream = renderWebStream as typeof RenderToReadableStream;

const ABORT_DELAY = 10_000;

/**
 * Pages are small and have no deferred data: each is rendered completely, then sent. The render
 * uses React's Web-streams build: the Node build (renderToPipeableStream, React 18.3) writes a
 * NUL byte where a multi-byte character falls on its 2 KiB chunk boundary (it sends the whole
 * chunk buffer instead of the bytes it wrote), the fault the mail renderer had too
 * (tests/e2e/page-integrity.test.ts). A string render would not do: single fetch streams the
 * loader data through Suspense, which renderToString leaves out.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const locale = localeOfPath(new URL(request.url).pathname) ?? defaultLocale;
  const nonce = loadContext.cspNonce ?? "";
  let status = responseStatusCode;
  let shellRendered = false;
  // A render still going after ABORT_DELAY is stopped; a finished one must not be (React would close
  // its stream a second time, which throws from the timer).
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error("render took too long")), ABORT_DELAY);
  const stream = await renderToReadableStream(
    <NonceContext.Provider value={nonce}>
      <I18nextProvider i18n={getI18n(locale)}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </I18nextProvider>
    </NonceContext.Provider>,
    {
      nonce,
      signal: abort.signal,
      onError(error: unknown) {
        status = 500;
        if (shellRendered) log.error({ err: error }, "render failed");
      },
    },
  );
  shellRendered = true;
  await stream.allReady.finally(() => clearTimeout(timer));
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(stream, { headers: responseHeaders, status });
}

/** Errors Remix reports: a page that does not exist is one line, not a stack trace; the rest as they are. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status === 404) {
    log.warn({ status: 404, method: request.method, path: redactPath(new URL(request.url).pathname) }, "no such page");
    return;
  }
  log.error({ err: error, method: request.method, path: redactPath(new URL(request.url).pathname) }, "request failed");
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** The client's address (behind a local proxy, from X-Forwarded-For), for throttles and audit. */
    clientIp?: string | null;
    /** Set when a POST's body passed its limit: the page is shown again with the reason, as a 413. */
    bodyTooLarge?: { limitBytes: number };
  }
}
