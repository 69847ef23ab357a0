import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, type MockInstance } from "vitest";
import { parseConfig } from "~/config.server";
import { allJobs } from "~/jobs/all-jobs.server";
import type { Job, JobContext } from "~/jobs/job";
import { startJobs } from "~/jobs/scheduler.server";
import { createMailer } from "~/mail/mailer.server";
import { getSealingKeys } from "~/encryption-keys.server";
import { registry } from "~/metrics.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";

describe("the jobs and their scheduler", () => {
  let database: TestDatabase;
  let context: JobContext;
  beforeAll(async () => {
    database = await createTestDatabase();
    context = { config: parseConfig({}), origin: "http://trygg.test", mailer: createMailer({ from: "Trygg <noreply@trygg.test>" }), sealingKeys: getSealingKeys() };
  });
  afterAll(async () => database?.close());

  it("lists every job module of app/jobs once, under a unique name", () => {
    const names = allJobs.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    // Every module in app/jobs that exports a Job is in the list (a job written but never listed never runs).
    const folder = path.resolve("app/jobs");
    const exporting = fs.readdirSync(folder).filter((file) => /export const \w+: Job = /.test(fs.readFileSync(path.join(folder, file), "utf8")));
    const declared = exporting.flatMap((file) => [...fs.readFileSync(path.join(folder, file), "utf8").matchAll(/export const \w+: Job = \{\s*name: "([^"]+)"/g)].map((match) => match[1]));
    expect(declared.sort()).toEqual([...names].sort());
  });

  it("hands each job the database, the scheduler's clock and the context; one failing job does not stop the rest", async () => {
    const clockAt = new Date("2026-11-30T08:00:00Z");
    const seen: { name: string; now: Date; origin: string }[] = [];
    const recording = (name: string, fail = false): Job => ({
      name,
      run: async (db, now, jobContext) => {
        expect(db).toBe(database.db);
        seen.push({ name, now, origin: jobContext.origin });
        if (fail) throw new Error("this job fails");
      },
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(" "));
    try {
      const scheduler = startJobs(database.db, [recording("first"), recording("broken", true), recording("last")], context, { intervalMs: 60_000, clock: () => clockAt });
      await expect.poll(() => seen.length).toBe(3);
      await scheduler.stop();
    } finally {
      console.error = original;
    }
    expect(seen.map((entry) => entry.name)).toEqual(["first", "broken", "last"]);
    expect(seen.every((entry) => entry.now === clockAt && entry.origin === "http://trygg.test")).toBe(true);
    expect(errors.join("\n")).toContain("broken");
  });

  it("runs every real job's pass on an empty database without failing", async () => {
    for (const job of allJobs) await expect(job.run(database.db, new Date("2026-11-30T08:00:00Z"), context), job.name).resolves.not.toThrow();
  });
});

async function sample(name: string, job: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  const value = metric?.values.find((entry) => entry.labels.job === job && !("le" in entry.labels));
  return Number(value?.value ?? Number.NaN);
}

describe("the job loop's metrics and logs", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("counts runs and failures per job, logs a failure as one JSON error line with the round's id, and goes on", async () => {
    let okRuns = 0;
    let release: () => void = () => {};
    const twice = new Promise<void>((resolve) => (release = resolve));
    const context: JobContext = { config: parseConfig({}), origin: "http://trygg.test", mailer: createMailer({ from: "Trygg <noreply@trygg.test>" }), sealingKeys: getSealingKeys() };
    const loop = startJobs(
      database.db,
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
      context,
      { intervalMs: 50 },
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
    const lines = spy.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
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
