import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, quickExitUrl } from "~/config.server";
import { childEnv } from "../e2e/support/server";

describe("parseConfig", () => {
  it("gives defaults for a bare environment: PGlite in ./data on port 3000", () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe("./data");
    expect(config.PORT).toBe(3000);
    expect(config.DEMO_DATA).toBe(true);
  });

  it("reads the logging and metrics variables: defaults, values, and refusals naming the variable", () => {
    const defaults = parseConfig({});
    expect(defaults.LOG_LEVEL).toBe("info");
    expect(defaults.METRICS_TOKEN).toBeUndefined();
    expect(defaults.METRICS_PORT).toBeUndefined();
    expect(defaults.METRICS_HOST).toBe("127.0.0.1");
    const set = parseConfig({ LOG_LEVEL: "Debug", METRICS_TOKEN: "0123456789abcdef", METRICS_PORT: "9464", METRICS_HOST: "10.0.0.5" });
    expect(set).toMatchObject({ LOG_LEVEL: "debug", METRICS_TOKEN: "0123456789abcdef", METRICS_PORT: 9464, METRICS_HOST: "10.0.0.5" });
    expect(parseConfig({ METRICS_PORT: "" }).METRICS_PORT).toBeUndefined();
    expect(() => parseConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => parseConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(() => parseConfig({ METRICS_TOKEN: "has spaces in the token" })).toThrow(/METRICS_TOKEN/);
    expect(() => parseConfig({ METRICS_PORT: "70000" })).toThrow(/METRICS_PORT/);
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("accepts postgres URLs", () => {
    const url = "postgres://postgres@127.0.0.1:5432/trygg";
    expect(parseConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it("refuses demo mode on a public https address unless DEMO_PUBLIC=1 says it is meant", () => {
    expect(() => parseConfig({ PUBLIC_URL: "https://trygg.example" })).toThrow(/DEMO_DATA: demo mode .* DEMO_PUBLIC=1/);
    expect(parseConfig({ PUBLIC_URL: "https://demo.trygg.example", DEMO_PUBLIC: "1" }).DEMO_DATA).toBe(true);
    expect(parseConfig({ PUBLIC_URL: "http://localhost:3000" }).DEMO_DATA).toBe(true);
  });

  it("refuses a real deployment (DEMO_DATA=0) without its own address or its own keys", () => {
    const keys = `k1:${Buffer.alloc(32, 7).toString("base64")}`;
    expect(() => parseConfig({ DEMO_DATA: "0", ENCRYPTION_KEYS: keys })).toThrow(/PUBLIC_URL: required when DEMO_DATA=0/);
    expect(() => parseConfig({ DEMO_DATA: "0", PUBLIC_URL: "https://trygg.example" })).toThrow(/ENCRYPTION_KEYS: required when DEMO_DATA=0/);
    const config = parseConfig({ DEMO_DATA: "0", ENCRYPTION_KEYS: keys, PUBLIC_URL: "https://trygg.example" });
    expect(config.DEMO_DATA).toBe(false);
    expect(config.PUBLIC_URL).toBe("https://trygg.example");
  });

  it("sends quick exit to each country's neutral site by default, or to a configured absolute http(s) address", () => {
    const defaults = parseConfig({});
    expect([quickExitUrl(defaults, "da"), quickExitUrl(defaults, "sv"), quickExitUrl(defaults, "nb")]).toEqual(["https://www.dmi.dk/", "https://www.smhi.se/", "https://www.yr.no/"]);
    const local = parseConfig({ QUICK_EXIT_URL_SE: "http://127.0.0.1:8123/weather", QUICK_EXIT_URL_NO: "" });
    expect(quickExitUrl(local, "sv")).toBe("http://127.0.0.1:8123/weather");
    expect(quickExitUrl(local, "da")).toBe("https://www.dmi.dk/");
    expect(quickExitUrl(local, "nb")).toBe("https://www.yr.no/");
    for (const bad of ["javascript:alert(1)", "/relative", "www.dmi.dk", "ftp://example.org/"]) {
      expect(() => parseConfig({ QUICK_EXIT_URL_DK: bad }), bad).toThrow(/QUICK_EXIT_URL_DK: must be an absolute http\(s\) URL/);
    }
  });

  it("names every bad variable", () => {
    let error: unknown;
    try {
      parseConfig({ DATABASE_URL: "nonsense", PORT: "99999", PUBLIC_URL: "ftp://x" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL: must be a postgres/);
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/PUBLIC_URL:/);
  });
});

describe("start-up with a bad configuration", () => {
  it("stops with a readable message that names the variable, and no stack trace", () => {
    const result = spawnSync(process.execPath, ["server.js"], {
      env: { ...childEnv(), DATABASE_URL: "nonsense", PORT: "0" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Trygg could not start.");
    expect(result.stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL (got "nonsense")');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("a real deployment without PUBLIC_URL stops at once with one line naming it", () => {
    const result = spawnSync(process.execPath, ["server.js"], {
      env: { ...childEnv(), DEMO_DATA: "0", PUBLIC_URL: "", PORT: "0" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n").filter((line) => line.includes("PUBLIC_URL"))).toEqual([
      "  PUBLIC_URL: required when DEMO_DATA=0 (the address people open; links in mail come from it, never from a request)",
    ]);
  });
});
