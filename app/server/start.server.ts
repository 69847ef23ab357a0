import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { getConfig } from "~/config.server";
import { closeDatabase, getDatabase } from "~/db.server";
import { getSealingKeys } from "~/encryption-keys.server";
import { allJobs } from "~/jobs/all-jobs.server";
import { startJobs } from "~/jobs/scheduler.server";
import { getMailer } from "~/mail/mailer-instance.server";
import { clusterWorker } from "./cluster.server";
import { startMetricsServer } from "./metrics-server.server";
import { prepareAtStartup } from "./startup-tasks.server";
import { originCheck } from "./origin-check.server";
import { requestLogFields } from "./request-log.server";
import { log, requestIdFor, requestLog, withLogContext } from "~/log.server";
import { bearerMatches, metricsText, observeRequest, routeLabeller, setMetricsDatabase } from "~/metrics.server";
import { setListeningOrigin } from "~/mail/origin.server";
import { pageCache } from "./page-cache.server";
import { remixHandler } from "./remix-handler.server";
import { securityHeaders } from "./security-headers.server";

export interface StartOptions {
  /** The Vite client build folder (build/client). */
  clientDir: string;
  /** Migrate and load data, then stop without serving. */
  prepareOnly?: boolean;
}

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Starts Trygg in production: configuration, database (migrated), start-up data, then HTTP.
 * On SIGTERM or SIGINT it stops accepting, lets in-flight requests finish, and closes the database.
 */
export async function startServer(build: ServerBuild, options: StartOptions) {
  const config = getConfig();
  const database = await getDatabase();
  const summary = await prepareAtStartup(database.db, config);
  if (options.prepareOnly) {
    printSummary(summary);
    await closeDatabase();
    return;
  }

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);
  const headerOptions = { dev: false, publicUrlIsHttps: config.PUBLIC_URL?.startsWith("https:") ?? false };
  // The page cache's fast path runs before Express: it is handed Express's own compiled trust decision.
  const cache = pageCache(build, headerOptions, app.get("trust proxy fn") as (address: string, hop: number) => boolean);
  app.use(securityHeaders(headerOptions));
  app.use(originCheck(config.PUBLIC_URL));
  app.use(compression());
  if (config.METRICS_TOKEN) app.get("/metrics", metricsOnMainPort(config.METRICS_TOKEN));
  // Before the static folders: a cached page needs no look at the disk.
  app.use(cache.fill);
  app.use(
    "/assets",
    express.static(path.join(options.clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }),
  );
  app.use(express.static(options.clientDir, { maxAge: "1h", index: false }));
  app.all(
    "*",
    remixHandler({
      build,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? null }),
      uploadsAtOnce: config.UPLOADS_AT_ONCE,
    }),
  );
  // An error no handler answered: one log line instead of Express's stack on stderr, then the
  // status the error carries (as Express's own handler would: 4xx from a bad request), else 500.
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const carried = Number((error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode);
    const status = Number.isInteger(carried) && carried >= 400 && carried < 600 ? carried : 500;
    if (status >= 500) log.error({ err: error, status }, "request failed");
    else log.warn({ err: error, status }, "request refused");
    if (res.headersSent) res.destroy();
    else res.status(status).type("text/plain").send(status >= 500 ? "Internal server error.\n" : "Bad request.\n");
  });

  // Every request gets an id (a trusted proxy's X-Request-Id, or a new one), sent back and carried
  // by every log line written while it is handled. Pages already in the cache are answered before
  // Express; everything else goes through it. Both are counted and (LOG_REQUESTS) logged.
  const trust = app.get("trust proxy fn") as (address: string, hop: number) => boolean;
  const routeOf = routeLabeller(build);
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const reqId = requestIdFor(req.headers["x-request-id"], trust(req.socket.remoteAddress ?? "", 0));
    res.setHeader("X-Request-Id", reqId);
    let cached = false;
    res.once("finish", () => {
      const ms = performance.now() - started;
      const pathname = (req.url ?? "/").split(/[?#]/)[0] ?? "/";
      const route = pathname === "/metrics" && config.METRICS_TOKEN ? "/metrics" : routeOf(pathname);
      observeRequest({ method: req.method, route, status: res.statusCode, seconds: ms / 1000, cached });
      if (config.LOG_REQUESTS) requestLog.info({ reqId, ...requestLogFields({ method: req.method ?? "GET", path: pathname, status: res.statusCode, ms: Math.round(ms), ...(cached ? { cached } : {}) }), route }, "request");
    });
    withLogContext(reqId, () => {
      if (cache.serve(req, res)) cached = true;
      else app(req, res);
    });
  });
  // Idle keep-alive sockets live longer than a client's usual pause, so a client rarely reuses one
  // at the instant the server closes it (which shows up as ECONNRESET). Shutdown closes them at once.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  setMetricsDatabase(database.db);
  // In a cluster (WEB_CONCURRENCY) the primary serves METRICS_PORT for all workers, and only worker
  // 1 runs the job loop: one loop per machine is enough (several would be safe, see docs/operations.md).
  const worker = clusterWorker();
  const metricsServer = config.METRICS_PORT === undefined || worker ? undefined : await startMetricsServer(config.METRICS_PORT, config.METRICS_HOST, metricsText);
  const shownHost = config.HOST === "0.0.0.0" || config.HOST === "127.0.0.1" ? "localhost" : config.HOST;

  // Links in mail sent by jobs: the public URL, or this server's own address.
  const jobOrigin = config.PUBLIC_URL?.replace(/\/$/, "") ?? `http://${shownHost}:${port}`;
  setListeningOrigin(`http://${shownHost}:${port}`);
  const jobs = config.JOBS && (!worker || worker.index === 1)
    ? startJobs(database.db, allJobs, { config, origin: jobOrigin, mailer: getMailer(), sealingKeys: getSealingKeys() }, { intervalMs: config.JOB_INTERVAL_MS })
    : undefined;
  // Everything about the start first; the "listening" line last, as the sign of readiness.
  printSummary(summary);
  console.log(`Mail: ${getMailer().kind === "resend" ? "sent through Resend" : config.DEMO_DATA ? `kept locally, readable at http://${shownHost}:${port}/dev/outbox` : "kept in the outbox table, not sent"}`);
  if (metricsServer) {
    const address = metricsServer.address() as AddressInfo;
    console.log(`Metrics: http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}/metrics`);
  } else if (config.METRICS_TOKEN) console.log("Metrics: /metrics on this port, with the bearer token in METRICS_TOKEN");
  if (worker) console.log(`Worker ${worker.index} (pid ${process.pid}) is ready${worker.index === 1 && config.JOBS ? ", and runs the jobs" : ""}.`);
  console.log(`Trygg is listening on http://${shownHost}:${port} (database: ${database.kind})`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal} received: finishing in-flight requests, then closing the database.`);
    metricsServer?.close();
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      Promise.resolve(jobs?.stop())
        .then(() => closeDatabase())
        .catch((error: unknown) => log.error({ err: error }, "closing the database failed"))
        .finally(() => {
          log.info("Trygg stopped.");
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return server;
}

/** /metrics on the main port: only with the bearer token (compared in constant time), else 401. */
function metricsOnMainPort(token: string): express.RequestHandler {
  return (req, res, next) => {
    if (!bearerMatches(req.get("Authorization"), token)) {
      res.status(401).setHeader("WWW-Authenticate", 'Bearer realm="metrics"').setHeader("Cache-Control", "no-store").type("text/plain").send("Unauthorized.\n");
      return;
    }
    metricsText().then(({ contentType, body }) => {
      res.status(200).setHeader("Cache-Control", "no-store").type(contentType).send(body);
    }, next);
  };
}

function printSummary(lines: string[]) {
  for (const line of lines) console.log(line);
}
