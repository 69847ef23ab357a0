import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reports, units, type User } from "@db/schema";
import { seedReferenceUnits } from "@db/seed/seed.server";
import { listQueue, queueViewCounts, queueViews, servedUnitIds, type QueueView } from "~/domain/reports/access.server";
import { applyCaseAction, type CaseAction } from "~/domain/reports/case.server";
import type { ReportInput } from "~/domain/reports/report-form";
import { submitReport } from "~/domain/reports/submit.server";
import { createTestDatabase, type TestDatabase } from "../../setup/database";
import { assignTestOfficer, createStaffUser, testKeys } from "../../setup/staff";

const HOUR = 3_600_000;
const escalationHours: [number, number, number] = [1, 8, 24];
const followUpHours: [number, number, number] = [24, 72, 168];

describe("the queue's triage views", () => {
  let database: TestDatabase;
  let unitId: Record<string, string>;
  let officer: User; // primary of Københavns Kommune
  let colleague: User; // deputy of Københavns Kommune
  let other: User; // primary of Aarhus Kommune: another unit
  const privateKeys = new Map<string, Buffer>();
  const now = new Date("2026-11-25T10:00:00Z");
  const reference: Record<string, string> = {};

  async function file(name: string, place: string, level: number, hoursAgo: number, inDanger = false) {
    const form = {
      idempotencyKey: crypto.randomUUID(),
      role: "candidate",
      country: "dk",
      party: "none",
      place: unitId[place],
      level,
      when: "2026-11-24",
      description: `Report ${name}`,
      policeTold: "no",
      inDanger,
      contactMethod: "anonymous",
      consent: true,
    } as ReportInput;
    const result = await submitReport(database.db, testKeys, { form, locale: "da", partyName: null, placeName: place, attachments: [] }, { origin: "http://trygg.test", now: new Date(now.getTime() - hoursAgo * HOUR), escalationHours });
    if ("refused" in result) throw new Error("refused");
    reference[name] = result.reference;
    const [row] = await database.db.select().from(reports).where(eq(reports.reference, result.reference));
    return row!;
  }
  async function act(reportId: string, user: User, action: CaseAction, hoursAgo: number) {
    const result = await applyCaseAction(database.db, reportId, action, { keys: testKeys, user, privateKey: privateKeys.get(user.id)!, now: new Date(now.getTime() - hoursAgo * HOUR), origin: "http://trygg.test", ip: null, followUpHours });
    expect(result).toMatchObject({ ok: true });
  }
  const referencesOf = async (user: User, view: QueueView) => (await listQueue(database.db, user, await servedUnitIds(database.db, user.id), { view }, now)).map((row) => row.reference);
  const names = (...list: string[]) => list.map((name) => reference[name]);

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedReferenceUnits(database.db);
    unitId = Object.fromEntries((await database.db.select().from(units)).map((unit) => [unit.name, unit.id]));
    const make = async (email: string, unit: string, role: "primary" | "deputy") => {
      const { user, privateKey } = await createStaffUser(database.db, { email, roles: ["officer"] });
      privateKeys.set(user.id, privateKey);
      await assignTestOfficer(database.db, { unitId: unitId[unit]!, user, role, email });
      return user;
    };
    officer = await make("officer@q.test", "Københavns Kommune", "primary");
    colleague = await make("colleague@q.test", "Københavns Kommune", "deputy");
    other = await make("other@q.test", "Aarhus Kommune", "primary");

    // The officer's unit.
    await file("freshDanger", "Københavns Kommune", 5, 0.5, true); // unacknowledged, 30 minutes left
    await file("lateDanger", "Københavns Kommune", 6, 2, true); // unacknowledged, an hour late
    const escalated = await file("escalated", "Københavns Kommune", 4, 9); // unacknowledged, escalated once (the job's mark)
    await database.db.update(reports).set({ escalationStage: 1, nextEscalationAt: new Date(now.getTime() + 7 * HOUR) }).where(eq(reports.id, escalated.id));
    await file("lateLow", "Københavns Kommune", 2, 30); // unacknowledged, 6 hours late
    await file("freshLow", "Københavns Kommune", 2, 10); // unacknowledged, 14 hours left
    const owned = await file("owned", "Københavns Kommune", 3, 5);
    await act(owned.id, officer, { type: "acknowledge" }, 4); // follow-up in 68 hours
    const ownedLate = await file("ownedLate", "Københavns Kommune", 3, 100);
    await act(ownedLate.id, officer, { type: "acknowledge" }, 99); // follow-up 27 hours late
    const waiting = await file("waiting", "Københavns Kommune", 3, 100);
    await act(waiting.id, officer, { type: "acknowledge" }, 99);
    await act(waiting.id, officer, { type: "status", status: "waiting_for_reporter" }, 98); // clock stopped: not overdue
    const colleagues = await file("colleagues", "Københavns Kommune", 4, 6);
    await act(colleagues.id, colleague, { type: "acknowledge" }, 5);
    const closed = await file("closed", "Københavns Kommune", 5, 200, true);
    await act(closed.id, officer, { type: "acknowledge" }, 199);
    await act(closed.id, officer, { type: "close", outcome: "resolved", note: "Done." }, 198);

    // Another unit's reports, in every state: none of them may count for the officer.
    await file("otherLate", "Aarhus Kommune", 6, 3, true);
    const otherOwned = await file("otherOwned", "Aarhus Kommune", 3, 100);
    await act(otherOwned.id, other, { type: "acknowledge" }, 99);
    const otherWaiting = await file("otherWaiting", "Aarhus Kommune", 3, 10);
    await act(otherWaiting.id, other, { type: "acknowledge" }, 9);
    await act(otherWaiting.id, other, { type: "status", status: "waiting_for_reporter" }, 8);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("counts each view exactly, over the officer's own units only", async () => {
    const counts = await queueViewCounts(database.db, officer, await servedUnitIds(database.db, officer.id), now);
    expect(counts).toEqual({ mine: 3, unacknowledged: 5, overdue: 4, waiting: 1 });
    const otherCounts = await queueViewCounts(database.db, other, await servedUnitIds(database.db, other.id), now);
    expect(otherCounts).toEqual({ mine: 2, unacknowledged: 1, overdue: 2, waiting: 1 });
  });

  it("lists each view by urgency (in danger, level), then the nearest deadline", async () => {
    expect(await referencesOf(officer, "unacknowledged")).toEqual(names("lateDanger", "freshDanger", "escalated", "lateLow", "freshLow"));
    expect(await referencesOf(officer, "overdue")).toEqual(names("lateDanger", "escalated", "ownedLate", "lateLow"));
    expect(await referencesOf(officer, "mine")).toEqual(names("ownedLate", "owned", "waiting"));
    expect(await referencesOf(officer, "waiting")).toEqual(names("waiting"));
  });

  it("lists exactly as many rows as it counts, for every view and officer", async () => {
    for (const user of [officer, colleague, other]) {
      const counts = await queueViewCounts(database.db, user, await servedUnitIds(database.db, user.id), now);
      for (const view of queueViews) expect((await referencesOf(user, view)).length, `${user.email} ${view}`).toBe(counts[view]);
    }
  });

  it("keeps the other filters working inside a view", async () => {
    const unitIds = await servedUnitIds(database.db, officer.id);
    const high = await listQueue(database.db, officer, unitIds, { view: "unacknowledged", level: 2 }, now);
    expect(high.map((row) => row.reference)).toEqual(names("lateLow", "freshLow"));
    const older = await listQueue(database.db, officer, unitIds, { view: "overdue", olderThanHours: 24 }, now);
    expect(older.map((row) => row.reference)).toEqual(names("ownedLate", "lateLow"));
    const acknowledged = await listQueue(database.db, officer, unitIds, { view: "mine", status: "acknowledged" }, now);
    expect(acknowledged.map((row) => row.reference)).toEqual(names("ownedLate", "owned"));
  });
});
