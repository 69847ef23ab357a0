import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./support/server";

/** A GET on a fresh connection (no keep-alive), so the cluster's round robin can hand it to any worker. */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { Connection: "close" } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return check();
}

/**
 * Issue #18: WEB_CONCURRENCY=2 on PostgreSQL runs two app processes behind one port (node:cluster).
 * PGlite is one process's database: there the variable is ignored, said in one line (second test).
 */
describe.skipIf(!process.env.DATABASE_URL)("WEB_CONCURRENCY=2 on PostgreSQL", () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("answers from two worker processes, runs the jobs in one, serves metrics once, and SIGTERM ends them all", async () => {
    server = await startServer({ WEB_CONCURRENCY: "2", LOG_REQUESTS: "1", METRICS_PORT: "0" });
    const { output } = server;
    expect(await until(() => /Trygg runs 2 app processes/.test(output()), 60_000)).toBe(true);
    const pids = /Trygg runs 2 app processes \(pids (\d+), (\d+)\); the primary is pid (\d+)\./.exec(output())!;
    const workerPids = [Number(pids[1]), Number(pids[2])];
    expect(Number(pids[3])).toBe(server.process.pid);
    expect(new Set(workerPids).size).toBe(2);

    // Requests on new connections: both workers answer, as their request log lines say.
    for (let i = 0; i < 10; i++) expect(await getOnNewConnection(`${server.url}/da/search?q=trusler`)).toBe(200);
    const answeredBy = new Set(
      output()
        .split("\n")
        .filter((line) => line.startsWith("{") && line.includes('"msg":"request"') && line.includes('"/da/search"'))
        .map((line) => (JSON.parse(line) as { worker?: number }).worker),
    );
    expect(answeredBy).toEqual(new Set([1, 2]));

    // One job loop (worker 1) and one metrics port (the primary), summing both workers' requests.
    expect(output().match(/is ready, and runs the jobs/g)).toHaveLength(1);
    expect(output().match(/Metrics \(all 2 processes\)/g)).toHaveLength(1);
    const metricsUrl = /Metrics \(all 2 processes\): (http:\/\/\S+)/.exec(output())![1]!;
    const metrics = await (await fetch(metricsUrl)).text();
    const searched = /trygg_http_requests_total\{method="GET",route="\/:lang\/search",status_class="2xx",cached="false"\} (\d+)/.exec(metrics);
    expect(Number(searched?.[1])).toBe(10);

    expect(await server.stop()).toBe(0);
    server = undefined;
    expect(await until(() => workerPids.every((pid) => !alive(pid)), 15_000)).toBe(true);
    expect(output()).toContain("Trygg stopped (all app processes).");
    expect(output().match(/"msg":"Trygg stopped\."/g)).toHaveLength(2);
  }, 180_000);
});

describe.skipIf(Boolean(process.env.DATABASE_URL))("WEB_CONCURRENCY=2 on PGlite", () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("stays one process and says so", async () => {
    server = await startServer({ WEB_CONCURRENCY: "2" });
    expect(server.output()).toContain("WEB_CONCURRENCY=2 is ignored: PGlite is one process's database");
    expect(server.output()).not.toContain("app processes");
    expect(await getOnNewConnection(`${server.url}/da/search?q=trusler`)).toBe(200);
  }, 120_000);
});
