import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";
import { getSealingKeys } from "~/encryption-keys.server";
import { startJobs } from "~/jobs/scheduler.server";
import { createMailer } from "~/mail/mailer.server";
import { jobLoopReadiness, migrationReadiness, readiness, staleAfterMs } from "~/server/readiness.server";
import { createTestDatabase, migrationsDir, type TestDatabase } from "../setup/database";

describe("readiness of the job loop", () => {
  let loopDatabase: TestDatabase;
  beforeAll(async () => {
    loopDatabase = await createTestDatabase();
  });
  afterAll(async () => loopDatabase?.close());
  it("is 'disabled' and fine with JOBS=0, 'not started' and failing when it should run but does not", () => {
    expect(jobLoopReadiness(undefined, false, new Date())).toEqual({ ok: true, state: "disabled" });
    expect(jobLoopReadiness(undefined, true, new Date())).toMatchObject({ ok: false, state: "not started" });
  });

  it("is running after a round, stale when no round ended for too long, and failing once stopped", async () => {
    let rounds = 0;
    let release: () => void = () => {};
    const secondRound = new Promise<void>((resolve) => (release = resolve));
    const context = { config: parseConfig({}), origin: "http://trygg.test", mailer: createMailer({ from: "Trygg <noreply@trygg.test>" }), sealingKeys: getSealingKeys() };
    const loop = startJobs(
      loopDatabase.db,
      [
        {
          name: "count",
          run: async () => {
            rounds++;
            if (rounds === 2) release();
          },
        },
      ],
      context,
      { intervalMs: 50 },
    );
    const { jobLoopState } = await import("~/jobs/scheduler.server");
    await secondRound;
    const state = jobLoopState()!;
    expect(state.lastTickAt).toBeInstanceOf(Date);
    const at = state.lastTickAt!;
    expect(jobLoopReadiness(state, true, at)).toMatchObject({ ok: true, state: "running" });
    // The same state judged later than the limit: the loop has not got round since.
    const later = new Date(at.getTime() + staleAfterMs(50) + 1);
    expect(jobLoopReadiness({ ...state, tickStartedAt: undefined }, true, later)).toMatchObject({ ok: false, state: "stale" });
    // A round that started long ago and never ended is stale too (a job hangs).
    expect(jobLoopReadiness({ ...state, tickStartedAt: at }, true, later)).toMatchObject({ ok: false, state: "stale" });
    await loop.stop();
    expect(jobLoopReadiness(jobLoopState(), true, new Date())).toMatchObject({ ok: false, state: "stopped" });
  });
});

describe("readiness of the database and migrations", () => {
  let database: TestDatabase;
  let folder: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-migrations-"));
  });
  afterAll(async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    await database?.close();
  });

  it("finds every migration of the journal applied", async () => {
    const result = await migrationReadiness(database, migrationsDir);
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
    expect(result).toEqual({ ok: true, expected: journal.entries.length, applied: journal.entries.length, pending: [] });
  });

  it("fails when the build brings a migration the database has not applied", async () => {
    // A journal with one more entry than the database knows of.
    fs.mkdirSync(path.join(folder, "meta"), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, "meta", "_journal.json"), "utf8")) as { entries: Array<{ when: number; tag: string }> };
    journal.entries.push({ ...journal.entries.at(-1)!, when: journal.entries.at(-1)!.when + 1000, tag: "9999_not_applied" });
    fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify(journal));
    const result = await migrationReadiness(database, folder);
    expect(result).toMatchObject({ ok: false, pending: ["9999_not_applied"] });

    const whole = await readiness({ database: async () => database, migrationsDir: folder, jobsEnabled: false, jobLoop: undefined });
    expect(whole.ready).toBe(false);
    expect(whole.checks.database.ok).toBe(true);
    expect(whole.checks.jobs).toEqual({ ok: true, state: "disabled" });
  });

  it("is ready with the database up, every migration applied and jobs off; not when the database cannot be opened", async () => {
    expect((await readiness({ database: async () => database, migrationsDir, jobsEnabled: false, jobLoop: undefined })).ready).toBe(true);
    const down = await readiness({ database: () => Promise.reject(new Error("refused")), migrationsDir, jobsEnabled: false, jobLoop: undefined });
    expect(down.ready).toBe(false);
    expect(down.checks.database.ok).toBe(false);
    expect(down.checks.migrations.ok).toBe(false);
  });

  it("reports a migrations table it cannot read as failing", async () => {
    await database.db.execute(sql`alter table drizzle.__drizzle_migrations rename to __drizzle_migrations_gone`);
    try {
      expect((await migrationReadiness(database, migrationsDir)).ok).toBe(false);
    } finally {
      await database.db.execute(sql`alter table drizzle.__drizzle_migrations_gone rename to __drizzle_migrations`);
    }
  });
});
