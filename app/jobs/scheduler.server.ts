import type { Executor } from "@db/client.server";
import type { Job, JobContext } from "./job";

export interface SchedulerOptions {
  intervalMs: number;
  /** The clock every pass hands its jobs; the real one unless a test or a tool gives another. */
  clock?: () => Date;
}

/**
 * Runs every job in turn with one `now` per job, then waits `intervalMs`, until stopped. A job's
 * failure is logged and does not stop the others. Jobs claim their rows with SKIP LOCKED, so any
 * number of app instances can run this loop against one database.
 */
export function startJobs(db: Executor, jobs: readonly Job[], context: JobContext, options: SchedulerOptions) {
  const clock = options.clock ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    for (const job of jobs) {
      if (stopped) return;
      try {
        await job.run(db, clock(), context);
      } catch (error) {
        console.error(JSON.stringify({ job: job.name, error: error instanceof Error ? error.message : String(error) }));
      }
    }
  };
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, options.intervalMs);
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
