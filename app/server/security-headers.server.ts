import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { RequestHandler } from "express";

export interface HeaderOptions {
  /** Vite's dev server needs inline styles and a websocket. */
  dev: boolean;
  /** Send HSTS also for plain-HTTP requests, when a proxy in front terminates TLS. */
  publicUrlIsHttps: boolean;
}

/** The Content-Security-Policy for one response: same origin only, scripts only with the nonce. */
export function contentSecurityPolicy(nonce: string, { dev }: Pick<HeaderOptions, "dev">): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    dev ? "connect-src 'self' ws://localhost:* ws://127.0.0.1:*" : "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
  ].join("; ");
}

const staticHeaders: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy":
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()",
};

export const HSTS = "max-age=63072000; includeSubDomains";

const staticHeaderList = Object.entries(staticHeaders);

/** Sets the security headers on one response; returns the fresh CSP nonce made for it. */
export function applySecurityHeaders(res: ServerResponse, secure: boolean, options: HeaderOptions): string {
  const nonce = randomBytes(16).toString("base64");
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, options));
  for (const [name, value] of staticHeaderList) res.setHeader(name, value);
  if (secure || options.publicUrlIsHttps) res.setHeader("Strict-Transport-Security", HSTS);
  return nonce;
}

// Pages that carry a person's own things: staff pages (report contents, attendee lists), the
// reporter's case and receipt, an attendee's manage page. No browser or proxy keeps a copy.
const PRIVATE_PATH = /^\/(?:da|sv|nb)\/(?:staff|report|events\/manage)(?:[/?.]|$)/;

/** True for a path whose answers must never be stored by a browser or proxy. */
export function isPrivatePath(path: string): boolean {
  return PRIVATE_PATH.test(path);
}

/**
 * Sets the security headers on every response and makes the CSP nonce for this one. Private
 * pages get `Cache-Control: no-store` here, whether or not their route says so itself.
 */
export function securityHeaders(options: HeaderOptions): RequestHandler {
  return (req, res, next) => {
    res.locals.cspNonce = applySecurityHeaders(res, req.secure, options);
    if (isPrivatePath(req.path)) res.setHeader("Cache-Control", "no-store");
    next();
  };
}
