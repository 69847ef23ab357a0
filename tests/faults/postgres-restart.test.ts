import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../e2e/support/server";
import { realisticReport, reportFormOptions, submitReport, waitFor } from "./support/reports";

/**
 * Issue #7: stop and start PostgreSQL under load. /readyz must fail while it is down and recover
 * without an app restart, and no request may hang. This needs the right to stop the server, so it
 * runs only where PG_CLUSTER names a local cluster for pg_ctlcluster (".ci/run" sets it, e.g.
 * "15 main") and DATABASE_URL points at it.
 */
const cluster = process.env.PG_CLUSTER?.split(" ");
const runs = Boolean(process.env.DATABASE_URL && cluster?.length === 2);
if (process.env.DATABASE_URL && !runs) console.warn("PostgreSQL restart test skipped: set PG_CLUSTER (e.g. \"15 main\") to run it.");

function pgCtl(action: "stop" | "start") {
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster![0]!, cluster![1]!, action, ...(action === "stop" ? ["-m", "fast"] : [])], { stdio: "pipe" });
}

const REQUEST_LIMIT_MS = 20_000;

describe.skipIf(!runs)("PostgreSQL restart under load", () => {
  let server: RunningServer;
  let databaseStopped = false;
  afterAll(async () => {
    if (databaseStopped) pgCtl("start");
    if (server && (server.process.exitCode !== null || server.process.signalCode !== null)) console.warn(`The server exited:\n${server.output().slice(-8000)}`);
    await server?.stop();
  });

  it("/readyz fails while the database is down, recovers by itself, and no request hangs", async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "100000" });
    const options = await reportFormOptions(server.url);
    const ready = async () => (await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(REQUEST_LIMIT_MS) })).status;

    // Load: report submissions, the events page and the status form (all need the database),
    // and a guidance article (served from memory), from eight workers until told to stop.
    let loading = true;
    const results: Array<{ path: string; status: number | "hung" | "error"; ms: number }> = [];
    const requests: Array<() => Promise<Response>> = [
      () => fetch(`${server.url}/da/events`, { signal: AbortSignal.timeout(REQUEST_LIMIT_MS) }),
      () => fetch(`${server.url}/da/guidance`, { signal: AbortSignal.timeout(REQUEST_LIMIT_MS) }),
      () =>
        fetch(`${server.url}/da/report/status`, {
          method: "POST",
          headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent: "open", reference: "TRG-AAAA-AAAA", code: "x".repeat(20) }),
          signal: AbortSignal.timeout(REQUEST_LIMIT_MS),
        }),
    ];
    const worker = async (index: number) => {
      for (let round = 0; loading; round++) {
        const started = Date.now();
        const which = (index + round) % (requests.length + 1);
        try {
          if (which === requests.length) {
            const outcome = await submitReport(server.url, realisticReport(options, round), REQUEST_LIMIT_MS);
            const status = outcome.kind === "receipt" ? 200 : outcome.kind === "answer" ? outcome.status : /timeout|abort/i.test(outcome.error) ? "hung" : "error";
            results.push({ path: "report", status, ms: Date.now() - started });
          } else {
            const response = await requests[which]!();
            await response.arrayBuffer();
            results.push({ path: new URL(response.url).pathname, status: response.status, ms: Date.now() - started });
          }
        } catch (error) {
          const hung = error instanceof Error && /timeout|abort/i.test(error.name + error.message);
          results.push({ path: String(which), status: hung ? "hung" : "error", ms: Date.now() - started });
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, index) => worker(index));

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await ready()).toBe(200);
    pgCtl("stop");
    databaseStopped = true;
    await waitFor(async () => (await ready()) === 503, "/readyz to report the database down", 15_000, 200);
    const downAt = results.length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    pgCtl("start");
    databaseStopped = false;
    await waitFor(async () => (await ready()) === 200, "/readyz to recover without a restart", 30_000, 200);
    const upAt = results.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    loading = false;
    await Promise.all(workers);

    // No request hung, and nothing failed at the socket: every request got an HTTP answer.
    expect(results.filter((result) => result.status === "hung" || result.status === "error")).toEqual([]);
    // While the database was down, pages that need it answered with errors, and quickly.
    const duringOutage = results.slice(downAt, upAt);
    expect(duringOutage.some((result) => typeof result.status === "number" && result.status >= 500)).toBe(true);
    expect(Math.max(...duringOutage.map((result) => result.ms))).toBeLessThan(REQUEST_LIMIT_MS);
    // The memory-served guidance index kept working throughout.
    expect(duringOutage.filter((result) => result.path === "/da/guidance").every((result) => result.status === 200)).toBe(true);
    // After recovery, a report goes in again through the same process.
    expect((await submitReport(server.url, realisticReport(options, 999))).kind).toBe("receipt");
    expect(server.process.exitCode).toBeNull();
    console.info(JSON.stringify({ requests: results.length, duringOutage: duringOutage.length, outageStatuses: [...new Set(duringOutage.map((result) => result.status))] }));
  });
});
