// Loaded into a test server with `node --import` (see shiftableClock in clock.ts): moves the
// process's clock by the number of milliseconds written in TRYGG_TEST_CLOCK_FILE, read afresh on
// every use, so a test can let 31 minutes or 12 hours pass without waiting. Test servers only.
import fs from "node:fs";

const file = process.env.TRYGG_TEST_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  const offset = () => {
    try {
      return Number(fs.readFileSync(file, "utf8")) || 0;
    } catch {
      return 0;
    }
  };
  const now = () => realNow() + offset();
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget);
    },
    apply() {
      return new RealDate(now()).toString();
    },
    get(target, property, receiver) {
      if (property === "now") return now;
      return Reflect.get(target, property, receiver);
    },
  });
}
