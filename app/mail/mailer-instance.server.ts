import { getConfig } from "~/config.server";
import { createMailer, type Mailer } from "./mailer.server";

let mailer: Mailer | undefined;

/** The process's mailer, from configuration. */
export function getMailer(): Mailer {
  const config = getConfig();
  mailer ??= createMailer({ apiKey: config.RESEND_API_KEY, baseUrl: config.RESEND_BASE_URL, from: config.MAIL_FROM });
  return mailer;
}

/**
 * The local outbox page shows every mail, invitation and reset links included, so it exists only
 * in demo mode (DEMO_DATA=1) and only while no mail service is configured.
 */
export function devOutboxEnabled(): boolean {
  return getMailer().kind === "local" && getConfig().DEMO_DATA;
}
