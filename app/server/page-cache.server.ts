import { randomBytes } from "node:crypto";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";
import type { RequestHandler } from "express";

/**
 * Pages that are the same for every anonymous reader of a locale: home, guidance index, articles,
 * offline page. Their HTML depends only on the URL, the build and the content (both fixed for the
 * life of the process), so it is rendered once and kept in memory.
 */
export const CACHEABLE_PAGE = /^\/(da|sv|nb)(\/guidance(\/[a-z0-9-]+)?|\/offline)?$/;
const MAX_ENTRIES = 500;

interface CachedPage {
  status: number;
  contentType: string;
  /** The HTML with NONCE_PLACEHOLDER where each response's CSP nonce goes. */
  body: string;
}

/**
 * Serves cacheable pages from memory. A miss renders through Remix with a placeholder nonce made
 * at start-up (so no stored text can contain it); every response gets its own fresh nonce, in the
 * header (set earlier by the security headers) and in the HTML, by one string replace. Requests
 * that carry a staff session, a query string, or are not GET/HEAD go to Remix as usual.
 */
export function pageCache(build: ServerBuild): RequestHandler {
  const placeholder = `nonce-${randomBytes(18).toString("base64url")}`;
  const render = createRequestHandler(build, "production");
  const pages = new Map<string, CachedPage>();

  return async (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !CACHEABLE_PAGE.test(req.path) || req.originalUrl !== req.path) return next();
    if (/trygg_session=/.test(req.headers.cookie ?? "")) return next();
    const key = `${req.protocol}://${req.get("Host")}${req.path}`;
    try {
      let page = pages.get(key);
      if (!page) {
        const request = new Request(key, { headers: { Accept: "text/html", "Accept-Language": req.get("Accept-Language") ?? "" } });
        const response = await render(request, { cspNonce: placeholder, clientIp: null } satisfies AppLoadContext);
        const body = await response.text();
        // Only a plain successful page that set no cookie is kept.
        if (response.status !== 200 || response.headers.has("Set-Cookie")) {
          res.status(response.status).type(response.headers.get("Content-Type") ?? "text/html").send(body.replaceAll(placeholder, res.locals.cspNonce as string));
          return;
        }
        page = { status: response.status, contentType: response.headers.get("Content-Type") ?? "text/html; charset=utf-8", body };
        if (pages.size < MAX_ENTRIES) pages.set(key, page);
      }
      res.status(page.status).setHeader("Content-Type", page.contentType);
      res.setHeader("Cache-Control", "no-cache");
      res.send(page.body.replaceAll(placeholder, res.locals.cspNonce as string));
    } catch (error) {
      next(error);
    }
  };
}
