import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";
import { allJobs } from "~/jobs/all-jobs.server";
import type { Job, JobContext } from "~/jobs/job";
import { startJobs } from "~/jobs/scheduler.server";
import { createMailer } from "~/mail/mailer.server";
import { getSealingKeys } from "~/encryption-keys.server";
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
