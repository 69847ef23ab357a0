import type { Executor } from "@db/client.server";
import type { Config } from "~/config.server";
import type { SealingKeys } from "~/domain/sealing/unit-keys.server";
import type { Mailer } from "~/mail/mailer.server";

/** What a job may need besides the database and the clock, given once by the process that runs it. */
export interface JobContext {
  config: Config;
  /** The origin for links in mail sent by jobs: PUBLIC_URL, or this server's own address. */
  origin: string;
  mailer: Mailer;
  sealingKeys: SealingKeys;
}

/**
 * One background job. `run` does one pass and returns what it did (for logs and tests). It claims
 * its rows with FOR UPDATE SKIP LOCKED (or does idempotent work), so any number of app instances can
 * run the same jobs against one database; it reads the time only from `now`.
 */
export interface Job {
  name: string;
  run(db: Executor, now: Date, context: JobContext): Promise<unknown>;
}
