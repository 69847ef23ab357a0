import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { isLocale, type Locale } from "~/i18n/locales";
import { hydrated } from "../support/browser";

/**
 * Every page route in app/routes: a route module with a default export (a component). Resource
 * routes (CSV, .ics, attachments, health checks, the service worker) and redirect-only modules
 * have none and are no page. Route ids are the ones Remix uses: `routes/<file name without extension>`.
 */
export function pageRouteIds(): string[] {
  const dir = path.resolve("app/routes");
  return fs
    .readdirSync(dir)
    .filter((file) => /\.tsx?$/.test(file))
    .filter((file) => /^export default\b/m.test(fs.readFileSync(path.join(dir, file), "utf8")))
    .map((file) => `routes/${file.replace(/\.tsx?$/, "")}`)
    .sort();
}

/** Where a route's pages must have been checked: in each locale for /:lang routes, once for the rest. */
export function requiredLocales(routeId: string): string[] {
  return routeId.startsWith("routes/$lang") ? ["da", "sv", "nb"] : ["-"];
}

/**
 * Runs axe on pages and records which routes (as matched by the Remix router in the browser) and
 * locales were checked. Violations are collected, not thrown, so one run lists every problem;
 * `expectClean()` fails the test with the list.
 */
export class AxeSweep {
  readonly visited = new Map<string, Set<string>>();
  private problems: string[] = [];
  checked = 0;

  async check(page: Page, note = "") {
    await hydrated(page);
    const routeIds = await page.evaluate(() =>
      (window as unknown as { __remixRouter: { state: { matches: Array<{ route: { id: string } }> } } }).__remixRouter.state.matches.map((match) => match.route.id),
    );
    const url = new URL(page.url());
    const segment = url.pathname.split("/")[1] ?? "";
    const locale = isLocale(segment) ? segment : "-";
    for (const id of routeIds) {
      if (!this.visited.has(id)) this.visited.set(id, new Set());
      this.visited.get(id)!.add(locale);
    }
    const started = Date.now();
    // Only violations are read; axe then skips most of the work of listing passes (its docs advise it).
    const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
    if (process.env.A11Y_TIMING) console.log(`axe ${Date.now() - started} ms ${url.pathname} ${await page.evaluate(() => document.querySelectorAll("*").length)} elements`);
    this.checked++;
    for (const violation of violations) {
      this.problems.push(
        `${url.pathname}${note ? ` [${note}]` : ""}: ${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
      );
    }
  }

  /** Fails with every violation found since the last call. */
  expectClean() {
    const found = this.problems;
    this.problems = [];
    expect(found).toEqual([]);
  }

  /** Page routes (and locales) that no check has reached. */
  missing(): string[] {
    return pageRouteIds().flatMap((id) => requiredLocales(id).filter((locale) => !this.visited.get(id)?.has(locale)).map((locale) => `${id} (${locale})`));
  }
}

/** Per locale: a demo party the demo officer serves and a place in that country (as in reports.test). */
export const reportScenario: Record<Locale, { party: string; place: string }> = {
  da: { party: "Fællesskabspartiet (demo)", place: "Københavns Kommune" },
  sv: { party: "Framtidspartiet (demo)", place: "Region Stockholm" },
  nb: { party: "Fellesskapspartiet (demo)", place: "Oslo" },
};

export const countryOf: Record<Locale, "dk" | "se" | "no"> = { da: "dk", sv: "se", nb: "no" };

/** Opens the newest dev-outbox mail to `to` and returns its link that contains `part`. */
export async function mailLink(page: Page, baseUrl: string, to: string, part: string, sweep?: AxeSweep): Promise<string> {
  const row = page.locator(`tr[data-mail-to="${to}"]`);
  await expect
    .poll(
      async () => {
        await page.goto(`${baseUrl}/dev/outbox`);
        return row.count();
      },
      { timeout: 15_000, interval: 300 },
    )
    .toBeGreaterThan(0);
  if (sweep) await sweep.check(page, "outbox");
  await hydrated(page);
  await Promise.all([page.waitForURL(/\/dev\/outbox\/[0-9a-f-]{36}$/), row.first().locator("a").click()]);
  if (sweep) await sweep.check(page, "outbox mail");
  const links = await page.locator("[data-mail-links] a").evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
  const link = links.find((href) => href.includes(part));
  expect(link, `a link with ${part} in the mail to ${to}: ${links.join(", ")}`).toBeDefined();
  return link!;
}

/** The last path segment of a link: the token of an invitation, reset or manage link. */
export const tokenOf = (link: string) => new URL(link).pathname.split("/").pop()!;
