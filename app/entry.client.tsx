import { RemixBrowser } from "@remix-run/react";
import i18next, { type Resource } from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { defaultLocale, isLocale, namespaces } from "~/i18n/locales";

// Only the page's own locale is fetched: each JSON file becomes its own small chunk.
const files = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json");

async function loadLocale(locale: string): Promise<Resource> {
  const entries = await Promise.all(
    namespaces.filter((ns) => ns !== "mail").map(async (ns) => {
      const load = files[`../locales/${locale}/${ns}.json`];
      return [ns, load ? (await load()).default : {}] as const;
    }),
  );
  return { [locale]: Object.fromEntries(entries) };
}

async function hydrate() {
  const lang = document.documentElement.lang;
  const locale = isLocale(lang) ? lang : defaultLocale;
  await i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    ns: [...namespaces],
    defaultNS: "common",
    resources: await loadLocale(locale),
    interpolation: { escapeValue: false },
  });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
  registerServiceWorker(locale);
}

void hydrate();

/** Offline reading: register the worker, then ask it to keep this locale's essentials and this page. */
function registerServiceWorker(locale: string) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const assets = performance
        .getEntriesByType("resource")
        .map((entry) => new URL(entry.name).pathname)
        .filter((path) => path.startsWith("/assets/"));
      registration.active?.postMessage({ type: "precache", locale, pages: [window.location.pathname], assets });
    })
    .catch(() => {
      // Offline reading is a bonus; the site works without it.
    });
}
