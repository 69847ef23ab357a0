import { isIP } from "node:net";

/**
 * Who may tell us a client's address and protocol (X-Forwarded-For, X-Forwarded-Proto).
 * The one setting Express and the page cache's fast path both follow: by default nobody,
 * so a client can never choose its own address for the throttles.
 */
export type TrustProxy = false | number | string[];

const NAMED = new Set(["loopback", "linklocal", "uniquelocal"]);

/** One entry of a TRUST_PROXY list: an address, an address/prefix, or one of Express's names. */
export function isProxyEntry(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [address, prefix, extra] = entry.split("/");
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (!family) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY as written: unset or "0" (nobody), a number of hops, or a comma-separated list. */
export function parseTrustProxy(value: string | undefined): TrustProxy | undefined {
  const text = value?.trim() ?? "";
  if (text === "" || text === "0") return false;
  if (/^\d+$/.test(text)) return Number(text) <= 10 ? Number(text) : undefined;
  const entries = text.split(",").map((entry) => entry.trim());
  return entries.every(isProxyEntry) ? entries : undefined;
}
