/** Pure helpers for the statistics charts: value axes and bar geometry. No DOM, no React. */

/**
 * Round tick values from 0 for counts up to `max`: steps of 1, 2 or 5 times a power of ten
 * (never below 1, counts are whole), about `target` intervals. The last tick is ≥ max.
 */
export function niceTicks(max: number, target = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const rough = max / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(Math.round(value));
  return ticks;
}

/** A linear scale from [0, domainMax] onto [0, length]; 0 maps to 0 for an empty domain. */
export function linearScale(domainMax: number, length: number): (value: number) => number {
  if (domainMax <= 0) return () => 0;
  return (value) => (Math.max(0, value) / domainMax) * length;
}

/** Even slots of `length` for `count` bars; each bar is `fill` of its slot, centred. */
export function bandLayout(count: number, length: number, fill = 0.64): Array<{ start: number; width: number; centre: number }> {
  if (count <= 0) return [];
  const slot = length / count;
  const width = slot * fill;
  return Array.from({ length: count }, (_, index) => ({ start: index * slot + (slot - width) / 2, width, centre: index * slot + slot / 2 }));
}

/** Stacks the values of one bar: the start and end of each segment, from the baseline up. */
export function stackSegments(values: readonly number[]): Array<{ from: number; to: number; value: number; index: number }> {
  let total = 0;
  return values.map((value, index) => {
    const from = total;
    total += value;
    return { from, to: total, value, index };
  });
}

/** Rounds to 2 decimals, for compact and stable SVG coordinates. */
export const r2 = (value: number) => Math.round(value * 100) / 100;
