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
      // Remix checks Origin against Host itself and would refuse the `null` we just verified.
      if (!origin || origin === "null") req.headers.origin = own;
      return next();
    }
    res.status(403).type("text/plain").send("Cross-origin request refused.\n");
  };
}
