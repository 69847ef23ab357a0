// An open-loop load generator: request i goes out at start + i / rate seconds whatever the server
// does, and its latency is measured from that scheduled time to the end of the response body. A
// closed loop (autocannon's connections, each waiting for its answer before sending the next) stops
// sending while the server stalls, so the requests that would have queued are never made and the
// stall hides in a handful of samples (coordinated omission). Here they are made, and each one
// counts the time it would have waited.
import http from "node:http";
import https from "node:https";
import { performance } from "node:perf_hooks";

/**
 * @typedef {{ method?: string, path?: string, headers?: Record<string, string>, body?: string | Buffer }} BenchRequest
 * @typedef {{ total: number, status: number, network: number, timeout: number, byStatus: Record<string, number>, byCode: Record<string, number> }} ErrorCounts
 * @typedef {{ p50: number, p90: number, p99: number, max: number, min: number, mean: number, count: number }} Summary
 * @typedef {{
 *   offered: number, sent: number, completed: number, ok: number, errors: ErrorCounts,
 *   p50: number, p90: number, p99: number, max: number, mean: number,
 *   generatorLag: { p50: number, p99: number, max: number },
 *   achievedRate: number, sendRate: number, seconds: number, latencies: number[],
 * }} OpenLoopResult
 */

/**
 * The p-th percentile of samples sorted ascending, by nearest rank: the smallest sample with at
 * least p % of all samples at or below it (p = 100 is the maximum). NaN when there are none.
 * @param {readonly number[]} sorted
 * @param {number} p
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not between 0 and 100`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return /** @type {number} */ (sorted[rank - 1]);
}

/**
 * p50, p90, p99, max, min and mean of unsorted samples (sorted here, as numbers).
 * @param {readonly number[]} samples
 * @returns {Summary}
 */
export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  let sum = 0;
  for (const value of list) sum += value;
  return {
    count: list.length,
    p50: percentile(list, 50),
    p90: percentile(list, 90),
    p99: percentile(list, 99),
    max: list.length ? /** @type {number} */ (list[list.length - 1]) : NaN,
    min: list.length ? /** @type {number} */ (list[0]) : NaN,
    mean: list.length ? sum / list.length : NaN,
  };
}

/** @param {number} status */
const defaultOkStatus = (status) => status >= 200 && status < 400;

/**
 * Offer `rate` requests per second for `durationSeconds`, open loop, and wait until every request
 * has been answered, failed or timed out.
 *
 * - `url`: the server (its origin is used when `requestFactory` gives a path) or, without a
 *   factory, the one URL to GET.
 * - `requestFactory(i)`: request i's method, path, headers and body; called when it is sent.
 * - `timeoutMs` (default 10 000): counted from the scheduled time; a request not answered by then
 *   is aborted and counts as an error of kind `timeout` with latency = `timeoutMs`.
 * - `okStatus(status)` (default 2xx and 3xx): other statuses are errors of kind `status`.
 *   Network errors (refused, reset) are of kind `network` and have no latency sample.
 * - `maxSockets` (default 2048): keep-alive connections the agent may open. An open loop opens
 *   new ones while the server is slow, as independent users would.
 *
 * Generator lag is how late each request actually went out after its scheduled time: large values
 * mean the generator itself (its event loop, the machine) could not keep the schedule, and the
 * figures are then only an upper bound on what the server did.
 *
 * @param {{
 *   url: string,
 *   requestFactory?: (i: number) => BenchRequest,
 *   rate: number,
 *   durationSeconds: number,
 *   timeoutMs?: number,
 *   okStatus?: (status: number) => boolean,
 *   maxSockets?: number,
 * }} options
 * @returns {Promise<OpenLoopResult>}
 */
export function openLoop({ url, requestFactory, rate, durationSeconds, timeoutMs = 10_000, okStatus = defaultOkStatus, maxSockets = 2048 }) {
  if (!(rate > 0) || !(durationSeconds > 0)) throw new RangeError("rate and durationSeconds must be positive");
  const base = new URL(url);
  const transport = base.protocol === "https:" ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const offered = Math.round(rate * durationSeconds);
  if (offered < 1) throw new RangeError("rate × durationSeconds must make at least one request");
  const interval = 1000 / rate;
  /** @type {number[]} */
  const latencies = [];
  /** @type {number[]} */
  const lags = [];
  /** @type {ErrorCounts} */
  const errors = { total: 0, status: 0, network: 0, timeout: 0, byStatus: {}, byCode: {} };
  let sent = 0;
  let settled = 0;
  let completed = 0;
  let ok = 0;
  let lastSend = 0;
  let lastSettle = 0;
  /** @type {(result: OpenLoopResult) => void} */
  let finish = () => {};
  const done = new Promise((resolve) => (finish = resolve));
  const start = performance.now();

  function settle() {
    settled += 1;
    lastSettle = performance.now();
    if (settled === offered) {
      agent.destroy();
      const latency = summarize(latencies);
      const lag = summarize(lags);
      // The offered window, or until the last answer when that came later.
      const seconds = Math.max(offered / rate, (lastSettle - start) / 1000);
      finish({
        offered,
        sent,
        completed,
        ok,
        errors,
        p50: latency.p50,
        p90: latency.p90,
        p99: latency.p99,
        max: latency.max,
        mean: latency.mean,
        generatorLag: { p50: lag.p50, p99: lag.p99, max: lag.max },
        // Answers with an ok status per second over that window.
        achievedRate: ok / seconds,
        // Requests per second the generator actually put out (the offered rate if it kept up).
        sendRate: sent > 1 ? (sent - 1) / ((lastSend - start) / 1000) : sent,
        seconds,
        latencies,
      });
    }
  }

  /** @param {number} i @param {number} scheduled */
  function send(i, scheduled) {
    const { method = "GET", path, headers = {}, body } = requestFactory ? requestFactory(i) : { path: base.pathname + base.search };
    const target = new URL(path ?? "/", base);
    const sentAt = performance.now();
    lags.push(sentAt - scheduled);
    lastSend = sentAt;
    sent += 1;
    let over = false;
    /** @param {number | undefined} latency */
    const end = (latency) => {
      if (over) return false;
      over = true;
      clearTimeout(timer);
      if (latency !== undefined) latencies.push(latency);
      settle();
      return true;
    };
    const allHeaders = { ...headers };
    if (body !== undefined) allHeaders["content-length"] = String(Buffer.byteLength(body));
    const request = transport.request(target, { method, headers: allHeaders, agent }, (response) => {
      const status = response.statusCode ?? 0;
      response.on("data", () => {});
      response.on("end", () => {
        const latency = performance.now() - scheduled;
        if (!over) {
          completed += 1;
          if (okStatus(status)) ok += 1;
          else {
            errors.total += 1;
            errors.status += 1;
            errors.byStatus[status] = (errors.byStatus[status] ?? 0) + 1;
          }
        }
        end(latency);
      });
      response.on("error", fail);
      response.on("close", () => {
        if (!response.complete) fail(Object.assign(new Error("response cut off"), { code: "ECUTOFF" }));
      });
    });
    /** @param {Error & { code?: string }} error */
    function fail(error) {
      if (over) return;
      errors.total += 1;
      errors.network += 1;
      const code = error.code ?? error.name;
      errors.byCode[code] = (errors.byCode[code] ?? 0) + 1;
      end(undefined);
    }
    const timer = setTimeout(() => {
      if (over) return;
      errors.total += 1;
      errors.timeout += 1;
      end(timeoutMs);
      request.destroy();
    }, Math.max(0, scheduled + timeoutMs - performance.now()));
    request.on("error", fail);
    request.end(body);
  }

  let next = 0;
  function tick() {
    // Every request whose time has come goes out now, however late, and none waits for an answer.
    while (next < offered && start + next * interval <= performance.now()) {
      send(next, start + next * interval);
      next += 1;
    }
    if (next < offered) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
  }
  tick();
  return done;
}

/**
 * A closed loop, for comparison (and for a throughput figure): `connections` loops, each sending its
 * next request only when the previous answer has arrived, for `durationSeconds`. Latency is from each
 * request's actual send, as autocannon measures it.
 * @param {{ url: string, connections?: number, durationSeconds: number, requestFactory?: (i: number) => BenchRequest }} options
 */
export async function closedLoop({ url, connections = 10, durationSeconds, requestFactory }) {
  const base = new URL(url);
  const transport = base.protocol === "https:" ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: connections });
  /** @type {number[]} */
  const latencies = [];
  let errors = 0;
  let i = 0;
  const start = performance.now();
  const stopAt = start + durationSeconds * 1000;
  /** @param {BenchRequest} spec @returns {Promise<number>} */
  const once = (spec) =>
    new Promise((resolve) => {
      const target = new URL(spec.path ?? base.pathname + base.search, base);
      const headers = { ...spec.headers };
      if (spec.body !== undefined) headers["content-length"] = String(Buffer.byteLength(spec.body));
      const request = transport.request(target, { method: spec.method ?? "GET", headers, agent }, (response) => {
        response.on("data", () => {});
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", () => resolve(0));
      });
      request.on("error", () => resolve(0));
      request.end(spec.body);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < stopAt) {
        const spec = requestFactory ? requestFactory(i) : {};
        i += 1;
        const sentAt = performance.now();
        const status = await once(spec);
        latencies.push(performance.now() - sentAt);
        if (!defaultOkStatus(status)) errors += 1;
      }
    }),
  );
  agent.destroy();
  const seconds = (performance.now() - start) / 1000;
  return { ...summarize(latencies), requests: latencies.length, errors, rate: latencies.length / seconds, latencies };
}
