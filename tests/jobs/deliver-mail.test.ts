import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "@db/schema";
import { deliverDueMail, MAX_ATTEMPTS } from "~/jobs/deliver-mail.server";
import { createMailer } from "~/mail/mailer.server";
import { enqueueMail } from "~/mail/outbox.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { startResendStub } from "../stubs/resend-stub";

describe("the outbox worker with the real Resend SDK against a local stub", () => {
  let database: TestDatabase;
  let stub: Awaited<ReturnType<typeof startResendStub>>;
  let mailer: ReturnType<typeof createMailer>;
  // Rows become due at the database's now(); the worker's clock starts just after it.
  let start: Date;

  beforeAll(async () => {
    [database, stub] = await Promise.all([createTestDatabase(), startResendStub()]);
    mailer = createMailer({ apiKey: "re_test_key", baseUrl: stub.url, from: "Trygg <no-reply@trygg.test>" });
  });
  afterAll(async () => {
    await stub?.close();
    await database?.close();
  });
  beforeEach(async () => {
    // The clock of every test: mail is queued at this instant and delivered by passes that say when they run.
    start = new Date("2026-11-30T08:00:00Z");
    await database.db.delete(outbox);
    stub.received.length = 0;
    stub.failNext.length = 0;
  });

  const enqueue = (key: string, to = "officer@trygg.test") =>
    enqueueMail(database.db, { to, locale: "sv", idempotencyKey: key, message: { kind: "passwordReset", link: "https://trygg.test/sv/staff/password-reset/abc" }, now: start });

  it("sends a queued mail once, in the recipient's language, with its idempotency key", async () => {
    await enqueue("k1");
    await enqueue("k1"); // the same key again: still one mail
    expect(await deliverDueMail(database.db, mailer, start)).toEqual({ claimed: 1, sent: 1, failed: 0 });
    expect(stub.received).toHaveLength(1);
    const [mail] = stub.received;
    expect(mail?.idempotencyKey).toBe("k1");
    expect(mail?.authorization).toBe("Bearer re_test_key");
    expect(mail?.body.subject).toBe("Återställ ditt lösenord till Trygg");
    expect(mail?.body.text).toContain("https://trygg.test/sv/staff/password-reset/abc");
    const [row] = await database.db.select().from(outbox);
    expect(row).toMatchObject({ status: "sent", providerId: "stub-1", attempts: 1 });
    expect(await deliverDueMail(database.db, mailer, new Date(start.getTime() + 60_000))).toEqual({ claimed: 0, sent: 0, failed: 0 });
  });

  it("keeps a failed send, retries it after the backoff, and records the error", async () => {
    await enqueue("k2");
    stub.failNext.push(500);
    expect(await deliverDueMail(database.db, mailer, start)).toMatchObject({ sent: 0, failed: 1 });
    let [row] = await database.db.select().from(outbox);
    expect(row?.status).toBe("pending");
    expect(row?.lastError).toMatch(/Stub failure/);
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(start.getTime());
    // Not yet due: nothing is sent.
    expect(await deliverDueMail(database.db, mailer, new Date(start.getTime() + 10_000))).toMatchObject({ claimed: 0 });
    expect(await deliverDueMail(database.db, mailer, new Date(start.getTime() + 31_000))).toMatchObject({ sent: 1 });
    [row] = await database.db.select().from(outbox);
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(stub.received.map((mail) => mail.idempotencyKey)).toEqual(["k2"]);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and marks the mail failed`, async () => {
    await enqueue("k3");
    let now = start;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      stub.failNext.push(503);
      await deliverDueMail(database.db, mailer, now);
      now = new Date(now.getTime() + 2 * 60 * 60_000);
    }
    const [row] = await database.db.select().from(outbox);
    expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(await deliverDueMail(database.db, mailer, now)).toMatchObject({ claimed: 0 });
  });

  it("two workers at once send every mail exactly once", async () => {
    for (let index = 0; index < 30; index++) await enqueue(`bulk-${index}`, `officer${index}@trygg.test`);
    const [first, second] = await Promise.all([deliverDueMail(database.db, mailer, start, { batchSize: 10 }), deliverDueMail(database.db, mailer, start, { batchSize: 10 })]);
    const third = await deliverDueMail(database.db, mailer, start, { batchSize: 50 });
    expect(first.sent + second.sent + third.sent).toBe(30);
    const keys = stub.received.map((mail) => mail.idempotencyKey);
    expect(new Set(keys).size).toBe(30);
    expect(keys).toHaveLength(30);
    expect(stub.repeats.size).toBe(0);
  });
});
