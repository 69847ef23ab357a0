import { describe, expect, it } from "vitest";
import { newPasswordSecrets, checkPassword } from "~/auth/password.server";
import { aeadOpen, aeadOpenText, aeadSeal, aeadSealText, SealError } from "~/domain/sealing/aead.server";
import { accountKeyPair, createAccountKeys, openForSession, openWithPassword, openWithRecoveryKey, sealForSession, wrapForPassword } from "~/domain/sealing/account-keys.server";
import { encodeKey, newKeyPair, openSealed, publicKeyOf, sealTo } from "~/domain/sealing/boxes.server";
import { hashOneTimeKey, openRepeatReceipt, openWithReceipt, reportCipher, sealRepeatReceipt, submissionDigest, wrapForReceipt } from "~/domain/sealing/report-keys.server";

const key = () => crypto.getRandomValues(new Uint8Array(32));

describe("AEAD under a raw key", () => {
  it("opens what it sealed, and nothing with another key, another context or a changed byte", () => {
    const k = key();
    const sealed = aeadSeal(k, Buffer.from("secret"), "report:1:contents");
    expect(aeadOpen(k, sealed, "report:1:contents").toString()).toBe("secret");
    expect(() => aeadOpen(key(), sealed, "report:1:contents")).toThrow(SealError);
    expect(() => aeadOpen(k, sealed, "report:2:contents")).toThrow(SealError);
    for (const index of [0, 12, 20, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index]! ^= 1;
      expect(() => aeadOpen(k, tampered, "report:1:contents"), `byte ${index}`).toThrow(SealError);
    }
    expect(() => aeadOpen(k, sealed.subarray(0, 10), "x")).toThrow(SealError);
    const text = aeadSealText(k, "Ærø ø å", "c");
    expect(aeadOpenText(k, text, "c")).toBe("Ærø ø å");
    expect(() => aeadOpenText(k, text.replace(/^k1\./, "k2."), "c")).toThrow(SealError);
  });
});

describe("sealed boxes (libsodium)", () => {
  it("open only with the recipient's private key and the same context", () => {
    const pair = newKeyPair();
    const other = newKeyPair();
    expect(encodeKey(publicKeyOf(pair.privateKey))).toBe(encodeKey(pair.publicKey));
    const box = sealTo(pair.publicKey, Buffer.from("unit private key"), "unit-key:u1:p1");
    expect(openSealed(pair, box, "unit-key:u1:p1").toString()).toBe("unit private key");
    expect(() => openSealed(other, box, "unit-key:u1:p1")).toThrow(SealError);
    expect(() => openSealed(pair, box, "unit-key:u1:p2")).toThrow(SealError);
    const raw = Buffer.from(box.slice(4), "base64url");
    raw[raw.length - 1]! ^= 1;
    expect(() => openSealed(pair, `sb1.${raw.toString("base64url")}`, "unit-key:u1:p1")).toThrow(SealError);
    expect(() => openSealed(pair, "nonsense", "x")).toThrow(SealError);
  });
});

describe("account keys", () => {
  it("one argon2id run gives the verifier and the key that unwraps the private key; the recovery key unwraps it too", async () => {
    const secrets = await newPasswordSecrets("a long enough passphrase");
    expect(secrets.record).not.toContain(secrets.wrapKey.toString("base64url"));
    const made = createAccountKeys("user-1", secrets.wrapKey);
    const user = { id: "user-1", ...made.columns };
    const check = await checkPassword(secrets.record, "a long enough passphrase");
    expect(check.ok).toBe(true);
    expect(check.ok && check.wrapKey && openWithPassword(user, check.wrapKey).equals(made.privateKey)).toBe(true);
    expect((await checkPassword(secrets.record, "a long enough passphrasE")).ok).toBe(false);
    expect(() => openWithPassword(user, key())).toThrow(SealError);
    // Bound to the account: another user id does not open it.
    expect(() => openWithPassword({ ...user, id: "user-2" }, secrets.wrapKey)).toThrow(SealError);
    expect(openWithRecoveryKey(user, made.recoveryKey)?.equals(made.privateKey)).toBe(true);
    expect(openWithRecoveryKey(user, made.recoveryKey.toLowerCase().replace(/-/g, " "))?.equals(made.privateKey)).toBe(true);
    const wrong = made.recoveryKey.replace(/^./, made.recoveryKey[0] === "A" ? "B" : "A");
    expect(openWithRecoveryKey(user, wrong)).toBeUndefined();
    expect(openWithRecoveryKey(user, "too short")).toBeUndefined();
    // A reset with the recovery key: the same private key, wrapped for the new password.
    const next = await newPasswordSecrets("another long passphrase");
    const rewrapped = { ...user, privateKeyByPassword: wrapForPassword(user.id, user.publicKey, made.privateKey, next.wrapKey) };
    expect(openWithPassword(rewrapped, next.wrapKey).equals(made.privateKey)).toBe(true);
    expect(() => openWithPassword(rewrapped, secrets.wrapKey)).toThrow(SealError);
    expect(accountKeyPair(user, made.privateKey).publicKey).toHaveLength(32);
  });

  it("a session keeps secrets only wrapped by its token: the row's id (the token's hash) does not open them", () => {
    const sealed = sealForSession("token-abc", "session-hash", "private-key", Buffer.from("pk"));
    expect(openForSession("token-abc", "session-hash", "private-key", sealed).toString()).toBe("pk");
    expect(() => openForSession("session-hash", "session-hash", "private-key", sealed)).toThrow(SealError);
    expect(() => openForSession("token-abc", "session-hash", "recovery-key", sealed)).toThrow(SealError);
  });
});

describe("report keys", () => {
  it("seal every field under the report's own key, bound to report and field", () => {
    const k = key();
    const cipher = reportCipher("r1", k);
    const contents = cipher.sealContents({ description: "x" });
    expect(cipher.openContents(contents)).toEqual({ description: "x" });
    expect(() => reportCipher("r2", k).openContents(contents)).toThrow(SealError);
    expect(() => cipher.openText("police", cipher.sealText("event", "y"))).toThrow(SealError);
    const file = cipher.sealFile("a1", Buffer.from("%PDF"));
    expect(cipher.openFile("a1", file).toString()).toBe("%PDF");
    expect(() => cipher.openFile("a2", file)).toThrow(SealError);
    expect(() => cipher.openAttachmentName("a1", cipher.sealAttachmentName("a2", "n"))).toThrow(SealError);
  });

  it("the receipt code unwraps the reporter's copy; another code does not", () => {
    const k = key();
    const wrapped = wrapForReceipt("r1", k, "ABCD-EFGH-JKMN-PQRS-TUVW");
    expect(openWithReceipt({ id: "r1", ...wrapped }, "abcd efgh jkmn pqrs tuvw")?.equals(Buffer.from(k))).toBe(true);
    expect(openWithReceipt({ id: "r1", ...wrapped }, "ABCD-EFGH-JKMN-PQRS-TUVX")).toBeUndefined();
    expect(openWithReceipt({ id: "r2", ...wrapped }, "ABCD-EFGH-JKMN-PQRS-TUVW")).toBeUndefined();
  });

  it("a repeat receipt opens only with the same one-time key and the same content", () => {
    const oneTime = crypto.randomUUID();
    const fields = { description: "a", level: 3 };
    const files = [{ name: "x.png", type: "image/png", bytes: Buffer.from("png") }];
    const digest = submissionDigest(oneTime, fields, files);
    const sealed = sealRepeatReceipt("r1", oneTime, digest, "CODE");
    expect(openRepeatReceipt("r1", oneTime, submissionDigest(oneTime, { level: 3, description: "a" }, files), sealed)).toBe("CODE");
    expect(openRepeatReceipt("r1", oneTime, submissionDigest(oneTime, { ...fields, description: "b" }, files), sealed)).toBeUndefined();
    expect(openRepeatReceipt("r1", oneTime, submissionDigest(oneTime, fields, []), sealed)).toBeUndefined();
    const otherKey = crypto.randomUUID();
    expect(openRepeatReceipt("r1", otherKey, submissionDigest(otherKey, fields, files), sealed)).toBeUndefined();
    // What is stored of the one-time key does not work as one.
    const stored = hashOneTimeKey(oneTime);
    expect(openRepeatReceipt("r1", stored, submissionDigest(stored, fields, files), sealed)).toBeUndefined();
  });
});
