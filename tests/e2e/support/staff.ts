import type { Page } from "playwright-core";
import { hydrated } from "./browser";
import { demoLogins } from "@db/seed/seed.server";
import { decodeTotpSecret, totpCodeAt, totpStep } from "~/auth/totp.server";

export const demo = Object.fromEntries(demoLogins.map((login) => [login.roles[0]!, login])) as Record<"administrator" | "officer" | "organizer", (typeof demoLogins)[number]>;

/** The code an authenticator app would show now for this secret (base32). */
export function currentCode(secret: string, stepOffset = 0): string {
  return totpCodeAt(decodeTotpSecret(secret), totpStep(new Date()) + stepOffset);
}

/** Logs in through the real forms: e-mail and password, then the TOTP code. */
export async function logIn(page: Page, baseUrl: string, login: { email: string; password: string; totpSecret: string }, locale = "da") {
  await page.goto(`${baseUrl}/${locale}/staff/login`);
  await hydrated(page);
  await page.fill("input[name=email]", login.email);
  await page.fill("input[name=password]", login.password);
  await Promise.all([page.waitForURL(/\/staff\/two-factor/), page.click("form button[type=submit]")]);
  await hydrated(page);
  await page.fill("input[name=code]", currentCode(login.totpSecret));
  await Promise.all([page.waitForURL(new RegExp(`/${locale}/staff$`)), page.click("main form button[type=submit]")]);
  await hydrated(page);
}
