import { eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, reportEvents, reports, reportStatistics } from "@db/schema";
import { startServer, type RunningServer } from "../e2e/support/server";
import { startResendStub } from "../stubs/resend-stub";
import { cleanUpAfterAll, faultServerEnv, openStore, realisticReport, reportFormOptions, submitReport, type SubmitOutcome, waitFor } from "./support/reports";

const SUBMISSIONS = 200;

/**
 * Issue #7: kill the server with SIGKILL while 200 reports are on their way in, start it again on
 * the same data, and check that every report that got its receipt survived whole and that its
 * officer's mail was delivered exactly once.
 */
describe("SIGKILL during 200 concurrent report submissions", () => {
  const cleanups = cleanUpAfterAll();

  it("keeps every receipted report whole after a restart, and mails its officer exactly once", async () => {
    const stub = await startResendStub();
    cleanups.push(stub.close);
    // Claims of a killed process lapse after 2 s.
    const env = faultServerEnv(stub.url, { MAIL_CLAIM_SECONDS: "2" });
    const first: RunningServer = await startServer(env);
    cleanups.push(first.stop);
    const options = await reportFormOptions(first.url);

    // 200 at once; SIGKILL when 40 have their receipts, so the rest are in flight or queued.
    let answered = 0;
    const submissions = Array.from({ length: SUBMISSIONS }, (_, index) =>
      submitReport(first.url, realisticReport(options, index)).then((outcome) => {
        if (outcome.kind === "receipt") answered++;
        return outcome;
      }),
    );
    await waitFor(() => answered >= 40, "40 receipts before the kill");
    await first.kill();
    const outcomes: SubmitOutcome[] = await Promise.all(submissions);
    const receipts = outcomes.filter((outcome) => outcome.kind === "receipt");
    const lost = outcomes.filter((outcome) => outcome.kind === "failed");
    // Every request either got its receipt or saw the connection die: none got an error page.
    expect(outcomes.filter((outcome) => outcome.kind === "answer")).toEqual([]);
    expect(receipts.length).toBeGreaterThanOrEqual(40);
    // The kill really did cut submissions off.
    expect(lost.length).toBeGreaterThan(0);

    // Restart on the same data; the outbox drains (claims of the killed process lapse after 2 s).
    const second = await startServer(env, first.store);
    const delivered = () => new Set(stub.received.map((mail) => mail.idempotencyKey)).size;
    let lastCount = -1;
    let stableSince = Date.now();
    await waitFor(
      () => {
        const count = delivered();
        if (count !== lastCount) [lastCount, stableSince] = [count, Date.now()];
        return count >= receipts.length && Date.now() - stableSince > 4_000;
      },
      "the outbox to drain after the restart",
      90_000,
    );

    // A receipt still opens its report after the restart.
    const sample = receipts[0]!;
    const status = await fetch(`${second.url}/da/report/status`, {
      method: "POST",
      headers: { Origin: second.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "open", reference: sample.reference, code: sample.code }),
    });
    expect(status.status).toBe(200);
    expect(await status.text()).toContain(sample.reference);
    expect(await second.stop()).toBe(0);
    console.info(JSON.stringify({ receipts: receipts.length, lost: lost.length, repeatsAtProvider: stub.repeats.size, delivered: delivered() }));

    const database = await openStore(first.store);
    try {
      const { db } = database;
      const stored = await db.select({ id: reports.id, reference: reports.reference }).from(reports);
      const byReference = new Map(stored.map((row) => [row.reference, row.id]));
      // Every receipted report is there. (Some that lost their answer may be there too: their
      // transaction committed just before the kill. They must be just as whole.)
      for (const receipt of receipts) expect(byReference.has(receipt.reference), receipt.reference).toBe(true);
      expect(stored.length).toBeLessThanOrEqual(SUBMISSIONS);

      // No half-written report: each has its timeline event, its statistics row and its mail.
      const [{ missingEvent }] = (await db
        .select({ missingEvent: sql<number>`count(*)::int` })
        .from(reports)
        .where(sql`not exists (select 1 from ${reportEvents} e where e.report_id = ${reports.id} and e.type = 'received')`)) as [{ missingEvent: number }];
      expect(missingEvent).toBe(0);
      expect(Number((await db.select({ n: sql<number>`count(*)::int` }).from(reportStatistics))[0]!.n)).toBe(stored.length);

      const mails = await db.select({ key: outbox.idempotencyKey, status: outbox.status, sealed: outbox.sealed }).from(outbox).where(like(outbox.idempotencyKey, "report-received:%"));
      // Once Resend has a mail, its row keeps neither address nor body.
      expect(mails.filter((mail) => mail.sealed !== null)).toEqual([]);
      const mailedReports = new Set(mails.map((mail) => mail.key.split(":")[1]));
      expect(mailedReports.size).toBe(stored.length);
      expect(mails.filter((mail) => mail.status !== "sent")).toEqual([]);

      // Delivered exactly once: every key reached the provider, and the provider sent each once.
      const sentKeys = stub.received.map((mail) => mail.idempotencyKey);
      for (const mail of mails) expect(sentKeys.filter((key) => key === mail.key), mail.key).toHaveLength(1);
      expect(new Set(sentKeys).size).toBe(sentKeys.length);
      // The officer's copy of a receipted report names its reference.
      const mailed = stub.received.find((mail) => mail.idempotencyKey?.startsWith(`report-received:${byReference.get(sample.reference)}:`));
      expect(mailed?.body.to).toEqual(["officer@trygg.test"]);
      expect(mailed?.body.text).toContain(sample.reference);

      const [{ pending }] = (await db.select({ pending: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, "pending"))) as [{ pending: number }];
      expect(pending).toBe(0);
    } finally {
      await database.close();
    }
  });
});
