/// <reference types="vitest/config" />
import path from "node:path";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const root = import.meta.dirname;

export default defineConfig({
  // The Remix plugin must stay off under vitest, which loads the app's modules itself; so a build a
  // test starts must run without VITEST (tests/e2e/support/server.ts removes it from the child).
  plugins: process.env.VITEST ? [] : [remix(remixConfig)],
  resolve: {
    alias: {
      "~": path.join(root, "app"),
      "@db": path.join(root, "db"),
    },
  },
  build: { target: "es2022" },
  test: {
    setupFiles: ["tests/setup/keys.ts", "tests/setup/fail-on-console-error.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // A page under load can take more than the default second to settle.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          // tests/ops: the container-file checks are unit tests; those that start servers are e2e.
          exclude: ["tests/e2e/**", "tests/faults/**", "tests/ops/reverse-proxy.test.ts", "tests/ops/backup-restore.test.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts", "tests/ops/reverse-proxy.test.ts", "tests/ops/backup-restore.test.ts"],
          testTimeout: 90_000,
          // Each file starts its own server and browser; two at a time suit a 2-core machine.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          testTimeout: 180_000,
          // Crashes, database restarts and second instances: one at a time, after everything else,
          // because stopping PostgreSQL would break any other test running against it.
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
