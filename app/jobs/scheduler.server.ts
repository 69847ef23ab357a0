import { randomUUID } from "node:crypto";
import type { Executor } from "@db/client.server";
import { log, withLogContext } from "~/log.server";
import { jobMetrics } from "~/metrics.server";
import type { Job, JobContext } from "./job";

export interface SchedulerOptions {
  intervalMs: number;
  /** The clock every pass hands its jobs; the real one unless a test or a tool gives another. */
  clock?: () => Date;
}

/** What /readyz needs to know of the loop: whether it runs, and when it last got round. */
export interface JobLoopState {
  intervalMs: number;
  startedAt: Date;
  /** When the round in progress began (undefined between rounds). */
  tickStartedAt?: Date;
  /** When the last round of all jobs ended. */
  lastTickAt?: Date;
  stopped: boolean;
}

let current: JobLoopState | undefined;

/** The state of the process's job loop, or undefined when none was started. */
export function jobLoopState(): JobLoopState | undefined {
  return current;
}

/**
 * Runs every job in turn with one `now` per job, then waits `intervalMs`, until stopped. A job's
 * failure is logged and counted and does not stop the others. Jobs claim their rows with SKIP
 * LOCKED, so any number of app instances can run this loop against one database.
 */
export function startJobs(db: Executor, jobs: readonly Job[], context: JobContext, options: SchedulerOptions) {
  const clock = options.clock ?? (() => new Date());
  const { intervalMs } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const state: JobLoopState = { intervalMs, startedAt: new Date(), stopped: false };
  current = state;
  for (const job of jobs) jobMetrics.known(job.name);

  const tick = async () => {
    state.tickStartedAt = new Date();
    // One id per round: every line a job writes in it carries it as reqId.
    await withLogContext(`jobs-${randomUUID()}`, async () => {
      for (const job of jobs) {
        if (stopped) return;
        const started = performance.now();
        let failed = false;
        try {
          await job.run(db, clock(), context);
        } catch (error) {
          failed = true;
          log.error({ job: job.name, err: error }, "job failed");
        } finally {
          jobMetrics.ran(job.name, (performance.now() - started) / 1000, failed);
        }
      }
    });
    if (stopped) return;
    state.lastTickAt = new Date();
    state.tickStartedAt = undefined;
    jobMetrics.tick(state.lastTickAt);
  };
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      state.stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
