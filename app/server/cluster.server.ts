import cluster, { type Worker } from "node:cluster";
import type { AddressInfo } from "node:net";
import { AggregatorRegistry } from "prom-client";
import { getConfig } from "~/config.server";
import { startMetricsServer } from "./metrics-server.server";

const WORKER_ENV = "TRYGG_WORKER";
const SHUTDOWN_GRACE_MS = 15_000;
const RESTART_DELAY_MS = 1_000;

/** This process's place in a cluster (1…N), or undefined when it is not a cluster worker. */
export function clusterWorker(): { index: number } | undefined {
  if (!cluster.isWorker) return undefined;
  const index = Number(process.env[WORKER_ENV]);
  return Number.isInteger(index) && index > 0 ? { index } : undefined;
}

/** How many app processes to run: WEB_CONCURRENCY on PostgreSQL, always 1 on PGlite. */
export function processCount(config: { WEB_CONCURRENCY: number; DATABASE_URL?: string }): number {
  return config.DATABASE_URL ? config.WEB_CONCURRENCY : 1;
}

/**
 * With WEB_CONCURRENCY=N > 1 on PostgreSQL, makes this process a node:cluster primary: it forks N
 * workers (each runs server.js again and serves the same port; node hands connections round
 * robin), serves METRICS_PORT with the sum of their metrics, starts a worker again when one dies,
 * and on SIGTERM or SIGINT stops them all gracefully, then itself. The primary opens no database.
 * Returns false when this process should serve on its own (a worker, N = 1, or PGlite).
 */
export async function startClusterPrimary(): Promise<boolean> {
  if (!cluster.isPrimary) return false;
  const config = getConfig();
  if (config.WEB_CONCURRENCY <= 1) return false;
  if (processCount(config) === 1) {
    console.log(`WEB_CONCURRENCY=${config.WEB_CONCURRENCY} is ignored: PGlite is one process's database, so Trygg runs as one process (set DATABASE_URL for several).`);
    return false;
  }
  const count = config.WEB_CONCURRENCY;
  let stopping = false;
  const ready = new Set<number>();
  const workers = new Map<number, Worker>();

  const fork = (index: number) => {
    const worker = cluster.fork({ [WORKER_ENV]: String(index) });
    workers.set(index, worker);
    worker.on("listening", () => {
      ready.add(index);
      if (ready.size === count) console.log(`Trygg runs ${count} app processes (pids ${[...workers.values()].map((w) => w.process.pid).join(", ")}); the primary is pid ${process.pid}.`);
    });
    worker.on("exit", (code, signal) => {
      if (workers.get(index) === worker) workers.delete(index);
      if (stopping) {
        if (workers.size === 0) finish();
        return;
      }
      if (!ready.has(index)) {
        // It never came up (bad configuration, database unreachable): starting it again would only loop.
        console.error(`Worker ${index} exited (${signal ?? code}) before it was ready; stopping Trygg.`);
        process.exitCode = 1;
        stop("worker failure");
        return;
      }
      console.error(`Worker ${index} exited (${signal ?? code}); starting it again.`);
      setTimeout(() => {
        if (!stopping) fork(index);
      }, RESTART_DELAY_MS);
    });
  };

  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  if (config.METRICS_PORT !== undefined) {
    const aggregator = new AggregatorRegistry();
    metricsServer = await startMetricsServer(config.METRICS_PORT, config.METRICS_HOST, async () => ({
      contentType: aggregator.contentType,
      body: await aggregator.clusterMetrics(),
    }));
    const address = metricsServer.address() as AddressInfo;
    console.log(`Metrics (all ${count} processes): http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}/metrics`);
  }

  const finish = () => {
    metricsServer?.close();
    console.log("Trygg stopped (all app processes).");
    process.exit();
  };
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${reason}: stopping ${workers.size} app process(es).`);
    if (workers.size === 0) finish();
    for (const worker of workers.values()) worker.process.kill("SIGTERM");
    const force = setTimeout(() => {
      for (const worker of workers.values()) worker.process.kill("SIGKILL");
    }, SHUTDOWN_GRACE_MS);
    force.unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM received"));
  process.on("SIGINT", () => stop("SIGINT received"));
  for (let index = 1; index <= count; index++) fork(index);
  return true;
}
