import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportFormStashes } from "@db/schema";
import { openStash, STASH_MS, stashFiles } from "~/domain/reports/form-stash.server";
import { hashOneTimeKey } from "~/domain/sealing/report-keys.server";
import { purgeExpiredFormStashes } from "~/jobs/purge-form-stashes.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";

const png = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));

describe("the expired-form-stashes job", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("deletes the files kept for a retry once their 30 minutes are over, and keeps the live ones", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const keys = { pastItsEnd: crypto.randomUUID(), endingNow: crypto.randomUUID(), live: crypto.randomUUID(), almostOver: crypto.randomUUID() };
    const file = (name: string) => ({ name, type: "image/png" as const, bytes: png });
    await stashFiles(database.db, keys.pastItsEnd, [file("a.png"), file("b.png")], ago(STASH_MS + 60_000));
    await stashFiles(database.db, keys.endingNow, [file("c.png")], ago(STASH_MS));
    await stashFiles(database.db, keys.live, [file("d.png")], ago(60_000));
    await stashFiles(database.db, keys.almostOver, [file("e.png")], ago(STASH_MS - 1000));

    expect(await purgeExpiredFormStashes(database.db, now)).toEqual({ deleted: 3 });
    const left = (await database.db.select({ keyHash: reportFormStashes.keyHash }).from(reportFormStashes)).map((row) => row.keyHash).sort();
    expect(left).toEqual([hashOneTimeKey(keys.live), hashOneTimeKey(keys.almostOver)].sort());
    // What the job keeps, the form still gets back (the two agree on what "expired" means).
    expect((await openStash(database.db, keys.almostOver, now)).files.map((kept) => kept.name)).toEqual(["e.png"]);
    expect((await openStash(database.db, keys.endingNow, now)).files).toEqual([]);
    expect(await purgeExpiredFormStashes(database.db, now)).toEqual({ deleted: 0 });
  });
});
