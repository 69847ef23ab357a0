/* Trygg's service worker: guidance readable offline.
 * - Pages: network first. Guidance pages (index, articles, offline page) that load are kept.
 * - Assets (/assets/*, content-hashed): cache first.
 * - On the first visit the page asks us to keep its locale's home, guidance index and offline
 *   page (which carries the emergency numbers), and the assets it has loaded.
 * - Offline and not kept: the locale's offline page, listing the articles we hold. */
const PAGES = "trygg-pages-v1";
const ASSETS = "trygg-assets-v1";
const LOCALES = ["da", "sv", "nb"];
const KEEP = /^\/(da|sv|nb)(\/guidance(\/[a-z0-9-]+)?|\/offline)?$/;

self.addEventListener("install", (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("trygg-") && name !== PAGES && name !== ASSETS).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "precache" || !LOCALES.includes(message.locale)) return;
  event.waitUntil(
    precache(message.locale, Array.isArray(message.pages) ? message.pages : [], Array.isArray(message.assets) ? message.assets : []).then(() => {
      if (event.source) event.source.postMessage({ type: "precached" });
    }),
  );
});

async function keepPage(cache, path) {
  try {
    const response = await fetch(path, { credentials: "same-origin" });
    if (response.ok) await cache.put(path, response);
  } catch {
    // Offline already: keep what we have.
  }
}

async function precache(locale, pages, assets) {
  const pageCache = await caches.open(PAGES);
  const wanted = [`/${locale}`, `/${locale}/guidance`, `/${locale}/offline`, ...pages.filter((path) => KEEP.test(path))];
  await Promise.all([...new Set(wanted)].map((path) => keepPage(pageCache, path)));
  const assetCache = await caches.open(ASSETS);
  await Promise.all(
    assets
      .filter((path) => typeof path === "string" && path.startsWith("/assets/"))
      .map(async (path) => {
        if (await assetCache.match(path)) return;
        try {
          const response = await fetch(path);
          if (response.ok) await assetCache.put(path, response);
        } catch {
          // Not fatal: the page still reads without scripts.
        }
      }),
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(assetCacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageNetworkFirst(request, url));
  }
});

async function assetCacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function pageNetworkFirst(request, url) {
  const path = url.pathname.replace(/\/$/, "") || "/";
  try {
    const response = await fetch(request);
    if (response.ok && KEEP.test(path) && !url.search) {
      const cache = await caches.open(PAGES);
      await cache.put(path, response.clone());
    }
    return response;
  } catch {
    const cache = await caches.open(PAGES);
    if (!url.search) {
      const hit = await cache.match(path);
      if (hit) return hit;
    }
    return offlinePage(cache, path);
  }
}

function localeOf(path) {
  return LOCALES.find((locale) => path === `/${locale}` || path.startsWith(`/${locale}/`)) || "da";
}

async function keptArticles(cache, locale) {
  const prefix = `/${locale}/guidance/`;
  const items = [];
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!path.startsWith(prefix)) continue;
    const response = await cache.match(request);
    const html = response ? await response.text() : "";
    // The <title> text is already HTML-escaped by the server.
    const title = (/<title>([^<]*)<\/title>/.exec(html) || [])[1] || path.slice(prefix.length);
    items.push({ path, title: title.replace(/ · Trygg$/, "") });
  }
  items.sort((a, b) => a.title.localeCompare(b.title));
  return items.map((item) => `<li><a href="${item.path}">${item.title}</a></li>`).join("");
}

async function offlinePage(cache, path) {
  const locale = localeOf(path);
  const page = await cache.match(`/${locale}/offline`);
  const list = await keptArticles(cache, locale);
  if (page) {
    const html = (await page.text()).replace('<ul id="offline-list"></ul>', `<ul id="offline-list">${list}</ul>`);
    return new Response(html, { status: 200, headers: page.headers });
  }
  const numbers = { da: "114", sv: "114 14", nb: "02800" }[locale];
  return new Response(
    `<!doctype html><html lang="${locale}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Trygg</title><h1>Offline</h1><p><a href="tel:112">112</a> · <a href="tel:${numbers.replace(/ /g, "")}">${numbers}</a></p><ul>${list}</ul></html>`,
    { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } },
  );
}
