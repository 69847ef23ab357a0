import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "~/config.server";

// What can be checked of the container files without a container daemon. Building and running
// the image is not done here (CI has no daemon); docs/operations.md says so.
const root = path.resolve(".");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

/** Dockerfile instructions with line continuations joined; `stage` counts FROM lines. */
function instructions(text: string) {
  const joined = text.replace(/\\\r?\n/g, " ");
  const list: Array<{ stage: number; keyword: string; args: string }> = [];
  let stage = -1;
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword!.toUpperCase() === "FROM") stage++;
    list.push({ stage, keyword: keyword!.toUpperCase(), args: args!.trim() });
  }
  return list;
}

/** KEY=VALUE lines of an env file, as compose reads them (comments and blank lines skipped). */
function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

/** Compose's ${NAME}, ${NAME:?message} and ${NAME:-default} substitution. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([?-])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    const given = env[name];
    if (given) return given;
    if (kind === "?") throw new Error(`compose would stop: ${rest}`);
    return kind === "-" ? (rest ?? "") : "";
  });
}

const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };

describe("Dockerfile", () => {
  const steps = instructions(read("Dockerfile"));
  const last = Math.max(...steps.map((step) => step.stage));
  const final = steps.filter((step) => step.stage === last);

  it("is multi-stage: npm ci for dependencies, npm run build, a final stage with production dependencies", () => {
    expect(last).toBeGreaterThanOrEqual(2);
    const runs = steps.filter((step) => step.keyword === "RUN").map((step) => step.args);
    expect(runs.some((run) => /\bnpm ci\b/.test(run) && !/--omit=dev/.test(run))).toBe(true);
    expect(runs.some((run) => /\bnpm run build\b/.test(run))).toBe(true);
    expect(runs.some((run) => /\bnpm ci\b.*--omit=dev/.test(run))).toBe(true);
    // The final stage takes the build from the build stage, not the sources.
    const copies = final.filter((step) => step.keyword === "COPY").map((step) => step.args);
    expect(copies.some((copy) => /--from=build\s+\/app\/build\s/.test(copy))).toBe(true);
    const sources = copies.filter((copy) => !copy.includes("--from=")).flatMap((copy) => copy.split(/\s+/).filter((word) => !word.startsWith("--")).slice(0, -1));
    expect(sources.filter((source) => source === "." || source === "app" || source.startsWith("app/"))).toEqual([]);
  });

  it("the final CMD is the start command of package.json and the README", () => {
    const cmds = final.filter((step) => step.keyword === "CMD");
    expect(cmds).toHaveLength(1);
    const command = (JSON.parse(cmds[0]!.args) as string[]).join(" ");
    expect(command).toBe(pkg.scripts.start);
    expect(command).toBe("node server.js");
    // The README's start command is `npm start`, which is this script.
    expect(read("README.md")).toContain("npm install && npm start");
  });

  it("the final stage runs as a non-root user with NODE_ENV=production", () => {
    const users = final.filter((step) => step.keyword === "USER");
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args.split(":")[0]!;
    expect(["root", "0", ""]).not.toContain(user);
    // Nothing after the USER line switches back.
    const userAt = final.lastIndexOf(users.at(-1)!);
    expect(final.slice(userAt).filter((step) => step.keyword === "USER")).toHaveLength(1);
    const env = final.filter((step) => step.keyword === "ENV").map((step) => step.args).join(" ");
    expect(env).toMatch(/\bNODE_ENV=production\b/);
  });

  it("has a HEALTHCHECK on /healthz, which the app serves", () => {
    const health = final.filter((step) => step.keyword === "HEALTHCHECK");
    expect(health).toHaveLength(1);
    expect(health[0]!.args).toContain("/healthz");
    expect(fs.existsSync(path.join(root, "app/routes/healthz.ts"))).toBe(true);
  });

  it(".dockerignore keeps keys, environment files and local data out of the build context", () => {
    const ignored = read(".dockerignore").split(/\r?\n/).map((line) => line.trim());
    for (const entry of [".env", "node_modules", "data", "build", ".git"]) expect(ignored).toContain(entry);
  });
});

describe("compose.yaml", () => {
  const compose = parse(read("compose.yaml"), { merge: true }) as {
    services: Record<string, { env_file?: string | string[]; environment?: Record<string, string>; image?: string; build?: unknown; ports?: string[]; volumes?: string[] }>;
  };
  const example = parseEnvFile(read("docs/deploy/trygg.env.example"));
  const apps = Object.entries(compose.services).filter(([, service]) => service.image === "trygg:local");

  /** What the app process of a service would see: the env file, then `environment` over it. */
  function appEnv(name: string, dotEnv: Record<string, string>) {
    const service = compose.services[name]!;
    const files = [service.env_file ?? []].flat();
    expect(files).toEqual([".env"]);
    const env: Record<string, string> = { ...dotEnv };
    for (const [key, value] of Object.entries(service.environment ?? {})) env[key] = interpolate(String(value), dotEnv);
    return env;
  }

  it("has two app services of the one image, a PostgreSQL and a Caddy", () => {
    expect(apps.map(([name]) => name).sort()).toEqual(["app1", "app2"]);
    expect(compose.services.db?.image).toMatch(/^postgres:/);
    expect(compose.services.caddy?.image).toMatch(/^caddy:/);
    // Only the proxy is published; the instances are reached through it alone (TRUST_PROXY=1).
    for (const [, app] of apps) expect(app.ports).toBeUndefined();
    expect(compose.services.caddy?.ports).toContain("443:443");
  });

  it("both app services share one DATABASE_URL, on the compose database", () => {
    const urls = apps.map(([name]) => appEnv(name, example).DATABASE_URL);
    expect(urls[0]).toMatch(/^postgres:\/\/trygg:[^@]+@db:5432\/trygg$/);
    expect(urls[1]).toBe(urls[0]);
  });

  it("gives each app everything production requires: the portal's own configuration accepts it", () => {
    const filled = { ...example, ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}` };
    for (const [name] of apps) {
      const env = appEnv(name, filled);
      expect(env.DEMO_DATA).toBe("0");
      expect(env.NODE_ENV).toBe("production");
      const config = parseConfig(env);
      expect(config.DEMO_DATA).toBe(false);
      expect(config.PUBLIC_URL).toMatch(/^https:\/\//);
      expect(config.TRUST_PROXY).toBe(1);
      expect(config.DATABASE_URL).toBe(env.DATABASE_URL);
      expect(config.HOST).toBe("0.0.0.0");
    }
  });

  it("the example env file leaves the keys to the operator, and the portal refuses to start without them", () => {
    expect(example.ENCRYPTION_KEYS).toBe("");
    const env = appEnv("app1", example);
    expect(() => parseConfig(env)).toThrow(/ENCRYPTION_KEYS: required when DEMO_DATA=0/);
    const noUrl = appEnv("app1", { ...example, ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`, PUBLIC_URL: "" });
    expect(() => parseConfig(noUrl)).toThrow(/PUBLIC_URL: required when DEMO_DATA=0/);
  });

  it("Caddy uses the repository's Caddyfile, whose upstreams are the two app services", () => {
    const mount = compose.services.caddy!.volumes!.find((volume) => volume.endsWith(":/etc/caddy/Caddyfile:ro"))!;
    const file = mount.split(":")[0]!;
    const caddyfile = read(file);
    const upstreams = /reverse_proxy\s+([^{]+)\{/.exec(caddyfile)![1]!.trim().split(/\s+/);
    expect(upstreams.sort()).toEqual(apps.map(([name]) => `${name}:3000`).sort());
    expect(caddyfile).toMatch(/^\{\$PUBLIC_URL\}\s*\{/m);
  });

  it("docker compose config accepts the file (when the docker compose plugin is here)", (context) => {
    const probe = spawnSync("docker", ["compose", "version"], { encoding: "utf8" });
    if (probe.error || probe.status !== 0) {
      const reason = probe.error ? "no docker binary" : `docker has no compose plugin (${(probe.stderr || probe.stdout).trim().split("\n")[0]})`;
      console.log(`Skipped docker compose config: ${reason}`);
      context.skip();
      return;
    }
    // In a copy, with the example as .env, so no real .env is needed or touched.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trygg-compose-"));
    try {
      fs.copyFileSync(path.join(root, "compose.yaml"), path.join(dir, "compose.yaml"));
      fs.mkdirSync(path.join(dir, "docs/deploy"), { recursive: true });
      fs.copyFileSync(path.join(root, "docs/deploy/Caddyfile"), path.join(dir, "docs/deploy/Caddyfile"));
      fs.copyFileSync(path.join(root, "docs/deploy/trygg.env.example"), path.join(dir, ".env"));
      const result = spawnSync("docker", ["compose", "-f", "compose.yaml", "config", "-q"], { cwd: dir, encoding: "utf8" });
      expect(result.status, result.stderr).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
