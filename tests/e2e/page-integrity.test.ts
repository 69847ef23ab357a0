import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./support/server";

/**
 * Every page the page cache holds, in every locale, arrives as valid UTF-8 with no NUL byte,
 * cached or not, gzip or not, and the cached copy is the page Remix renders (nonce aside).
 * (A NUL once sat at byte 8191 of the cached /sv/guidance: React's streaming renderer split a
 * multi-byte character at a chunk boundary.)
 */
describe("cached pages are whole", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.stop());

  const decoder = new TextDecoder("utf-8", { fatal: true });
  async function bytesOf(path: string, gzip: boolean) {
    const response = await fetch(`${server.url}${path}`, { headers: { "Accept-Encoding": gzip ? "gzip" : "identity" } });
    expect(response.status, path).toBe(200);
    return Buffer.from(await response.arrayBuffer()); // fetch has undone the gzip, if any
  }
  const banner: Record<string, string> = { da: "Demonstration:", sv: "Demonstration:", nb: "Demonstrasjon:" };
  const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

  it.each(["da", "sv", "nb"])("%s: home, guidance index, every article and the offline page (with the demo banner)", { timeout: 120_000 }, async (locale) => {
    const index = decoder.decode(await bytesOf(`/${locale}/guidance`, false));
    const slugs = [...new Set([...index.matchAll(new RegExp(`href="/${locale}/guidance/([a-z0-9-]+)"`, "g"))].map((match) => match[1]!))];
    expect(slugs.length).toBeGreaterThanOrEqual(12);
    const paths = [`/${locale}`, `/${locale}/guidance`, `/${locale}/offline`, ...slugs.map((slug) => `/${locale}/guidance/${slug}`)];
    const problems: string[] = [];
    for (const path of paths) {
      // The first request fills the cache; the next ones are answered from it. With a query string Remix renders it afresh.
      const variants = { first: await bytesOf(path, false), cached: await bytesOf(path, false), cachedGzip: await bytesOf(path, true), uncached: await bytesOf(`${path}?fresh=1`, true) };
      const texts: Record<string, string> = {};
      for (const [name, bytes] of Object.entries(variants)) {
        if (bytes.includes(0)) problems.push(`${path} (${name}): NUL at byte ${bytes.indexOf(0)}`);
        try {
          texts[name] = decoder.decode(bytes);
        } catch {
          problems.push(`${path} (${name}): not valid UTF-8`);
        }
      }
      // Remix's render of `?fresh=1` names its own URL (alternate links, its router state): that aside, the same page.
      // Demo mode (this server's): every page says so, in its own language.
      if (texts.cached && !new RegExp(`<aside class="demo-banner" aria-labelledby="demo-banner-title" data-demo-banner=""><p><strong id="demo-banner-title">${banner[locale]}</strong>`).test(texts.cached)) problems.push(`${path}: no demo banner`);
      if (texts.cached && texts.uncached && withoutNonce(texts.cached) !== withoutNonce(texts.uncached).replaceAll("?fresh=1", "")) problems.push(`${path}: the cached page differs from Remix's render`);
      if (texts.cached && texts.cachedGzip && withoutNonce(texts.cached) !== withoutNonce(texts.cachedGzip)) problems.push(`${path}: gzip and identity differ`);
    }
    expect(problems).toEqual([]);
  });
});
