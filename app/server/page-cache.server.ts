import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import zlib from "node:zlib";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";
import type { RequestHandler } from "express";
import { applySecurityHeaders, type HeaderOptions } from "./security-headers.server";

/**
 * Pages that are the same for every anonymous reader of a locale: home, guidance index, articles,
 * offline page. Their HTML depends only on the URL, the build and the content (both fixed for the
 * life of the process), so it is rendered once and kept in memory.
 */
export const CACHEABLE_PAGE = /^\/(da|sv|nb)(\/guidance(\/[a-z0-9-]+)?|\/offline)?$/;
const MAX_ENTRIES = 500;
/** Headers of a render that Express sets itself for what it sends (or that are per connection). */
const PASSED_ON = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "set-cookie"]);

interface CachedPage {
  contentType: string;
  /** The HTML's bytes around each place the response's CSP nonce goes. */
  parts: Buffer[];
}

/** The page's bytes with `nonce` joined in wherever the placeholder stood. */
function withNonce(page: CachedPage, nonce: string): Buffer {
  const nonceBytes = Buffer.from(nonce);
  const chunks: Buffer[] = [page.parts[0]!];
  for (let index = 1; index < page.parts.length; index++) chunks.push(nonceBytes, page.parts[index]!);
  return Buffer.concat(chunks);
}

export interface PageCache {
  /**
   * Serves a page already in the cache straight from the HTTP server, before Express, with the
   * same security headers; returns false when the request is not for a cached page.
   */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Express middleware for the rest of the cacheable requests: renders a miss and keeps it. */
  fill: RequestHandler;
}

/**
 * A miss renders through Remix with a placeholder nonce made at start-up (so no stored text can
 * contain it); every response gets its own fresh nonce, in the header and in the HTML, joined
 * between stored byte runs. No ETag: with a fresh nonce every response differs. Requests that
 * carry a staff session, a query string, or are not GET/HEAD go to Remix as usual.
 */
/** Express's compiled `trust proxy` decision: may the hop at this address speak for the client? */
export type TrustDecision = (address: string, hop: number) => boolean;

export function pageCache(build: ServerBuild, headers: HeaderOptions, trust: TrustDecision): PageCache {
  const placeholder = `nonce-${randomBytes(18).toString("base64url")}`;
  const render = createRequestHandler(build, "production");
  const pages = new Map<string, CachedPage>();

  const cacheable = (method: string | undefined, url: string | undefined, cookie: string | undefined) =>
    (method === "GET" || method === "HEAD") && url !== undefined && CACHEABLE_PAGE.test(url) && !/trygg_session=/.test(cookie ?? "");

  const send = (req: IncomingMessage, res: ServerResponse, page: CachedPage, nonce: string) => {
    let bytes = withNonce(page, nonce);
    res.statusCode = 200;
    res.setHeader("Content-Type", page.contentType);
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("Vary", "Accept-Encoding");
    if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
      bytes = zlib.gzipSync(bytes, { level: 4 });
      res.setHeader("Content-Encoding", "gzip");
    }
    res.setHeader("Content-Length", bytes.length);
    res.end(req.method === "HEAD" ? undefined : bytes);
  };

  // The judgement Express makes for req.protocol, with the same trust setting.
  const protocolOf = (req: IncomingMessage) => {
    const own = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
    if (!trust(req.socket.remoteAddress ?? "", 0)) return own;
    return String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]!.trim() || own;
  };

  return {
    serve(req, res) {
      if (!cacheable(req.method, req.url, req.headers.cookie)) return false;
      const protocol = protocolOf(req);
      const page = pages.get(`${protocol}://${req.headers.host}${req.url}`);
      if (!page) return false;
      send(req, res, page, applySecurityHeaders(res, protocol === "https", headers));
      return true;
    },
    fill: async (req, res, next) => {
      if (!cacheable(req.method, req.originalUrl, req.headers.cookie) || req.originalUrl !== req.path) return next();
      const key = `${req.protocol}://${req.get("Host")}${req.path}`;
      try {
        let page = pages.get(key);
        if (!page) {
          const request = new Request(key, { headers: { Accept: "text/html", "Accept-Language": req.get("Accept-Language") ?? "" } });
          const response = await render(request, { cspNonce: placeholder, clientIp: null } satisfies AppLoadContext);
          const body = await response.text();
          // Only a plain successful page that set no cookie is kept.
          if (response.status !== 200 || response.headers.has("Set-Cookie")) {
            // Answered as rendered, with every header the render set (a redirect's Location, a
            // cookie, Cache-Control), not kept.
            for (const [name, value] of response.headers) {
              if (!PASSED_ON.has(name.toLowerCase())) res.setHeader(name, value);
            }
            const cookies = response.headers.getSetCookie();
            if (cookies.length) res.setHeader("Set-Cookie", cookies);
            res.status(response.status).type(response.headers.get("Content-Type") ?? "text/html").send(body.replaceAll(placeholder, res.locals.cspNonce as string));
            return;
          }
          page = { contentType: response.headers.get("Content-Type") ?? "text/html; charset=utf-8", parts: body.split(placeholder).map((part) => Buffer.from(part)) };
          // Full: the oldest entry goes, so requests with made-up Host headers cannot stop the
          // real pages from being cached (memory stays bounded either way).
          if (pages.size >= MAX_ENTRIES) pages.delete(pages.keys().next().value!);
          pages.set(key, page);
        }
        // Express's compression middleware, in front of this one, compresses when asked.
        const bytes = withNonce(page, res.locals.cspNonce as string);
        res.status(200).setHeader("Content-Type", page.contentType);
        res.setHeader("Cache-Control", "no-cache");
        res.end(req.method === "HEAD" ? undefined : bytes);
      } catch (error) {
        next(error);
      }
    },
  };
}
