import { afterEach, beforeEach, vi, type MockInstance } from "vitest";

// A test that makes the code log console.error fails: noise must not hide bugs.
let spy: MockInstance<typeof console.error>;

beforeEach(() => {
  spy = vi.spyOn(console, "error");
});

afterEach(() => {
  const calls = spy.mock.calls;
  spy.mockRestore();
  if (calls.length > 0) {
    throw new Error(`console.error was called:\n${calls.map((call) => call.map(String).join(" ")).join("\n")}`);
  }
});
