import { sql } from "drizzle-orm";
import type { Database, Executor } from "@db/client.server";
import { seedDemoActivity } from "@db/seed/demo-activity.server";
import { ensureReplyTemplatesSeeded } from "~/domain/reports/reply-templates.server";
import { demoLogins, seedDemoParties, seedDemoStaff, seedReferenceUnits } from "@db/seed/seed.server";
import type { Config } from "~/config.server";
import { ensureGuidanceSearchIndex, getGuidanceCatalog } from "~/domain/guidance/guidance.server";
import { bootstrapAdministrator } from "~/domain/staff/accounts.server";
import { getMailer } from "~/mail/mailer-instance.server";
import { getSealingKeys, isUsingDevKey } from "~/encryption-keys.server";

/** Any number for pg_advisory_xact_lock, shared by every Trygg instance (migrations use 7216001). */
const STARTUP_LOCK = 7216002;

/**
 * Work done once at start-up, after migrations; returns lines to print for the operator.
 * Content errors stop the start with a list of what to fix. It runs in one transaction under an
 * advisory lock, so app instances starting together on an empty database take turns: the first
 * seeds, the next finds it done (they raced on the demo users before).
 */
export async function prepareAtStartup(db: Database, config: Config): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${STARTUP_LOCK})`);
    return prepare(tx, config);
  });
}

async function prepare(db: Executor, config: Config): Promise<string[]> {
  const lines: string[] = [];
  const catalog = getGuidanceCatalog();
  await ensureGuidanceSearchIndex(db);
  const counts = Object.entries(catalog.articles).map(([locale, articles]) => `${locale} ${articles.size}`);
  lines.push(`Guidance: ${counts.join(", ")} articles (content version ${catalog.version})`);

  if (isUsingDevKey()) lines.push(`Encryption: a development key in ${config.DATA_DIR}/dev-encryption.key (set ENCRYPTION_KEYS in production)`);

  const added = await seedReferenceUnits(db);
  if (added > 0) lines.push(`Units: added ${added} regions and municipalities`);
  const templates = await ensureReplyTemplatesSeeded(db, new Date());
  if (templates > 0) lines.push(`Reply templates: added ${templates} national templates in da, sv and nb`);
  if (config.BOOTSTRAP_ADMIN_EMAIL) {
    const origin = config.PUBLIC_URL?.replace(/\/$/, "") ?? `http://localhost:${config.PORT}`;
    const link = await bootstrapAdministrator(db, config.BOOTSTRAP_ADMIN_EMAIL, origin, new Date());
    if (link) lines.push(`First administrator invited (${config.BOOTSTRAP_ADMIN_EMAIL}): open ${link} within 7 days`);
  }
  if (!config.DEMO_DATA && getMailer().kind === "local") {
    lines.push("Warning: RESEND_API_KEY is not set, so mail is kept in the outbox table and not sent.");
  }
  if (config.DEMO_DATA) {
    await seedDemoParties(db);
    const fresh = await seedDemoStaff(db, getSealingKeys());
    // Only into a database that was empty: demo events and reports, so no staff page starts empty.
    if (fresh && config.DEMO_ACTIVITY) {
      const origin = config.PUBLIC_URL?.replace(/\/$/, "") ?? `http://localhost:${config.PORT}`;
      const made = await seedDemoActivity(db, getSealingKeys(), { origin, now: new Date(), escalationHours: config.ESCALATION_HOURS, followUpHours: config.FOLLOW_UP_HOURS });
      lines.push(`Demo activity: ${made.events} events and ${made.reports} reports in several states (their receipt codes are not kept)`);
    }
    lines.push("Demo logins (staff pages at /da/staff; second factor: a TOTP app with the secret shown):");
    for (const login of demoLogins) {
      lines.push(`  ${login.roles.join(", ").padEnd(14)} ${login.email.padEnd(22)} password ${login.password.padEnd(22)} TOTP secret ${login.totpSecret}`);
    }
  }
  return lines;
}
