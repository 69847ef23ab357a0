import { it } from "vitest";
import { launchBrowser } from "./e2e/support/browser";
import { demo, logIn } from "./e2e/support/staff";
it("dbg", async () => {
  const b = await launchBrowser(); const c = await b.newContext(); const p = await c.newPage();
  p.on("console", m => console.log("console", m.type(), m.text()));
  p.on("response", r => console.log("resp", r.status(), r.url()));
  await logIn(p, "http://127.0.0.1:3103", demo.officer);
  console.log("at", p.url());
  await p.click(".staff-nav button[type=submit]");
  await p.waitForTimeout(2000);
  console.log("after", p.url());
  await p.screenshot({ path: "/tmp/dbg.png" });
  await b.close();
}, 60000);
