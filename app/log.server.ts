/**
 * The process's operational log: one JSON object per line on stdout, through pino.
 *
 * Every line carries `level` (a name), `time` (ISO 8601), `msg` and `reqId`: the id of the HTTP
 * request or job run the line was written in (kept in an AsyncLocalStorage, so code deep inside a
 * loader or a job logs with the right id without passing it around), or null outside both.
 *
 * Personal data and secrets are removed by pino's `redact` (see REDACTED_FIELDS), at any depth up
 * to REDACT_DEPTH, whatever the caller passed. The human start-up block (address, database, demo
 * logins, "Trygg is listening on …") is not written here: it stays plain console lines.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Field names whose values never reach the log. Matched by exact name (pino's redact does not do
 * patterns), so the usual spellings are listed; they are removed at the top level and in nested
 * objects down to REDACT_DEPTH levels.
 */
export const REDACTED_FIELDS = [
  // Contact and identity
  "email", "emails", "contactEmail", "to", "from", "replyTo", "recipient", "recipients",
  "phone", "contactPhone", "name", "fullName", "displayName", "firstName", "lastName",
  // Secrets
  "password", "newPassword", "currentPassword", "passwordHash", "token", "accessToken", "refreshToken", "secret", "totpSecret",
  "code", "receiptCode", "cookie", "cookies", "authorization", "set-cookie", "apiKey",
  // Reports
  "reference", "description", "body", "text", "html", "subject", "contents", "sealed", "policeCaseNumber",
  // Addresses
  "ip", "clientIp", "remoteAddress", "x-forwarded-for", "x-real-ip",
  // What a database error may quote back
  "parameters", "detail", "query", "where",
] as const;
export const REDACT_DEPTH = 4;
/**
 * pino's wildcard redaction costs per path and per level (about 10 µs a line at the top level
 * alone, 200 µs down to four levels): the request log, one line per request with fixed fields,
 * uses the top level and one below; everything else the full depth.
 */
export const REQUEST_LOG_REDACT_DEPTH = 1;

function quoted(field: string) {
  return /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
}

/** `email`, `*.email`, `*.*.email` … for every field: pino's paths for "this name at any depth". */
export function redactPaths(fields: readonly string[] = REDACTED_FIELDS, depth = REDACT_DEPTH): string[] {
  const paths: string[] = [];
  for (const field of fields) {
    const key = quoted(field);
    for (let level = 0; level <= depth; level++) {
      const prefix = "*.".repeat(level);
      paths.push(key.startsWith("[") ? (level === 0 ? key : `${prefix.slice(0, -1)}${key}`) : `${prefix}${key}`);
    }
  }
  return paths;
}

const EMAIL_LIKE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** A message with anything shaped like an e-mail address replaced (a provider's error may quote the recipient). */
export function scrubText(text: string): string {
  return text.replace(EMAIL_LIKE, "[email]");
}

/** An error as a log field: its kind, message, code and stack; never the driver's parameters or query. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubText(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: scrubText(error.message),
    ...(typeof code === "string" || typeof code === "number" ? { errorCode: code } : {}),
    ...(error.stack ? { stack: scrubText(error.stack) } : {}),
    ...(error.cause !== undefined && error.cause !== error ? { cause: serializeError(error.cause) } : {}),
  };
}

interface LogContext {
  reqId: string;
}
const context = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `reqId` on every line it (and everything it awaits) logs. */
export function withLogContext<T>(reqId: string, fn: () => T): T {
  return context.run({ reqId }, fn);
}

export function currentRequestId(): string | null {
  return context.getStore()?.reqId ?? null;
}

// In a cluster (WEB_CONCURRENCY), every line says which app process wrote it.
const workerIndex = cluster.isWorker ? Number(process.env.TRYGG_WORKER) || undefined : undefined;

/** The options the process logger is made with; exported so a test can check them on its own stream. */
export function loggerOptions(level: LogLevel = "info", redactDepth = REDACT_DEPTH): LoggerOptions {
  return {
    level,
    base: undefined,
    messageKey: "msg",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => (workerIndex ? { reqId: currentRequestId(), worker: workerIndex } : { reqId: currentRequestId() }),
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: redactPaths(REDACTED_FIELDS, redactDepth), censor: "[redacted]" },
  };
}

export function createLogger(level: LogLevel = "info", destination?: DestinationStream, redactDepth = REDACT_DEPTH): Logger {
  return pino(loggerOptions(level, redactDepth), destination ?? defaultDestination());
}

/**
 * Synchronous writes to stdout, so lines keep their order with the console start-up block and
 * nothing is lost at process.exit. Under vitest, errors go through console.error instead, so the
 * suite's "no console.error" guard still catches a test that makes the code log an error.
 */
function defaultDestination(): DestinationStream {
  if (process.env.VITEST) {
    return {
      write(line: string) {
        const level = (JSON.parse(line) as { level?: string }).level;
        if (level === "error" || level === "fatal") console.error(line.trimEnd());
        else if (process.env.LOG_IN_TESTS === "1") process.stdout.write(line);
      },
    };
  }
  return pino.destination({ dest: 1, sync: true });
}

function levelFromEnv(): LogLevel {
  const wanted = process.env.LOG_LEVEL?.trim().toLowerCase();
  return LOG_LEVELS.includes(wanted as LogLevel) ? (wanted as LogLevel) : "info";
}

const destination = defaultDestination();

/** The process logger (LOG_LEVEL, default info; a bad value is refused by the configuration). */
export const log: Logger = createLogger(levelFromEnv(), destination);

/** The request log (LOG_REQUESTS): the same output and options, redacting two levels deep. */
export const requestLog: Logger = createLogger(levelFromEnv(), destination, REQUEST_LOG_REDACT_DEPTH);

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request's id: the X-Request-Id a trusted proxy sent (only when the TCP peer is one that
 * TRUST_PROXY trusts, and only a well-formed one), otherwise a new UUID.
 */
export function requestIdFor(header: string | string[] | undefined, peerTrusted: boolean): string {
  const given = Array.isArray(header) ? header[0] : header;
  if (peerTrusted && given && INCOMING_ID.test(given)) return given;
  return randomUUID();
}
