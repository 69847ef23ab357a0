import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { describe, expect } from "vitest";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
export const chromiumPath = candidates.find((candidate) => candidate && fs.existsSync(candidate));

if (!chromiumPath) {
  const howTo = "Install it with `apt-get install -y chromium`, or set CHROMIUM_PATH.";
  if (process.env.REQUIRE_BROWSER === "1") {
    throw new Error(`REQUIRE_BROWSER=1 but no Chromium was found. ${howTo}`);
  }
  console.warn(`Browser tests skipped: no Chromium found. ${howTo}`);
}

/** `describe` when Chromium is available, otherwise a skipped block (see the line printed above). */
export const describeBrowser = chromiumPath ? describe : describe.skip;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Runs axe on the page and fails with a readable list when anything is found. */
export async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
  );
  expect(summary).toEqual([]);
}

/** Collects what a page does that it should not: console errors and requests to other origins. */
export function watchPage(page: Page, origin: string, allowedExternal: RegExp[] = []) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith(origin) || url.startsWith("data:")) return;
    if (allowedExternal.some((pattern) => pattern.test(url))) return;
    problems.push(`request to another origin: ${url}`);
  });
  return problems;
}

/** Waits until React has hydrated the page (root.tsx marks <html>), so clicks reach its handlers. */
export async function hydrated(page: Page) {
  await page.waitForSelector("html[data-hydrated]", { state: "attached" });
}
