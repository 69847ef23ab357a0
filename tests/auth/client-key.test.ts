import { describe, expect, it } from "vitest";
import { throttleClientKey } from "~/auth/client-key";

describe("the client a throttle counts", () => {
  it("keeps an IPv4 address, and the IPv4 inside a mapped IPv6 one", () => {
    expect(throttleClientKey("10.1.2.3")).toBe("10.1.2.3");
    expect(throttleClientKey("::ffff:10.1.2.3")).toBe("10.1.2.3");
  });
  it("counts an IPv6 address by its /64, however it is written", () => {
    const key = throttleClientKey("2001:db8:0:1::1");
    expect(key).toBe("2001:db8:0:1::/64");
    expect(throttleClientKey("2001:0db8:0000:0001:ffff:ffff:ffff:ffff")).toBe(key);
    expect(throttleClientKey("2001:DB8::1:0:0:1")).toBe("2001:db8:0:0::/64");
    expect(throttleClientKey("2001:db8:0:2::1")).not.toBe(key);
    expect(throttleClientKey("::1")).toBe("0:0:0:0::/64");
  });
  it("puts what is no address under one key", () => {
    expect(throttleClientKey(null)).toBe("unknown");
    expect(throttleClientKey("not an address")).toBe("unknown");
  });
});
