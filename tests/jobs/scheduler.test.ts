import { describe, expect, it, type MockInstance } from "vitest";
import { startJobs } from "~/jobs/scheduler.server";
import { registry } from "~/metrics.server";

async function sample(name: string, job: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  const value = metric?.values.find((entry) => entry.labels.job === job && !("le" in entry.labels));
  return Number(value?.value ?? Number.NaN);
}

describe("the job loop", () => {
  it("counts runs and failures per job, logs a failure as one JSON error line with the round's id, and goes on", async () => {
    let okRuns = 0;
    let release: () => void = () => {};
    const twice = new Promise<void>((resolve) => (release = resolve));
    const loop = startJobs(
      [
        {
          name: "test-boom",
          run: async () => {
            throw new Error("kaboom while mailing someone@example.org");
          },
        },
        {
          name: "test-ok",
          run: async () => {
            if (++okRuns === 2) release();
          },
        },
      ],
      50,
    );
    await twice;
    await loop.stop();

    expect(await sample("trygg_job_runs_total", "test-boom")).toBeGreaterThanOrEqual(2);
    expect(await sample("trygg_job_failures_total", "test-boom")).toBe(await sample("trygg_job_runs_total", "test-boom"));
    expect(await sample("trygg_job_runs_total", "test-ok")).toBeGreaterThanOrEqual(2);
    expect(await sample("trygg_job_failures_total", "test-ok")).toBe(0);
    const durations = (await registry.getMetricsAsJSON()).find((entry) => entry.name === "trygg_job_duration_seconds")!;
    expect(durations.values.some((entry) => entry.labels.job === "test-ok" && (entry as { metricName?: string }).metricName === "trygg_job_duration_seconds_count" && Number(entry.value) >= 2)).toBe(true);

    // Under vitest the logger hands error lines to console.error (the suite's guard watches it):
    // read them, then clear them, since this failure is the point of the test.
    const spy = console.error as unknown as MockInstance<typeof console.error>;
    const lines = spy.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, any>);
    spy.mockClear();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).toMatchObject({ level: "error", msg: "job failed", job: "test-boom", err: { type: "Error", message: "kaboom while mailing [email]" } });
      expect(line.reqId).toMatch(/^jobs-[0-9a-f-]{36}$/);
      expect(typeof line.time).toBe("string");
    }
    // Each round has its own id.
    expect(new Set(lines.map((line) => line.reqId)).size).toBe(lines.length);
  });
});
