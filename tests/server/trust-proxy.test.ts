import { describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";
import { isProxyEntry, parseTrustProxy } from "~/server/trust-proxy.server";

describe("TRUST_PROXY", () => {
  it("trusts nobody when unset, empty or 0", () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy("")).toBe(false);
    expect(parseTrustProxy("0")).toBe(false);
    expect(parseConfig({}).TRUST_PROXY).toBe(false);
  });

  it("takes a number of hops", () => {
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("2")).toBe(2);
    expect(parseTrustProxy("11")).toBeUndefined();
  });

  it("takes a list of proxy addresses, prefixes and Express's names", () => {
    expect(parseTrustProxy("127.0.0.1, 10.0.0.0/8,fd00::/8,loopback")).toEqual(["127.0.0.1", "10.0.0.0/8", "fd00::/8", "loopback"]);
    expect(isProxyEntry("192.168.1.0/33")).toBe(false);
    expect(isProxyEntry("2001:db8::/129")).toBe(false);
    expect(isProxyEntry("proxy.example")).toBe(false);
    expect(isProxyEntry("10.0.0.1/8/1")).toBe(false);
  });

  it("refuses anything else at start, naming the variable; 'trust everyone' is not offered", () => {
    expect(() => parseConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: must be a number of proxy hops/);
    expect(() => parseConfig({ TRUST_PROXY: "proxy.example" })).toThrow(/TRUST_PROXY:/);
    expect(parseConfig({ TRUST_PROXY: "10.0.0.2" }).TRUST_PROXY).toEqual(["10.0.0.2"]);
  });
});
