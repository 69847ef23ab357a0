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
import { prepareAtStartup } from "./startup-tasks.server";
import { originCheck } from "./origin-check.server";
import { requestLogLine } from "./request-log.server";
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
  if (config.LOG_REQUESTS) {
    app.use((req, res, next) => {
      const started = performance.now();
      res.on("finish", () => {
        // Method, path and status only: never query strings, bodies or cookies.
        console.log(requestLogLine({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }));
      });
      next();
    });
  }
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

  // Pages already in the cache are answered before Express; everything else goes through it.
  const server = http.createServer((req, res) => {
    if (!cache.serve(req, res)) return app(req, res);
    if (config.LOG_REQUESTS) console.log(requestLogLine({ method: req.method ?? "GET", path: req.url ?? "/", status: res.statusCode, ms: 0, cached: true }));
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
  const shownHost = config.HOST === "0.0.0.0" || config.HOST === "127.0.0.1" ? "localhost" : config.HOST;

  // Links in mail sent by jobs: the public URL, or this server's own address.
  const jobOrigin = config.PUBLIC_URL?.replace(/\/$/, "") ?? `http://${shownHost}:${port}`;
  setListeningOrigin(`http://${shownHost}:${port}`);
  const jobs = config.JOBS
    ? startJobs(database.db, allJobs, { config, origin: jobOrigin, mailer: getMailer(), sealingKeys: getSealingKeys() }, { intervalMs: config.JOB_INTERVAL_MS })
    : undefined;
  // Everything about the start first; the "listening" line last, as the sign of readiness.
  printSummary(summary);
  console.log(`Mail: ${getMailer().kind === "resend" ? "sent through Resend" : config.DEMO_DATA ? `kept locally, readable at http://${shownHost}:${port}/dev/outbox` : "kept in the outbox table, not sent"}`);
  console.log(`Trygg is listening on http://${shownHost}:${port} (database: ${database.kind})`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests, then closing the database.`);
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      Promise.resolve(jobs?.stop())
        .then(() => closeDatabase())
        .catch((error: unknown) => console.error("Closing the database failed:", error))
        .finally(() => {
          console.log("Trygg stopped.");
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return server;
}

function printSummary(lines: string[]) {
  for (const line of lines) console.log(line);
}
