export interface Job {
  name: string;
  run(now: Date): Promise<unknown>;
}

/**
 * Runs every job in turn, then waits `intervalMs`, until stopped. A job's failure is logged and
 * does not stop the others. Jobs claim their rows with SKIP LOCKED, so any number of app
 * instances can run this loop against one database.
 */
export function startJobs(jobs: Job[], intervalMs: number) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    for (const job of jobs) {
      if (stopped) return;
      try {
        await job.run(new Date());
      } catch (error) {
        console.error(JSON.stringify({ job: job.name, error: error instanceof Error ? error.message : String(error) }));
      }
    }
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
      clearTimeout(timer);
      await running;
    },
  };
}
