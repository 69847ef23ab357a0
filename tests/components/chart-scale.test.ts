import { describe, expect, it } from "vitest";
import { bandLayout, linearScale, niceTicks, r2, stackSegments } from "~/components/charts/scale";

describe("chart scales", () => {
  it("picks round whole-number ticks from 0 that reach the largest value", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(-3)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(10)).toEqual([0, 5, 10]);
    expect(niceTicks(23)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(180)).toEqual([0, 50, 100, 150, 200]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
    for (const max of [1, 2, 5, 9, 11, 99, 101, 999, 12345]) {
      const ticks = niceTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.every((tick) => Number.isInteger(tick))).toBe(true);
    }
  });

  it("maps values linearly, clamping below 0, and maps everything to 0 on an empty domain", () => {
    const scale = linearScale(20, 200);
    expect([scale(0), scale(5), scale(20), scale(-1)]).toEqual([0, 50, 200, 0]);
    expect(linearScale(0, 200)(5)).toBe(0);
  });

  it("lays out bars in even slots and stacks segments from the baseline", () => {
    expect(bandLayout(0, 100)).toEqual([]);
    expect(bandLayout(2, 100, 0.5)).toEqual([
      { start: 12.5, width: 25, centre: 25 },
      { start: 62.5, width: 25, centre: 75 },
    ]);
    expect(stackSegments([2, 0, 3])).toEqual([
      { from: 0, to: 2, value: 2, index: 0 },
      { from: 2, to: 2, value: 0, index: 1 },
      { from: 2, to: 5, value: 3, index: 2 },
    ]);
    expect(r2(1 / 3)).toBe(0.33);
  });
});
