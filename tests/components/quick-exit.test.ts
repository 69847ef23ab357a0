import { describe, expect, it } from "vitest";
import { shiftTapCounter } from "~/components/QuickExit";

/** Plays a sequence of "down:Key" / "up:Key" at the given times; true when the exit fired. */
function play(steps: Array<[string, number]>) {
  const counter = shiftTapCounter();
  let fired = false;
  for (const [step, at] of steps) {
    const [kind, key = ""] = step.split(":");
    if (kind === "down") counter.keydown(key, false);
    else if (counter.keyup(key, at)) fired = true;
  }
  return fired;
}

/** Shift tapped alone at each time. */
const taps = (...times: number[]) => times.flatMap((at): Array<[string, number]> => [["down:Shift", at], ["up:Shift", at + 50]]);

describe("quick exit by Shift", () => {
  it("three bare taps within a second leave", () => {
    expect(play(taps(0, 300, 600))).toBe(true);
  });

  it("two taps do not, nor three spread over more than a second", () => {
    expect(play(taps(0, 300))).toBe(false);
    expect(play(taps(0, 600, 1200))).toBe(false);
  });

  it("typing capitals never leaves: TRG-SBSJ-KYNS, one Shift per letter or held throughout", () => {
    const perLetter: Array<[string, number]> = [];
    let at = 0;
    for (const char of "TRG-SBSJ-KYNS") {
      if (/[A-Z]/.test(char)) perLetter.push(["down:Shift", at], [`down:${char}`, at + 20], [`up:${char}`, at + 40], ["up:Shift", at + 60]);
      else perLetter.push([`down:${char}`, at], [`up:${char}`, at + 20]);
      at += 80;
    }
    expect(play(perLetter)).toBe(false);
    expect(play([["down:Shift", 0], ["down:T", 10], ["down:R", 20], ["down:G", 30], ["up:Shift", 40], ["down:Shift", 60], ["down:S", 70], ["up:Shift", 80]])).toBe(false);
  });

  it("a key between taps starts the count again", () => {
    expect(play([...taps(0, 200), ["down:a", 300], ["up:a", 310], ...taps(400)])).toBe(false);
    expect(play([...taps(0, 200), ["down:a", 300], ["up:a", 310], ...taps(400, 500, 600)])).toBe(true);
  });
});
