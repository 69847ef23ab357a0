import { z } from "zod";
import { localeInfo, type Locale } from "~/i18n/locales";
import { LOG_LEVELS } from "~/log.server";
import { parseTrustProxy, type TrustProxy } from "~/server/trust-proxy.server";

/** An empty variable counts as unset, so `DATABASE_URL=` means "use PGlite". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** "a,b,c" hours for threat levels 5–6, 3–4 and 1–2. */
function hoursTriple(fallback: string) {
  return z
    .string()
    .default(fallback)
    .refine((value) => /^\d+(\.\d+)?,\d+(\.\d+)?,\d+(\.\d+)?$/.test(value), "must be three numbers of hours, like 1,8,24")
    .transform((value) => value.split(",").map(Number) as [number, number, number]);
}

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "postgres:" || url.protocol === "postgresql:";
    } catch {
      return false;
    }
  }, "must be a postgres:// or postgresql:// URL");

/** Where quick exit goes: an absolute http(s) address (a neutral site, or a local page in tests). */
const exitUrl = (fallback: string) => z.preprocess((value) => (value === "" ? undefined : value), z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }).default(fallback));

const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optional(postgresUrl),
  DATA_DIR: z.string().min(1).default("./data"),
  MIGRATIONS_DIR: z.string().min(1).default("./db/migrations"),
  CONTENT_DIR: z.string().min(1).default("./content"),
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
  DEMO_DATA: z.enum(["0", "1"]).default("1").transform((value) => value === "1"),
  /** With DEMO_DATA, a fresh database also gets demo events and reports in several states (tests turn it off). */
  DEMO_ACTIVITY: z.enum(["0", "1"]).default("1").transform((value) => value === "1"),
  /** Demo mode on a public https address is refused unless this says a public demo is meant. */
  DEMO_PUBLIC: z.enum(["0", "1"]).default("0").transform((value) => value === "1"),
  /** Who may say a client's address and protocol: unset (nobody), a number of proxy hops, or proxy addresses. */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, context): TrustProxy => {
      const parsed = parseTrustProxy(value);
      if (parsed === undefined) {
        context.addIssue({ code: "custom", message: "must be a number of proxy hops (0–10) or proxy addresses like 127.0.0.1,10.0.0.0/8 or loopback" });
        return z.NEVER;
      }
      return parsed;
    }),
  LOG_REQUESTS: z.enum(["0", "1"]).default("0").transform((value) => value === "1"),
  /** The least severe log level written (pino's names); "silent" writes nothing. */
  LOG_LEVEL: z.preprocess((value) => (value === "" || value === undefined ? undefined : String(value).trim().toLowerCase()), z.enum(LOG_LEVELS).default("info")),
  /** With it, /metrics on the main port answers a request carrying `Authorization: Bearer <token>`; without it, 404. */
  METRICS_TOKEN: optional(z.string().min(16, "must be at least 16 characters").regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")),
  /** A separate port serving only /metrics, without a token (0: any free port); unset: none. */
  METRICS_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  /** Where the metrics port listens: loopback unless told otherwise. */
  METRICS_HOST: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).default("127.0.0.1")),
  /** "id:base64key,id2:base64key" — 32-byte AES-256-GCM keys; without it a dev key is made in DATA_DIR. */
  ENCRYPTION_KEYS: optional(
    z.string().regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/, "must be id:base64key pairs separated by commas"),
  ),
  /** Which key encrypts new data; the last one listed by default. */
  ENCRYPTION_KEY_ID: optional(z.string().regex(/^[A-Za-z0-9_-]+$/)),
  /** The public half of the offline escrow key (base64, 32 bytes): every unit key is also sealed to it. */
  ESCROW_PUBLIC_KEY: optional(z.string().refine((value) => Buffer.from(value, "base64").length === 32 && /^[A-Za-z0-9+/_=-]+$/.test(value), "must be a 32-byte X25519 public key, base64 (npm run keys:escrow-keypair makes one)")),
  RESEND_API_KEY: optional(z.string().min(1)),
  RESEND_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  MAIL_FROM: z.string().min(3).default("Trygg <no-reply@trygg.invalid>"),
  /** With an empty database: invite this address as the first administrator (link printed at start). */
  BOOTSTRAP_ADMIN_EMAIL: optional(z.email({ error: "must be an e-mail address" })),
  /** Run the background jobs (mail, escalation, reminders, retention) in this process. */
  JOBS: z.enum(["0", "1"]).default("1").transform((value) => value === "1"),
  JOB_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
  /** How long a mail job's claim on an outbox row lasts: after a crash mid-send, the row waits this long. */
  MAIL_CLAIM_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Hours before an unacknowledged report escalates, for threat levels 5–6, 3–4 and 1–2. */
  ESCALATION_HOURS: hoursTriple("1,8,24"),
  /** Hours the owner has to follow up after acknowledging, for levels 5–6, 3–4 and 1–2. */
  FOLLOW_UP_HOURS: hoursTriple("24,72,168"),
  /** Closed reports are purged this many months after closing. */
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** Days after an event's end until its registrations (who stands for election, who fears for their safety) become counts. */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Sent and finally failed outbox rows are deleted this many days later. */
  OUTBOX_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Report forms with files held in memory at once; more wait their turn (each holds up to ~51 MB). */
  UPLOADS_AT_ONCE: z.coerce.number().int().min(1).max(64).default(4),
  /** App processes on this machine (node:cluster), on PostgreSQL only; PGlite stays one process. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Reports one IP address may submit per hour. */
  REPORTS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** The neutral site quick exit replaces the page with, per country (the page's language decides it). */
  QUICK_EXIT_URL_DK: exitUrl(localeInfo.da.quickExitUrl),
  QUICK_EXIT_URL_SE: exitUrl(localeInfo.sv.quickExitUrl),
  QUICK_EXIT_URL_NO: exitUrl(localeInfo.nb.quickExitUrl),
});

export type Config = z.infer<typeof configSchema>;

/** Rules across variables: a real deployment (no demo data) must bring its own keys. */
function checkProduction(config: Config): string[] {
  const problems: string[] = [];
  if (config.DEMO_DATA && config.PUBLIC_URL?.startsWith("https:") && !config.DEMO_PUBLIC) {
    problems.push("  DEMO_DATA: demo mode (published demo logins, an outbox anyone can read) on the public address in PUBLIC_URL; set DEMO_DATA=0 for a real deployment, or DEMO_PUBLIC=1 if a public demo is meant");
  }
  if (!config.DEMO_DATA && !config.PUBLIC_URL) problems.push("  PUBLIC_URL: required when DEMO_DATA=0 (the address people open; links in mail come from it, never from a request)");
  if (!config.DEMO_DATA && !config.ENCRYPTION_KEYS) problems.push("  ENCRYPTION_KEYS: required when DEMO_DATA=0 (no key file is ever written next to the data outside demo mode)");
  return problems;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment; throws a ConfigError whose message names every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) {
    const problems = checkProduction(result.data);
    if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
    return result.data;
  }
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const given = env[name];
    const shown = given === undefined ? "" : ` (got ${JSON.stringify(given.slice(0, 60))})`;
    return `  ${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

const exitVariables = { dk: "QUICK_EXIT_URL_DK", se: "QUICK_EXIT_URL_SE", no: "QUICK_EXIT_URL_NO" } as const;

/** The quick exit address for a page in this locale: the country of the page's language. */
export function quickExitUrl(config: Config, locale: Locale): string {
  return config[exitVariables[localeInfo[locale].country]];
}

let cached: Config | undefined;

/** The process's configuration, parsed once. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
