import { randomBytes } from "node:crypto";
import type { OutboxContent } from "@db/schema";
import { describe, expect, it } from "vitest";
import { decryptBytes, decryptText, DecryptionError, encryptBytes, encryptText, generateKey, keyIdOf, parseKeyRing } from "~/domain/sealing/server-key.server";
import { openOutboxContent, openTotpSecret, sealOutboxContent, sealTotpSecret } from "~/domain/sealing/server-sealed.server";

/** The server key ring (ENCRYPTION_KEYS) and its AES-256-GCM envelopes for text and files. */
const keyA = generateKey();
const keyB = generateKey();
const ring = parseKeyRing(`old:${keyA},new:${keyB}`);

/** Whatever a call threw (or undefined). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("parseKeyRing", () => {
  it("takes id:base64 pairs; the last is current unless one is named", () => {
    expect(ring.currentId).toBe("new");
    expect([...ring.keys.keys()]).toEqual(["old", "new"]);
    expect(ring.keys.get("old")).toEqual(Buffer.from(keyA, "base64"));
    expect(parseKeyRing(`old:${keyA},new:${keyB}`, "old").currentId).toBe("old");
  });

  it("makes keys of 32 random bytes", () => {
    expect(Buffer.from(generateKey(), "base64")).toHaveLength(32);
    expect(generateKey()).not.toBe(generateKey());
  });

  it("refuses keys of another length, a missing id, a missing key and an unknown current id", () => {
    const short = randomBytes(16).toString("base64");
    const long = randomBytes(33).toString("base64");
    for (const spec of [`a:${short}`, `a:${long}`, `:${keyA}`, "a", "a:", "", `a:${keyA},b`]) {
      expect(() => parseKeyRing(spec), JSON.stringify(spec)).toThrow(/must be 32 bytes/);
    }
    expect(() => parseKeyRing(`a:${keyA}`, "b")).toThrow(/ENCRYPTION_KEY_ID "b" is not among/);
  });

  it("refuses one id given twice (one key would be silently dropped) and ids the file format cannot carry", () => {
    expect(() => parseKeyRing(`a:${keyA},a:${keyB}`)).toThrow(/given twice/);
    for (const id of ["x".repeat(65), "x".repeat(256), "bad id", "ø", "a.b"]) {
      expect(() => parseKeyRing(`${id}:${keyA}`), id).toThrow(/must be 1 to 64 letters/);
    }
    expect(parseKeyRing(`${"k".repeat(64)}:${keyA}`).currentId).toHaveLength(64);
  });
});

describe("shortened tags", () => {
  it("are refused for text and for files, even for an empty value (a 4-byte tag is forgeable in 2^32 tries)", () => {
    const text = encryptText(ring, "", "ctx");
    const [prefix, keyId, iv, body] = text.split(".");
    const bytes = Buffer.from(body!, "base64url");
    for (const length of [4, 8, 12, 15]) {
      const cut = [prefix, keyId, iv, bytes.subarray(0, length).toString("base64url")].join(".");
      expect(thrownBy(() => decryptText(ring, cut, "ctx")), `text tag of ${length}`).toBeInstanceOf(DecryptionError);
    }
    const file = encryptBytes(ring, Buffer.alloc(0), "ctx");
    for (const drop of [1, 4, 12]) {
      expect(thrownBy(() => decryptBytes(ring, file.subarray(0, file.length - drop), "ctx")), `file cut by ${drop}`).toBeInstanceOf(DecryptionError);
    }
    expect(decryptText(ring, text, "ctx")).toBe("");
    expect(decryptBytes(ring, file, "ctx")).toEqual(Buffer.alloc(0));
  });
});

describe("text envelopes", () => {
  it("look like enc1.<key id>.<iv>.<ciphertext and tag>, and open with the same context", () => {
    const sealed = encryptText(ring, "JBSWY3DPEHPK3PXP", "totp:user-1");
    const [prefix, keyId, iv, body] = sealed.split(".");
    expect(prefix).toBe("enc1");
    expect(keyId).toBe("new");
    expect(keyIdOf(sealed)).toBe("new");
    expect(Buffer.from(iv!, "base64url")).toHaveLength(12);
    expect(Buffer.from(body!, "base64url")).toHaveLength(16 + 16);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decryptText(ring, sealed, "totp:user-1")).toBe("JBSWY3DPEHPK3PXP");
  });

  it("use a fresh IV every time, so the same text never gives the same envelope", () => {
    const envelopes = new Set(Array.from({ length: 1000 }, () => encryptText(ring, "same", "ctx")));
    expect(envelopes.size).toBe(1000);
    const ivs = new Set([...envelopes].map((envelope) => envelope.split(".")[2]));
    expect(ivs.size).toBe(1000);
  });

  it("keep text of any kind: empty, Unicode, long", () => {
    for (const text of ["", "æøå ÆØÅ – ß 🙂", "x".repeat(100_000), "a.b.c"]) expect(decryptText(ring, encryptText(ring, text, "c"), "c")).toBe(text);
  });

  it("open only with the context they were sealed with (a value copied to another row does not open)", () => {
    const sealed = encryptText(ring, "secret", "totp:user-1");
    for (const context of ["totp:user-2", "", "totp:user-1 ", "TOTP:user-1"]) {
      expect(thrownBy(() => decryptText(ring, sealed, context)), JSON.stringify(context)).toBeInstanceOf(DecryptionError);
    }
  });

  it("refuse a changed byte anywhere: IV, ciphertext or tag", () => {
    const sealed = encryptText(ring, "secret value", "ctx");
    const [prefix, keyId, iv, body] = sealed.split(".");
    const flip = (text: string, index: number) => {
      const bytes = Buffer.from(text, "base64url");
      bytes[index]! ^= 0x01;
      return bytes.toString("base64url");
    };
    const bodyLength = Buffer.from(body!, "base64url").length;
    const changed = [
      [prefix, keyId, flip(iv!, 0), body],
      [prefix, keyId, flip(iv!, 11), body],
      [prefix, keyId, iv, flip(body!, 0)],
      [prefix, keyId, iv, flip(body!, bodyLength - 17)],
      [prefix, keyId, iv, flip(body!, bodyLength - 16)],
      [prefix, keyId, iv, flip(body!, bodyLength - 1)],
    ];
    for (const parts of changed) expect(thrownBy(() => decryptText(ring, parts.join("."), "ctx"))).toBeInstanceOf(DecryptionError);
  });

  it("refuse another ring's key, and a key id swapped for another key of the ring", () => {
    const sealed = encryptText(ring, "secret", "ctx");
    const other = parseKeyRing(`new:${generateKey()}`);
    expect(thrownBy(() => decryptText(other, sealed, "ctx"))).toBeInstanceOf(DecryptionError);
    expect(thrownBy(() => decryptText(ring, sealed.replace(".new.", ".old."), "ctx"))).toBeInstanceOf(DecryptionError);
  });

  it("refuse malformed envelopes with a DecryptionError, never another error", () => {
    const sealed = encryptText(ring, "secret", "ctx");
    const [, , iv, body] = sealed.split(".");
    for (const bad of ["", "secret", "enc1", "enc1.new", "enc1.new.", `enc1.new.${iv}`, `enc1.new.${iv}.`, `enc2.new.${iv}.${body}`, `enc1.gone.${iv}.${body}`, `enc1.new.AAAA.${body}`, `enc1.new.${iv}.AA`, `enc1.new.!!!.${body}`, "enc1....", "....."]) {
      const error = thrownBy(() => decryptText(ring, bad, "ctx"));
      expect(error, JSON.stringify(bad)).toBeInstanceOf(DecryptionError);
    }
    expect((thrownBy(() => decryptText(ring, `enc1.gone.${iv}.${body}`, "ctx")) as Error).message).toContain('Unknown encryption key "gone"');
  });

  it("after a rotation, the old key still opens old values and new values use the new key", () => {
    const before = parseKeyRing(`old:${keyA}`);
    const oldValue = encryptText(before, "from before", "ctx");
    expect(keyIdOf(oldValue)).toBe("old");
    expect(decryptText(ring, oldValue, "ctx")).toBe("from before");
    expect(keyIdOf(encryptText(ring, "after", "ctx"))).toBe("new");
    // Once the old key is gone from the ring, old values no longer open.
    expect(thrownBy(() => decryptText(parseKeyRing(`new:${keyB}`), oldValue, "ctx"))).toBeInstanceOf(DecryptionError);
  });
});

describe("file envelopes", () => {
  it("are T1 | key id length | key id | iv | tag | ciphertext, and open with the same context", () => {
    const data = randomBytes(1000);
    const sealed = encryptBytes(ring, data, "attachment:1");
    expect(sealed.subarray(0, 2).toString()).toBe("T1");
    expect(sealed[2]).toBe(3);
    expect(sealed.subarray(3, 6).toString()).toBe("new");
    expect(sealed).toHaveLength(2 + 1 + 3 + 12 + 16 + 1000);
    expect(sealed.includes(data.subarray(0, 32))).toBe(false);
    expect(decryptBytes(ring, sealed, "attachment:1")).toEqual(data);
    expect(decryptBytes(ring, encryptBytes(ring, Buffer.alloc(0), "c"), "c")).toEqual(Buffer.alloc(0));
  });

  it("refuse another context, a changed byte anywhere after the header, and another ring", () => {
    const sealed = encryptBytes(ring, Buffer.from("%PDF-1.4 a letter"), "attachment:1");
    expect(thrownBy(() => decryptBytes(ring, sealed, "attachment:2"))).toBeInstanceOf(DecryptionError);
    for (let index = 6; index < sealed.length; index++) {
      const changed = Buffer.from(sealed);
      changed[index]! ^= 0x80;
      expect(thrownBy(() => decryptBytes(ring, changed, "attachment:1")), `byte ${index}`).toBeInstanceOf(DecryptionError);
    }
    expect(thrownBy(() => decryptBytes(parseKeyRing(`new:${generateKey()}`), sealed, "attachment:1"))).toBeInstanceOf(DecryptionError);
  });

  it("refuse malformed blobs with a DecryptionError, never another error", () => {
    const sealed = encryptBytes(ring, Buffer.from("content"), "c");
    const bad = [Buffer.alloc(0), Buffer.from("T"), Buffer.from("T1"), Buffer.from("T2"), Buffer.from([0x54, 0x31, 200]), sealed.subarray(0, 10), Buffer.concat([Buffer.from("T1"), Buffer.from([4]), Buffer.from("gone"), sealed.subarray(6)]), Buffer.from("plain text, not sealed")];
    for (const blob of bad) expect(thrownBy(() => decryptBytes(ring, blob, "c")), blob.toString("hex").slice(0, 20)).toBeInstanceOf(DecryptionError);
  });
});

describe("server-sealed columns", () => {
  it("seal a TOTP secret to its user and queued mail to its idempotency key", () => {
    const totp = sealTotpSecret(ring, "user-1", "JBSWY3DPEHPK3PXP");
    expect(openTotpSecret(ring, "user-1", totp)).toBe("JBSWY3DPEHPK3PXP");
    expect(thrownBy(() => openTotpSecret(ring, "user-2", totp))).toBeInstanceOf(DecryptionError);
    const content: OutboxContent = { to: "a@trygg.test", subject: "Hej", text: "Link: https://trygg.example/x", html: "<p>Hej</p>", attachments: [] };
    const mail = sealOutboxContent(ring, "invite:1", content);
    expect(mail).not.toContain("trygg.example");
    expect(openOutboxContent(ring, "invite:1", mail)).toEqual(content);
    expect(thrownBy(() => openOutboxContent(ring, "invite:2", mail))).toBeInstanceOf(DecryptionError);
  });
});
