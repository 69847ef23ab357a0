import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database, type Executor } from "@db/client.server";
import { outbox, reportEvents, reports, reportTransfers, units, type User } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { applyCaseAction, staffCipher, type CaseAction, type CaseContext, type CaseResult } from "~/domain/reports/case.server";
import { addReporterMessage } from "~/domain/reports/reporter.server";
import type { ReportInput } from "~/domain/reports/report-form";
import { submitReport } from "~/domain/reports/submit.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { assignTestOfficer, createStaffUser, testKeys } from "../../setup/staff";

/**
 * Two officers acting on one case at once. Each case action reads the report FOR UPDATE inside
 * its transaction and decides there, so conflicting actions are served one after the other and
 * the one that comes second decides on what the first left, answering with the usual refusal.
 *
 * "Held" tests make the interleaving certain with the real functions: the first action does all
 * its reads and writes and then waits before committing; the second starts meanwhile. On
 * PostgreSQL the second must wait for the row lock (without it, it would decide on the old row);
 * on PGlite it waits for the single connection. "At once" tests are plain Promise.all races.
 */
describe("case actions at the same moment", () => {
  let database: TestDatabase;
  let officer: User; // primary of Københavns Kommune, owner of every case below
  let deputy: User; // deputy of the same unit: a transfer candidate
  const privateKeys = new Map<string, Buffer>();
  const t0 = new Date("2026-11-25T10:00:00Z");
  const context = (user: User, now = t0): CaseContext => ({ keys: testKeys, user, privateKey: privateKeys.get(user.id) ?? null, now, origin: "http://trygg.test", ip: null, followUpHours: [24, 72, 168] });
  const close: CaseAction = { type: "close", outcome: "resolved", note: "Done." };
  const message: CaseAction = { type: "message", text: "We have spoken to the police." };
  const wait: CaseAction = { type: "status", status: "waiting_for_reporter" };
  const offer = (): CaseAction => ({ type: "offer", toUserId: deputy.id });

  /** A new case owned by `officer`, with a reporter who gets mail, in the given state. */
  const newCase = async (state: "in_progress" | "closed" = "in_progress") => {
    const form: ReportInput = {
      idempotencyKey: crypto.randomUUID(),
      role: "candidate",
      country: "dk",
      party: "none",
      place: (await database.db.select().from(units).where(eq(units.name, "Københavns Kommune")))[0]!.id,
      level: 3,
      when: "2026-11-24",
      time: undefined,
      where: undefined,
      description: "He followed me from the station to my door.",
      perpetrator: undefined,
      policeTold: "no",
      policeCaseNumber: undefined,
      inDanger: false,
      contactMethod: "email",
      contactEmail: "reporter@example.test",
      contactPhone: undefined,
      consent: true,
      website: undefined,
    };
    const before = (hours: number) => new Date(t0.getTime() - hours * 3_600_000);
    const submitted = await submitReport(database.db, testKeys, { form, locale: "da", partyName: null, placeName: "Københavns Kommune", attachments: [] }, { origin: "http://trygg.test", now: before(4), escalationHours: [1, 8, 24] });
    if ("refused" in submitted) throw new Error("refused");
    const [report] = await database.db.select().from(reports).where(eq(reports.reference, submitted.reference));
    expect(await applyCaseAction(database.db, report!.id, { type: "acknowledge" }, context(officer, before(3)))).toEqual({ ok: true });
    expect(await applyCaseAction(database.db, report!.id, { type: "status", status: "in_progress" }, context(officer, before(2)))).toEqual({ ok: true });
    if (state === "closed") expect(await applyCaseAction(database.db, report!.id, close, context(officer, before(1)))).toEqual({ ok: true });
    return report!.id;
  };
  const statusOf = async (reportId: string) => (await database.db.select({ status: reports.status }).from(reports).where(eq(reports.id, reportId)))[0]!.status;
  /** The case's timeline by time (the held action acts at t0, the one arriving a second later). */
  const eventsOf = async (reportId: string) =>
    (await database.db.select({ type: reportEvents.type }).from(reportEvents).where(eq(reportEvents.reportId, reportId)).orderBy(asc(reportEvents.at))).map((event) => event.type);
  const countOf = (events: string[], type: string) => events.filter((event) => event === type).length;
  const reporterMails = async (reportId: string) => (await database.db.select().from(outbox).where(and(eq(outbox.reportId, reportId), eq(outbox.template, "reporterUpdate")))).length;
  const pendingTransfers = async (reportId: string) => (await database.db.select().from(reportTransfers).where(and(eq(reportTransfers.reportId, reportId), eq(reportTransfers.status, "pending")))).length;

  /**
   * The database, except that a transaction waits after its work, before it commits, until
   * `release()`; `reached` resolves when it has got there (its reads, decision and writes done).
   */
  const holdingCommit = (db: Database) => {
    let release!: () => void;
    let reach!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (reach = resolve));
    const held: Executor = {
      select: db.select.bind(db),
      selectDistinct: db.selectDistinct.bind(db),
      insert: db.insert.bind(db),
      update: db.update.bind(db),
      delete: db.delete.bind(db),
      execute: db.execute.bind(db),
      transaction: ((work: (tx: unknown) => Promise<unknown>, config?: never) =>
        db.transaction(async (tx) => {
          const result = await work(tx);
          reach();
          await released;
          return result;
        }, config)) as Database["transaction"],
    };
    return { db: held, reached, release };
  };

  /**
   * Waits until `second` is stuck behind the held transaction (PostgreSQL: a backend of this
   * database waits for a lock) or has finished; PGlite, whose one connection the held
   * transaction occupies, cannot be asked, so there a moment's wait stands in.
   */
  const untilWaitingOrDone = async (second: Promise<unknown>) => {
    let done = false;
    void second.then(() => (done = true), () => (done = true));
    const deadline = Date.now() + (database.kind === "postgres" ? 10_000 : 200);
    while (!done && Date.now() < deadline) {
      if (database.kind === "postgres") {
        const waiting = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        if (waiting[0]!.n > 0) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** Runs `first` until just before its commit, then `second`, then lets `first` commit. */
  const held = async (reportId: string, first: [CaseAction, User], second: [CaseAction, User]): Promise<[CaseResult, CaseResult]> => {
    const hold = holdingCommit(database.db);
    const firstResult = applyCaseAction(hold.db, reportId, first[0], context(first[1]));
    await hold.reached;
    const secondResult = applyCaseAction(database.db, reportId, second[0], context(second[1], new Date(t0.getTime() + 1000)));
    await untilWaitingOrDone(secondResult);
    hold.release();
    return Promise.all([firstResult, secondResult]);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    const [unit] = await database.db.select().from(units).where(eq(units.name, "Københavns Kommune"));
    for (const [email, role] of [["primary@t.test", "primary"], ["deputy@t.test", "deputy"]] as const) {
      const { user, privateKey } = await createStaffUser(database.db, { email, roles: ["officer"] });
      privateKeys.set(user.id, privateKey);
      await assignTestOfficer(database.db, { unitId: unit!.id, user, role, email });
      if (role === "primary") officer = user;
      else deputy = user;
    }
  });
  afterAll(async () => database?.close());

  describe("one action holds the case, the other arrives", () => {
    it("close, then close: one close, one mail to the reporter; the second is told the case is closed", async () => {
      const reportId = await newCase();
      expect(await held(reportId, [close, officer], [close, officer])).toEqual([{ ok: true }, { ok: false, error: "case.errors.closed" }]);
      expect(countOf(await eventsOf(reportId), "closed")).toBe(1);
      expect(await reporterMails(reportId)).toBe(1);
    });

    it("an officer closes, then the reporter writes: the message comes after the closing and reopens the case", async () => {
      const reportId = await newCase();
      const cipher = (await staffCipher(database.db, testKeys, reportId, { user: officer, privateKey: privateKeys.get(officer.id)! }))!;
      const hold = holdingCommit(database.db);
      const closing = applyCaseAction(hold.db, reportId, close, context(officer));
      await hold.reached;
      const writing = addReporterMessage(database.db, cipher, { text: "It happened again.", attachments: [] }, new Date(t0.getTime() + 1000), { followUpHours: [24, 72, 168], origin: "http://trygg.test" });
      await untilWaitingOrDone(writing);
      hold.release();
      expect(await Promise.all([closing, writing])).toEqual([{ ok: true }, { ok: true, reopened: true }]);
      expect(await statusOf(reportId)).toBe("in_progress");
      expect((await eventsOf(reportId)).slice(-3)).toEqual(["closed", "reopened", "message_from_reporter"]);
    });

    it("the reporter's message reopens a closed case, then an officer closes: the close is decided on the reopened case", async () => {
      const reportId = await newCase("closed");
      const cipher = (await staffCipher(database.db, testKeys, reportId, { user: officer, privateKey: privateKeys.get(officer.id)! }))!;
      const hold = holdingCommit(database.db);
      const writing = addReporterMessage(hold.db, cipher, { text: "It happened again.", attachments: [] }, t0, { followUpHours: [24, 72, 168], origin: "http://trygg.test" });
      await hold.reached;
      const closing = applyCaseAction(database.db, reportId, close, context(officer, new Date(t0.getTime() + 1000)));
      await untilWaitingOrDone(closing);
      hold.release();
      expect(await Promise.all([writing, closing])).toEqual([{ ok: true, reopened: true }, { ok: true }]);
      expect(await statusOf(reportId)).toBe("closed");
      expect((await eventsOf(reportId)).slice(-3)).toEqual(["reopened", "message_from_reporter", "closed"]);
    });

    it("close, then a message to the reporter: the message is refused and not written", async () => {
      const reportId = await newCase();
      expect(await held(reportId, [close, officer], [message, officer])).toEqual([{ ok: true }, { ok: false, error: "case.errors.closed" }]);
      const events = await eventsOf(reportId);
      expect(countOf(events, "message_to_reporter")).toBe(0);
      expect(events.at(-1)).toBe("closed");
      expect(await reporterMails(reportId)).toBe(1);
    });

    it("close, then a status change: the case stays closed", async () => {
      const reportId = await newCase();
      expect(await held(reportId, [close, officer], [wait, officer])).toEqual([{ ok: true }, { ok: false, error: "case.errors.badTransition" }]);
      expect(await statusOf(reportId)).toBe("closed");
      expect((await eventsOf(reportId)).at(-1)).toBe("closed");
    });

    it("close, then a transfer offer: a closed case is not offered", async () => {
      const reportId = await newCase();
      expect(await held(reportId, [close, officer], [offer(), officer])).toEqual([{ ok: true }, { ok: false, error: "case.errors.closed" }]);
      expect(await pendingTransfers(reportId)).toBe(0);
    });

    it("reopen, then close: the close sees the reopened case and closes it again", async () => {
      const reportId = await newCase("closed");
      expect(await held(reportId, [{ type: "reopen" }, officer], [close, officer])).toEqual([{ ok: true }, { ok: true }]);
      expect(await statusOf(reportId)).toBe("closed");
      expect((await eventsOf(reportId)).slice(-3)).toEqual(["closed", "reopened", "closed"]);
    });

    it("a transfer offer, then another: one offer is pending", async () => {
      const reportId = await newCase();
      expect(await held(reportId, [offer(), officer], [offer(), officer])).toEqual([{ ok: true }, { ok: false, error: "case.errors.offerPending" }]);
      expect(await pendingTransfers(reportId)).toBe(1);
    });

    it("the receiver accepts, then the old owner closes: the close is refused, the new owner has the case", async () => {
      const reportId = await newCase();
      expect(await applyCaseAction(database.db, reportId, offer(), context(officer))).toEqual({ ok: true });
      expect(await held(reportId, [{ type: "accept" }, deputy], [close, officer])).toEqual([{ ok: true }, { ok: false, error: "case.errors.notOwner" }]);
      const [report] = await database.db.select().from(reports).where(eq(reports.id, reportId));
      expect(report).toMatchObject({ status: "in_progress", ownerUserId: deputy.id });
    });
  });

  describe("both at once", () => {
    it("close and close: exactly one close", async () => {
      const reportId = await newCase();
      const results = await Promise.all([applyCaseAction(database.db, reportId, close, context(officer)), applyCaseAction(database.db, reportId, close, context(officer))]);
      expect(results).toEqual(expect.arrayContaining([{ ok: true }, { ok: false, error: "case.errors.closed" }]));
      expect(countOf(await eventsOf(reportId), "closed")).toBe(1);
      expect(await reporterMails(reportId)).toBe(1);
    });

    it("close and a status change: closed last, or the change refused", async () => {
      const reportId = await newCase();
      const [closed, changed] = await Promise.all([applyCaseAction(database.db, reportId, close, context(officer)), applyCaseAction(database.db, reportId, wait, context(officer))]);
      expect(closed).toEqual({ ok: true });
      expect([{ ok: true }, { ok: false, error: "case.errors.badTransition" }]).toContainEqual(changed);
      expect(await statusOf(reportId)).toBe("closed");
    });

    it("close and reopen of an open case: reopen refused, or it comes after the close", async () => {
      const reportId = await newCase();
      const [closed, reopened] = await Promise.all([applyCaseAction(database.db, reportId, close, context(officer)), applyCaseAction(database.db, reportId, { type: "reopen" }, context(officer))]);
      expect(closed).toEqual({ ok: true });
      const events = await eventsOf(reportId);
      expect(countOf(events, "closed")).toBe(1);
      if (reopened.ok) {
        expect(countOf(events, "reopened")).toBe(1);
        expect(await statusOf(reportId)).toBe("in_progress");
      } else {
        expect(reopened).toEqual({ ok: false, error: "case.errors.badTransition" });
        expect(countOf(events, "reopened")).toBe(0);
        expect(await statusOf(reportId)).toBe("closed");
      }
    });

    it("two transfer offers: one pending", async () => {
      const reportId = await newCase();
      const results = await Promise.all([applyCaseAction(database.db, reportId, offer(), context(officer)), applyCaseAction(database.db, reportId, offer(), context(officer))]);
      expect(results).toEqual(expect.arrayContaining([{ ok: true }, { ok: false, error: "case.errors.offerPending" }]));
      expect(await pendingTransfers(reportId)).toBe(1);
    });
  });
});
