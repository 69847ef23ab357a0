import { describe, expect, it } from "vitest";
import { ResultCache, searchCacheKey } from "~/domain/guidance/result-cache";

describe("searchCacheKey", () => {
  it("makes runs of white space one space and keeps everything else", () => {
    expect(searchCacheKey("v1", "da", "  trussel \t møde ")).toBe(searchCacheKey("v1", "da", "trussel møde"));
    expect(searchCacheKey("v1", "da", "Trussel")).not.toBe(searchCacheKey("v1", "da", "trussel"));
    expect(searchCacheKey("v1", "da", "trussel")).not.toBe(searchCacheKey("v1", "sv", "trussel"));
    expect(searchCacheKey("v1", "da", "trussel")).not.toBe(searchCacheKey("v2", "da", "trussel"));
  });
});

describe("ResultCache", () => {
  it("computes a key once, also when asked again before the first answer", async () => {
    const cache = new ResultCache<number>(10);
    let runs = 0;
    const compute = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 5));
    const [a, b] = await Promise.all([cache.get("k", compute), cache.get("k", compute)]);
    expect([a, b, await cache.get("k", compute), runs]).toEqual([1, 1, 1, 1]);
  });

  it("drops the least recently used entry when full", async () => {
    const cache = new ResultCache<string>(2);
    await cache.get("a", async () => "a1");
    await cache.get("b", async () => "b1");
    await cache.get("a", async () => "a2"); // a is now the most recent
    await cache.get("c", async () => "c1"); // b goes
    expect(cache.size).toBe(2);
    expect(await cache.get("a", async () => "a3")).toBe("a1");
    expect(await cache.get("b", async () => "b2")).toBe("b2");
  });

  it("does not keep a failure", async () => {
    const cache = new ResultCache<string>(10);
    await expect(cache.get("k", () => Promise.reject(new Error("database away")))).rejects.toThrow("database away");
    expect(cache.size).toBe(0);
    expect(await cache.get("k", async () => "ok")).toBe("ok");
  });
});
