import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recoveryCodes } from "@db/schema";
import { consumeRecoveryCode, RECOVERY_CODE_COUNT, replaceRecoveryCodes } from "~/auth/recovery-codes.server";
import { hashToken } from "~/auth/tokens.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { createStaffUser } from "../setup/staff";

describe("recovery codes", () => {
  let database: TestDatabase;
  let userId: string;
  let otherUserId: string;
  const now = new Date("2026-11-25T08:00:00Z");

  beforeAll(async () => {
    database = await createTestDatabase();
    userId = (await createStaffUser(database.db, { email: "recovery@trygg.test", roles: ["officer"] })).user.id;
    otherUserId = (await createStaffUser(database.db, { email: "other@trygg.test", roles: ["officer"] })).user.id;
  });
  afterAll(async () => database?.close());

  const rowsOf = (id: string) => database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, id));

  it("are ten distinct codes like abcde-fghij: 10 base32 letters, 50 bits", async () => {
    const codes = await replaceRecoveryCodes(database.db, userId);
    expect(RECOVERY_CODE_COUNT).toBe(10);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(10 * Math.log2(32)).toBe(50);
  });

  it("use the whole base32 alphabet over many codes (no stuck letters)", async () => {
    const letters = new Set<string>();
    for (let round = 0; round < 10; round++) for (const code of await replaceRecoveryCodes(database.db, otherUserId)) for (const letter of code.replace("-", "")) letters.add(letter);
    expect([...letters].sort().join("")).toBe("234567abcdefghijklmnopqrstuvwxyz");
  });

  it("are stored only as SHA-256 hashes of the bare letters, never as text", async () => {
    const codes = await replaceRecoveryCodes(database.db, userId);
    const rows = await rowsOf(userId);
    expect(rows).toHaveLength(10);
    expect(rows.map((row) => row.codeHash).sort()).toEqual(codes.map((code) => hashToken(code.replace("-", ""))).sort());
    for (const row of rows) {
      expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.usedAt).toBeNull();
      for (const code of codes) {
        expect(row.codeHash).not.toContain(code.replace("-", ""));
        expect(row.codeHash).not.toContain(code);
      }
    }
  });

  it("each works once; a reused code fails", async () => {
    const codes = await replaceRecoveryCodes(database.db, userId);
    expect(await consumeRecoveryCode(database.db, userId, codes[0]!, now)).toBe(true);
    expect(await consumeRecoveryCode(database.db, userId, codes[0]!, now)).toBe(false);
    expect(await consumeRecoveryCode(database.db, userId, codes[0]!, new Date(now.getTime() + 86_400_000))).toBe(false);
    // The others are untouched.
    expect(await consumeRecoveryCode(database.db, userId, codes[1]!, now)).toBe(true);
    const used = (await rowsOf(userId)).filter((row) => row.usedAt !== null);
    expect(used).toHaveLength(2);
    expect(used.every((row) => row.usedAt?.getTime() === now.getTime())).toBe(true);
  });

  it("a code used twice at the same moment is used only once", async () => {
    const [code] = await replaceRecoveryCodes(database.db, userId);
    const results = await Promise.all(Array.from({ length: 5 }, () => consumeRecoveryCode(database.db, userId, code!, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("takes a code typed in upper case, without the dash or with spaces", async () => {
    const codes = await replaceRecoveryCodes(database.db, userId);
    expect(await consumeRecoveryCode(database.db, userId, codes[0]!.toUpperCase(), now)).toBe(true);
    expect(await consumeRecoveryCode(database.db, userId, codes[1]!.replace("-", ""), now)).toBe(true);
    expect(await consumeRecoveryCode(database.db, userId, ` ${codes[2]!.replace("-", " ")} `, now)).toBe(true);
    expect(await consumeRecoveryCode(database.db, userId, codes[3]!.replace("-", "–"), now)).toBe(true);
  });

  it("refuses wrong codes: another letter, too short, too long, another person's, and garbage", async () => {
    const codes = await replaceRecoveryCodes(database.db, userId);
    const theirs = await replaceRecoveryCodes(database.db, otherUserId);
    const code = codes[0]!;
    const changed = code.slice(0, -1) + (code.endsWith("a") ? "b" : "a");
    for (const wrong of [changed, code.slice(0, -1), `${code}a`, theirs[0]!, "", "-", "00000-11111", "'; drop table recovery_codes; --", "x".repeat(100_000)]) {
      expect(await consumeRecoveryCode(database.db, userId, wrong, now), JSON.stringify(wrong.slice(0, 20))).toBe(false);
    }
    // None of them used anything up.
    expect((await rowsOf(userId)).every((row) => row.usedAt === null)).toBe(true);
    expect(await consumeRecoveryCode(database.db, userId, code, now)).toBe(true);
    // Another person's code still works for them.
    expect(await consumeRecoveryCode(database.db, otherUserId, theirs[0]!, now)).toBe(true);
  });

  it("new codes replace all the old ones, used or not, for that person only", async () => {
    const old = await replaceRecoveryCodes(database.db, userId);
    const theirs = await replaceRecoveryCodes(database.db, otherUserId);
    await consumeRecoveryCode(database.db, userId, old[0]!, now);
    const fresh = await replaceRecoveryCodes(database.db, userId);
    expect(fresh.some((code) => old.includes(code))).toBe(false);
    expect(await rowsOf(userId)).toHaveLength(10);
    for (const code of old.slice(1)) expect(await consumeRecoveryCode(database.db, userId, code, now)).toBe(false);
    expect(await consumeRecoveryCode(database.db, userId, fresh[5]!, now)).toBe(true);
    expect(await consumeRecoveryCode(database.db, otherUserId, theirs[5]!, now)).toBe(true);
  });
});
