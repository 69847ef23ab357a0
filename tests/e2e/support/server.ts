import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFreshPostgresDatabase } from "../../setup/database";

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** Where this server keeps its data: the PGlite folder, or the URL of its PostgreSQL database. */
  store: DataStore;
  /** SIGTERM, wait for the exit, then remove the data it owns. */
  stop: () => Promise<number | null>;
  /** SIGKILL, wait for the exit; the data stays for a restart. */
  kill: () => Promise<void>;
}

export interface DataStore {
  dataDir: string;
  databaseUrl?: string;
  /** Removes the folder and drops the database. */
  remove: () => Promise<void>;
}

/** A fresh data store: a temporary PGlite folder, or a new database on DATABASE_URL's server. */
export async function createDataStore(): Promise<DataStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-e2e-"));
  const fresh = process.env.DATABASE_URL ? await createFreshPostgresDatabase(process.env.DATABASE_URL, "e2e") : undefined;
  return {
    dataDir,
    databaseUrl: fresh?.url,
    remove: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
    },
  };
}

/**
 * Starts the production build (`node server.js`) on a free port with its own fresh database:
 * a temporary PGlite folder, or a new database on the PostgreSQL server of DATABASE_URL.
 * Pass `store` to start on another server's data instead (a restart, or a second instance);
 * the data is then left for its owner to remove.
 */
export async function startServer(env: Record<string, string> = {}, shared?: DataStore): Promise<RunningServer> {
  const store = shared ?? (await createDataStore());
  const { dataDir } = store;
  const child = spawn(process.execPath, ["server.js"], {
    cwd: path.resolve("."),
    env: {
      ...childEnv(),
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      DATA_DIR: dataDir,
      DATABASE_URL: store.databaseUrl ?? "",
      // The test client plays the reverse proxy on loopback (X-Forwarded-For picks a client);
      // tests of the default pass TRUST_PROXY: "".
      TRUST_PROXY: "loopback",
      // Empty queues and event lists, unless a test asks for the demo's events and reports.
      DEMO_ACTIVITY: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start in time:\n${output}`)), 110_000);
    const check = () => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code} before listening:\n${output}`));
    });
  });

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    url,
    process: child,
    output: () => output,
    store,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const code = await exited;
      if (!shared) await store.remove();
      return code;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The environment for a child server: ours, without vitest's markers (they turn the Remix plugin off). */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("VITEST") || name === "TEST") delete env[name];
  return env;
}
