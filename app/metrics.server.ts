/**
 * Prometheus metrics (prom-client), on one registry for the process. Label values are only ever
 * drawn from fixed sets: HTTP methods, route patterns of the build (never a raw path), status
 * classes, job names and threat levels. No reference, e-mail, address or id becomes a label.
 * Documented in docs/metrics-and-logs.md.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import cluster from "node:cluster";
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { queriesInFlight, queryRows, type Database } from "@db/client.server";
import { log } from "~/log.server";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });
// In a cluster worker (WEB_CONCURRENCY > 1) the primary asks every worker for this registry and
// serves the sum on METRICS_PORT (app/server/cluster.server.ts). Counters and histograms add up;
// the gauges read from the database are the same in every worker and are shown once ("first").
// prom-client answers the primary's requests once an AggregatorRegistry exists in the worker.
if (cluster.isWorker) AggregatorRegistry.setRegistries([registry]);
export const clusterAnswerer = cluster.isWorker ? new AggregatorRegistry() : undefined;

const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const httpRequests = new Counter({
  name: "trygg_http_requests_total",
  help: "HTTP requests answered, by method, route pattern, status class and whether the page cache answered",
  labelNames: ["method", "route", "status_class", "cached"] as const,
  registers: [registry],
});
const httpDuration = new Histogram({
  name: "trygg_http_request_duration_seconds",
  help: "Time from the request's arrival to the end of its answer, by method, route pattern and status class",
  labelNames: ["method", "route", "status_class"] as const,
  buckets: durationBuckets,
  registers: [registry],
});

const jobRuns = new Counter({ name: "trygg_job_runs_total", help: "Background job runs, by job", labelNames: ["job"] as const, registers: [registry] });
const jobFailures = new Counter({ name: "trygg_job_failures_total", help: "Background job runs that threw, by job", labelNames: ["job"] as const, registers: [registry] });
const jobDuration = new Histogram({
  name: "trygg_job_duration_seconds",
  help: "Duration of one run of a background job, by job",
  labelNames: ["job"] as const,
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
  registers: [registry],
});
const jobLoopLastTick = new Gauge({
  name: "trygg_job_loop_last_tick_seconds",
  help: "Unix time when the job loop last finished a round of all jobs (0 before the first)",
  registers: [registry],
  aggregator: "max",
});

/** Called by the scheduler around each job's run. */
export const jobMetrics = {
  ran(job: string, seconds: number, failed: boolean) {
    jobRuns.inc({ job });
    if (failed) jobFailures.inc({ job });
    jobDuration.observe({ job }, seconds);
  },
  /** Makes a job's series exist (at 0) before its first run. */
  known(job: string) {
    jobRuns.inc({ job }, 0);
    jobFailures.inc({ job }, 0);
  },
  tick(at: Date) {
    jobLoopLastTick.set(at.getTime() / 1000);
  },
};

new Gauge({
  name: "trygg_db_queries_in_flight",
  help: "Database queries sent and not yet answered (counted in db/client.server.ts)",
  registers: [registry],
  collect() {
    this.set(queriesInFlight());
  },
});

const collectErrors = new Counter({
  name: "trygg_metrics_collect_errors_total",
  help: "Scrape-time database gauges that could not be read, by collector",
  labelNames: ["collector"] as const,
  registers: [registry],
});

let database: Database | undefined;
const COLLECT_TIMEOUT_MS = 2000;

/** The database the scrape-time gauges read (counts and timestamps only; never sealed content). */
export function setMetricsDatabase(db: Database | undefined) {
  database = db;
}

async function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), COLLECT_TIMEOUT_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}

const outboxPending = new Gauge({ name: "trygg_outbox_pending", help: "Mails waiting in the outbox (status pending)", registers: [registry], aggregator: "first" });
const outboxOldest = new Gauge({
  name: "trygg_outbox_oldest_pending_age_seconds",
  help: "Age of the oldest pending mail in the outbox (0 when none waits)",
  registers: [registry],
  aggregator: "first",
  async collect() {
    if (!database) return;
    try {
      const [row] = await withTimeout(
        queryRows<{ pending: number | string; oldest: number | string | null }>(
          database,
          sql`select count(*)::int as pending, extract(epoch from (now() - min(created_at)))::float8 as oldest from outbox where status = 'pending'`,
        ),
      );
      outboxPending.set(Number(row?.pending ?? 0));
      this.set(Math.max(0, Number(row?.oldest ?? 0)));
    } catch (error) {
      collectErrors.inc({ collector: "outbox" });
      log.warn({ err: error }, "metrics: outbox gauges not read");
    }
  },
});
void outboxOldest;

export const THREAT_LEVELS = ["1", "2", "3", "4", "5", "6"] as const;
const unacknowledgedCount = new Gauge({
  name: "trygg_reports_unacknowledged",
  help: "Open reports no officer has acknowledged yet, by threat level",
  labelNames: ["threat_level"] as const,
  registers: [registry],
  aggregator: "first",
});
new Gauge({
  name: "trygg_reports_unacknowledged_oldest_age_seconds",
  help: "Age of the oldest report no officer has acknowledged yet, by threat level (0 when none)",
  labelNames: ["threat_level"] as const,
  registers: [registry],
  aggregator: "first",
  async collect() {
    if (!database) return;
    try {
      const rows = await withTimeout(
        queryRows<{ level: number | string; count: number | string; oldest: number | string | null }>(
          database,
          sql`select threat_level as level, count(*)::int as count, extract(epoch from (now() - min(created_at)))::float8 as oldest
              from reports where acknowledged_at is null and status = 'received' group by threat_level`,
        ),
      );
      const byLevel = new Map(rows.map((row) => [String(row.level), row]));
      for (const level of THREAT_LEVELS) {
        const row = byLevel.get(level);
        unacknowledgedCount.set({ threat_level: level }, Number(row?.count ?? 0));
        this.set({ threat_level: level }, Math.max(0, Number(row?.oldest ?? 0)));
      }
    } catch (error) {
      collectErrors.inc({ collector: "reports" });
      log.warn({ err: error }, "metrics: report gauges not read");
    }
  },
});

// ——— HTTP ———

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
export const OTHER_ROUTE = "other";

/**
 * Route patterns of the Remix build ("/:lang/report/status", "/:lang/staff/reports/:reportId"),
 * for labelling a request by what it asked for without its ids, tokens or references.
 */
export function routeLabeller(build: Pick<ServerBuild, "routes">): (pathname: string) => string {
  type Node = AgnosticRouteObject & { fullPath: string; children?: Node[] };
  const byId = new Map<string, Node>();
  for (const route of Object.values(build.routes)) {
    // An index route may have no children (react-router's types say so): the two shapes apart.
    const node: Node = route.index
      ? { id: route.id, path: route.path, index: true, caseSensitive: route.caseSensitive, fullPath: "" }
      : { id: route.id, path: route.path, index: false, caseSensitive: route.caseSensitive, fullPath: "", children: [] };
    byId.set(route.id, node);
  }
  const roots: Node[] = [];
  for (const route of Object.values(build.routes)) {
    const node = byId.get(route.id)!;
    const parent = route.parentId ? byId.get(route.parentId) : undefined;
    if (parent) parent.children!.push(node);
    else roots.push(node);
  }
  const fill = (node: Node, parentPath: string) => {
    const own = node.path ? `${parentPath.replace(/\/$/, "")}/${node.path.replace(/^\//, "")}` : parentPath || "/";
    node.fullPath = own;
    for (const child of node.children ?? []) fill(child, own);
    if (!node.children?.length) delete node.children;
  };
  for (const root of roots) fill(root, "");
  const routes = roots as AgnosticRouteObject[];
  // The root route alone matches everything as a layout: only a leaf that is not the root counts.
  const label = (pathname: string) => {
    let matches;
    try {
      matches = matchRoutes(routes, pathname);
    } catch {
      return OTHER_ROUTE;
    }
    const leaf = matches?.[matches.length - 1]?.route as Node | undefined;
    if (!leaf || leaf.id === "root") return OTHER_ROUTE;
    return leaf.fullPath;
  };
  // matchRoutes flattens and ranks the whole route table on every call: remembered per path, in a
  // bounded map (emptied when full, so paths with ids cannot grow it without end).
  const known = new Map<string, string>();
  return (pathname: string) => {
    if (pathname.startsWith("/assets/")) return "/assets/*";
    let found = known.get(pathname);
    if (found === undefined) {
      found = label(pathname);
      if (known.size >= 2000) known.clear();
      known.set(pathname, found);
    }
    return found;
  };
}

/** The label of a request method: the standard ones as they are, anything else "other". */
export function methodLabel(method: string | undefined): string {
  const upper = (method ?? "").toUpperCase();
  return METHODS.has(upper) ? upper : "other";
}

export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
}

export function observeRequest(fields: { method: string | undefined; route: string; status: number; seconds: number; cached: boolean }) {
  const method = methodLabel(fields.method);
  const status_class = statusClass(fields.status);
  httpRequests.inc({ method, route: fields.route, status_class, cached: fields.cached ? "true" : "false" });
  httpDuration.observe({ method, route: fields.route, status_class }, fields.seconds);
}

// ——— Scraping ———

function digest(value: string) {
  return createHash("sha256").update(value).digest();
}

/** `Authorization: Bearer <token>` against the configured token, in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
