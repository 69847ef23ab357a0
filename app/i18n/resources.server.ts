import type { Resource } from "i18next";
import { locales, namespaces } from "./locales";

// Bundled into the server build and read once at start-up, never per request.
const files = import.meta.glob<{ default: Record<string, unknown> }>("../../locales/*/*.json", {
  eager: true,
});

function buildResources(): Resource {
  const resources: Resource = {};
  for (const locale of locales) {
    resources[locale] = {};
    for (const ns of namespaces) {
      const file = files[`../../locales/${locale}/${ns}.json`];
      if (!file) throw new Error(`Missing translation file locales/${locale}/${ns}.json`);
      resources[locale]![ns] = file.default;
    }
  }
  return resources;
}

export const resources = buildResources();
