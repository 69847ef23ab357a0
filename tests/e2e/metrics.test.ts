import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient } from "./support/http-client";
import { fileReport, reportChoices, validReport } from "./support/scenario";
import { deadPort } from "./support/dead-port";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

const TOKEN = "metrics-token-for-the-test-0123456789";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format → samples (comments skipped). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    expect(match, line).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const label of match![2]?.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g) ?? []) labels[label[1]!] = label[2]!;
    samples.push({ name: match![1]!, labels, value: Number(match![3]) });
  }
  return samples;
}

function find(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  return samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}
const total = (samples: Sample[]) => samples.reduce((sum, sample) => sum + sample.value, 0);

describe("metrics", () => {
  let server: RunningServer;
  let metricsUrl: string;
  beforeAll(async () => {
    server = await startServer({
      METRICS_TOKEN: TOKEN,
      METRICS_PORT: "0",
      JOB_INTERVAL_MS: "200",
      // Mail "through Resend" to a closed port: it stays pending in the outbox.
      RESEND_API_KEY: "re_test_key_not_real",
      RESEND_BASE_URL: `http://127.0.0.1:${await deadPort()}`,
    });
    const printed = /Metrics: (http:\/\/([^/]+)\/metrics)/.exec(server.output());
    expect(printed, server.output()).not.toBeNull();
    // Loopback unless METRICS_HOST says otherwise.
    expect(printed![2]).toMatch(/^127\.0\.0\.1:\d+$/);
    metricsUrl = printed![1]!;
  });
  afterAll(async () => server?.stop());

  it("count requests by route pattern, jobs and queues, and never put a reference, e-mail, address or id in a label", async () => {
    const client = httpClient(server.url);
    const email = `metrics-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const choices = await reportChoices(client);
    const clientIp = "198.51.100.23";
    const receipt = await fileReport(client, validReport(choices, { contactMethod: "email", contactEmail: email, level: "6" }), [], { "X-Forwarded-For": clientIp });
    await client.get(`/da/report/status?reference=${encodeURIComponent(receipt.reference)}`, { headers: { "X-Forwarded-For": clientIp } });
    await client.get(`/da/report/status/${encodeURIComponent(receipt.reference)}`);
    const reportId = crypto.randomUUID();
    const cookie = await client.logIn(demo.officer);
    await client.get(`/da/staff/reports/${reportId}`, { cookie });
    expect((await client.get("/no-such-page/at-all")).status).toBe(404);
    await client.get("/da/guidance");
    await client.get("/da/guidance"); // the page cache answers this one
    await client.get(`/sv/staff/invite/InviteSecret0123456789`);

    // The mail job has run (and failed to send) at least once since the report.
    await expect
      .poll(async () => total(find(parse(await (await fetch(metricsUrl)).text()), "trygg_outbox_pending")), { timeout: 20_000 })
      .toBeGreaterThan(0);

    const scraped = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await scraped.text();
    const samples = parse(text);
    const requests = (labels: Record<string, string>) => total(find(samples, "trygg_http_requests_total", labels));

    expect(requests({ method: "POST", route: "/:lang/report", status_class: "2xx" })).toBeGreaterThanOrEqual(1);
    expect(requests({ method: "GET", route: "/:lang/report/status", status_class: "2xx" })).toBeGreaterThanOrEqual(1);
    expect(requests({ route: "/:lang/staff/reports/:reportId" })).toBeGreaterThanOrEqual(1);
    expect(requests({ route: "/:lang/staff/invite/:token" })).toBeGreaterThanOrEqual(1);
    expect(requests({ method: "GET", route: "other", status_class: "4xx" })).toBeGreaterThanOrEqual(1);
    expect(requests({ route: "/:lang/guidance", cached: "true" })).toBeGreaterThanOrEqual(1);
    expect(requests({ route: "/:lang/staff/login", method: "POST" })).toBeGreaterThanOrEqual(1);
    expect(total(find(samples, "trygg_http_request_duration_seconds_count", { route: "/:lang/report/status" }))).toBeGreaterThanOrEqual(1);
    // Every route label is a pattern of the build, "other" or the metrics and asset names.
    for (const sample of find(samples, "trygg_http_requests_total")) expect(sample.labels.route).toMatch(/^(other|\/metrics|\/assets\/\*|\/[A-Za-z0-9:/._\-[\]*]*)$/);

    // Jobs: every job has its series, the mail job ran.
    expect(total(find(samples, "trygg_job_runs_total", { job: "mail" }))).toBeGreaterThanOrEqual(1);
    expect(find(samples, "trygg_job_failures_total", { job: "mail" })).toHaveLength(1);
    expect(total(find(samples, "trygg_job_duration_seconds_count", { job: "escalation" }))).toBeGreaterThanOrEqual(1);
    expect(total(find(samples, "trygg_job_loop_last_tick_seconds"))).toBeGreaterThan(1_600_000_000);

    // The outbox holds the mail that could not be sent; its oldest row has an age.
    expect(total(find(samples, "trygg_outbox_pending"))).toBeGreaterThanOrEqual(1);
    expect(total(find(samples, "trygg_outbox_oldest_pending_age_seconds"))).toBeGreaterThanOrEqual(0);
    // The level-6 report is unacknowledged; every level has its series.
    for (const level of ["1", "2", "3", "4", "5", "6"]) {
      expect(find(samples, "trygg_reports_unacknowledged", { threat_level: level })).toHaveLength(1);
      expect(find(samples, "trygg_reports_unacknowledged_oldest_age_seconds", { threat_level: level })).toHaveLength(1);
    }
    expect(total(find(samples, "trygg_reports_unacknowledged", { threat_level: "6" }))).toBe(1);
    expect(total(find(samples, "trygg_reports_unacknowledged", { threat_level: "1" }))).toBe(0);
    expect(total(find(samples, "trygg_reports_unacknowledged_oldest_age_seconds", { threat_level: "6" }))).toBeGreaterThanOrEqual(0);
    const inFlight = find(samples, "trygg_db_queries_in_flight");
    expect(inFlight).toHaveLength(1);
    expect(inFlight[0]!.value).toBeGreaterThanOrEqual(0);
    // Default process metrics.
    expect(find(samples, "process_cpu_user_seconds_total")).toHaveLength(1);
    expect(find(samples, "nodejs_heap_size_used_bytes")).toHaveLength(1);

    // No label value is personal or identifying.
    const values = samples.flatMap((sample) => Object.values(sample.labels));
    for (const value of values) {
      expect(value).not.toContain(receipt.reference);
      expect(value).not.toContain(receipt.code);
      expect(value).not.toContain(email);
      expect(value).not.toContain(demo.officer.email);
      expect(value).not.toContain("InviteSecret");
      expect(value).not.toMatch(/@/);
      expect(value).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
      expect(value).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
      expect(value).not.toMatch(/^\/(da|sv|nb)\//);
    }
    expect(text).not.toContain(receipt.reference);
    expect(text).not.toContain(reportId);
    expect(text).not.toContain(clientIp);

    // The separate port serves the same registry without a token.
    const separate = parse(await (await fetch(metricsUrl)).text());
    expect(find(separate, "trygg_http_requests_total").length).toBeGreaterThan(0);
    expect((await fetch(metricsUrl.replace(/\/metrics$/, "/other"))).status).toBe(404);
  });

  it("refuse a scrape on the main port without the right bearer token", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer wrong-token-wrong-token-wrong" } })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: TOKEN } })).status).toBe(401);
    const refused = await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer " } });
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain("trygg_");
  });
});

describe("without METRICS_TOKEN and with JOBS=0", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ JOBS: "0" });
  });
  afterAll(async () => server?.stop());

  it("/metrics is not found on the main port, and /readyz says the job loop is disabled", async () => {
    const metrics = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(metrics.status).toBe(404);
    expect(await metrics.text()).not.toContain("trygg_");
    expect(server.output()).not.toContain("Metrics:");
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", database: { ok: true }, migrations: { ok: true }, jobs: { ok: true, state: "disabled" } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
