import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request that did not come from this site.
 * - An Origin header naming a site must be ours.
 * - Under `Referrer-Policy: no-referrer` browsers send `Origin: null` with a plain form POST;
 *   then the Fetch Metadata header decides: `Sec-Fetch-Site: same-origin` is sent by the browser
 *   itself and cannot be set by a page.
 * - With neither, the request is refused.
 */
export function originCheck(publicUrl: string | undefined): RequestHandler {
  const allowed = publicUrl ? new URL(publicUrl).origin : undefined;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("Origin");
    const own = `${req.protocol}://${req.get("Host")}`;
    const fetchSite = req.get("Sec-Fetch-Site");
    const fromHere =
      origin && origin !== "null" ? origin === own || origin === allowed : fetchSite === "same-origin";
    if (fromHere && (!fetchSite || fetchSite === "same-origin")) {
      // Remix then compares Origin with X-Forwarded-Host (or Host) itself and throws on a mismatch,
      // which would be a 500. A forwarded host that is not the origin we accepted is a bad request;
      // otherwise Remix is handed the origin it will compare, the one we just verified.
      const forwarded = req.get("X-Forwarded-Host")?.split(",")[0]?.trim();
      const verifiedHost = origin && origin !== "null" ? new URL(origin).host : req.get("Host");
      if (forwarded && forwarded !== verifiedHost) {
        res.status(400).type("text/plain").send("Bad request: the forwarded host is not this site.\n");
        return;
      }
      req.headers.origin = `${req.protocol}://${forwarded ?? req.get("Host")}`;
      return next();
    }
    res.status(403).type("text/plain").send("Cross-origin request refused.\n");
  };
}
