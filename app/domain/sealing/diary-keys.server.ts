import { randomBytes } from "node:crypto";
import { aeadOpen, aeadOpenText, aeadSeal, aeadSealText, deriveKey } from "./aead.server";

/**
 * A private diary's keys. The diary has its own random key; it is stored only wrapped by a key
 * derived from the diary's code (≈ 99 bits, so HKDF with a per-diary salt), and for a visit, by a
 * key derived from the visit's token. No unit key and no server key can open it.
 */

const normalizeCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");

export function newDiaryKey(): Buffer {
  return randomBytes(32);
}

export function wrapDiaryKeyForCode(diaryId: string, key: Uint8Array, code: string): { codeSalt: string; codeWrap: string } {
  const salt = randomBytes(16);
  const wrapKey = deriveKey(normalizeCode(code), salt, "trygg diary code wrap");
  return { codeSalt: salt.toString("base64url"), codeWrap: aeadSeal(wrapKey, key, `diary-code:${diaryId}`).toString("base64url") };
}

export function openDiaryKeyWithCode(diary: { id: string; codeSalt: string; codeWrap: string }, code: string): Buffer | undefined {
  try {
    const wrapKey = deriveKey(normalizeCode(code), Buffer.from(diary.codeSalt, "base64url"), "trygg diary code wrap");
    return aeadOpen(wrapKey, Buffer.from(diary.codeWrap, "base64url"), `diary-code:${diary.id}`);
  } catch {
    return undefined;
  }
}

export function wrapDiaryKeyForVisit(visitId: string, diaryId: string, key: Uint8Array, token: string): string {
  return aeadSeal(deriveKey(token, visitId, "trygg diary visit"), key, `diary-visit:${visitId}:${diaryId}`).toString("base64url");
}

export function openDiaryKeyWithVisit(visitId: string, diaryId: string, keyWrap: string, token: string): Buffer | undefined {
  try {
    return aeadOpen(deriveKey(token, visitId, "trygg diary visit"), Buffer.from(keyWrap, "base64url"), `diary-visit:${visitId}:${diaryId}`);
  } catch {
    return undefined;
  }
}

/** Everything sealed under one diary's key: its contents, and each file (name, type and bytes together). */
export function diaryCipher(diaryId: string, key: Uint8Array) {
  return {
    diaryId,
    sealContents: <T>(contents: T) => aeadSealText(key, JSON.stringify(contents), `diary:${diaryId}:contents`),
    openContents: <T>(sealed: string) => JSON.parse(aeadOpenText(key, sealed, `diary:${diaryId}:contents`)) as T,
    sealFile: (fileId: string, file: { name: string; type: string; bytes: Uint8Array }) => {
      const header = Buffer.from(JSON.stringify({ name: file.name, type: file.type }), "utf8");
      const length = Buffer.alloc(4);
      length.writeUInt32BE(header.length);
      return aeadSeal(key, Buffer.concat([length, header, file.bytes]), `diary:${diaryId}:file:${fileId}`);
    },
    openFile: (fileId: string, sealed: Uint8Array) => {
      const plain = aeadOpen(key, sealed, `diary:${diaryId}:file:${fileId}`);
      const headerLength = plain.readUInt32BE(0);
      const header = JSON.parse(plain.subarray(4, 4 + headerLength).toString("utf8")) as { name: string; type: string };
      return { ...header, bytes: new Uint8Array(plain.subarray(4 + headerLength)) };
    },
  };
}
export type DiaryCipher = ReturnType<typeof diaryCipher>;
