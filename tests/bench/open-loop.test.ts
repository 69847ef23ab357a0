// The bench's open-loop generator against a local server that stalls on command: the open loop sees
// the stall in its tail (the requests it kept sending wait for it), a closed loop of 10 connections
// does not (each connection waits once, and meanwhile sends nothing). Timing margins are wide: the
// machine may be busy; the point is the difference.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedLoop, openLoop, percentile, summarize } from "./open-loop.js";

describe("percentile and summarize", () => {
  it("takes the nearest rank from the sorted samples", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 90)).toBe(90);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    // Ten samples: p50 is the 5th, p90 the 9th, p99 the 10th (ceil(9.9)).
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([percentile(ten, 50), percentile(ten, 90), percentile(ten, 99)]).toEqual([5, 9, 10]);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(ten, 101)).toThrow(RangeError);
  });

  it("sorts as numbers, not as text", () => {
    const summary = summarize([100, 9, 10, 2, 1000, 30]);
    expect(summary).toMatchObject({ count: 6, min: 2, max: 1000, p50: 10, p90: 1000, p99: 1000 });
    expect(summary.mean).toBeCloseTo(1151 / 6);
    expect(summarize([3, 1, 2]).p50).toBe(2);
  });
});

describe("openLoop", () => {
  // Answers after 2 ms; between stallFrom and stallUntil (performance.now() times) every answer is
  // held until stallUntil, as a server frozen for that second would answer. /slow never answers,
  // /fail answers 500.
  let stallFrom = Infinity;
  let stallUntil = -Infinity;
  let url = "";
  const server = http.createServer((request, response) => {
    if (request.url === "/slow") return;
    const now = performance.now();
    const delay = now >= stallFrom && now < stallUntil ? stallUntil - now : 2;
    setTimeout(() => {
      response.writeHead(request.url === "/fail" ? 500 : 200, { "content-type": "text/plain" });
      response.end("answered\n");
    }, delay);
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("offers rate × duration requests on schedule to an idle server, with little generator lag", async () => {
    const result = await openLoop({ url: `${url}/`, rate: 200, durationSeconds: 1 });
    console.info("idle, 200/s for 1 s:", { offered: result.offered, p50: result.p50, p99: result.p99, lag: result.generatorLag, sendRate: result.sendRate });
    expect(Math.abs(result.offered - 200)).toBeLessThanOrEqual(1);
    expect(result.sent).toBe(result.offered);
    expect(result.completed).toBe(result.offered);
    expect(result.errors.total).toBe(0);
    expect(result.generatorLag.p99).toBeLessThan(50);
    expect(result.generatorLag.max).toBeLessThan(250);
    expect(result.sendRate).toBeGreaterThan(180);
    expect(result.sendRate).toBeLessThan(220);
    expect(result.achievedRate).toBeGreaterThan(180);
    expect(result.achievedRate).toBeLessThanOrEqual(200);
    expect(result.p50).toBeLessThan(100);
  });

  it("shows a 1 s stall in its tail, where a closed loop of 10 connections hides it", async () => {
    // 3 s at 100/s; the server freezes from 1.0 s to 2.0 s of each run.
    const stallAt = () => {
      stallFrom = performance.now() + 1000;
      stallUntil = stallFrom + 1000;
    };
    stallAt();
    const open = await openLoop({ url: `${url}/`, rate: 100, durationSeconds: 3 });
    stallAt();
    const closed = await closedLoop({ url: `${url}/`, connections: 10, durationSeconds: 3 });
    stallFrom = Infinity;

    const openSlow = open.latencies.filter((ms) => ms > 200).length;
    const closedSlow = closed.latencies.filter((ms) => ms > 200).length;
    console.info("open loop, 100/s for 3 s:", { offered: open.offered, completed: open.completed, p50: open.p50, p90: open.p90, p99: open.p99, max: open.max, over200ms: openSlow, lag: open.generatorLag });
    console.info("closed loop, 10 connections for 3 s:", { requests: closed.requests, p50: closed.p50, p90: closed.p90, p99: closed.p99, max: closed.max, over200ms: closedSlow });

    expect(Math.abs(open.offered - 300)).toBeLessThanOrEqual(1);
    expect(open.completed).toBe(open.offered);
    expect(open.errors.total).toBe(0);
    // Requests scheduled in the stall wait out the rest of it: about 80 of the 100 wait > 200 ms,
    // the earliest nearly the whole second.
    expect(openSlow).toBeGreaterThanOrEqual(60);
    expect(openSlow).toBeLessThanOrEqual(110);
    expect(open.p99).toBeGreaterThanOrEqual(500);
    expect(open.max).toBeGreaterThanOrEqual(800);
    // The generator kept its schedule through the stall (it never waits for answers).
    expect(open.generatorLag.p99).toBeLessThan(100);

    // The closed loop: each of the 10 connections waits once, so at most about 10 slow samples
    // among thousands, and a p99 that does not show the stall at all.
    expect(closed.max).toBeGreaterThanOrEqual(800);
    expect(closedSlow).toBeLessThanOrEqual(20);
    expect(closed.p99).toBeLessThan(200);
    expect(openSlow).toBeGreaterThan(3 * closedSlow);
  });

  it("counts a timed-out request as an error with latency = timeout, and 5xx and refused connections as errors", async () => {
    const timedOut = await openLoop({ url: `${url}/slow`, rate: 20, durationSeconds: 0.5, timeoutMs: 300 });
    expect(timedOut.offered).toBe(10);
    expect(timedOut.errors).toMatchObject({ total: 10, timeout: 10, status: 0, network: 0 });
    expect(timedOut.completed).toBe(0);
    expect(timedOut.latencies).toEqual(Array(10).fill(300));
    expect(timedOut.p99).toBe(300);

    const failing = await openLoop({
      url,
      rate: 20,
      durationSeconds: 0.5,
      requestFactory: (i) => ({ method: "POST", path: i % 2 ? "/fail" : "/", headers: { "content-type": "text/plain" }, body: `request ${i}` }),
    });
    expect(failing.errors).toMatchObject({ total: 5, status: 5, byStatus: { 500: 5 } });
    expect(failing.completed).toBe(10);
    expect(failing.ok).toBe(5);

    // A port nothing listens on: take one, then close it.
    const spare = http.createServer();
    await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    const refused = await openLoop({ url: `http://127.0.0.1:${port}/`, rate: 20, durationSeconds: 0.25, timeoutMs: 2000 });
    expect(refused.errors).toMatchObject({ total: 5, network: 5, byCode: { ECONNREFUSED: 5 } });
    expect(refused.latencies).toEqual([]);
  });
});
