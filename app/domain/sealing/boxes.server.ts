import sodium from "libsodium-wrappers";
import { SealError } from "./aead.server";

// libsodium is WebAssembly: ready once per process, before the first box is sealed.
await sodium.ready;

export interface KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** A new X25519 key pair. */
export function newKeyPair(): KeyPair {
  const pair = sodium.crypto_box_keypair();
  return { publicKey: pair.publicKey, privateKey: pair.privateKey };
}

/** The public half of an X25519 private key. */
export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  return sodium.crypto_scalarmult_base(privateKey);
}

const PREFIX = "sb1.";

/**
 * A libsodium sealed box (X25519 + XSalsa20-Poly1305 with an ephemeral sender key) to
 * `publicKey`. Sealed boxes have no associated data, so `context` travels inside the box and must
 * match on opening: a box copied to another row does not open there.
 */
export function sealTo(publicKey: Uint8Array, data: Uint8Array, context: string): string {
  const label = Buffer.from(`${context}\0`, "utf8");
  return PREFIX + Buffer.from(sodium.crypto_box_seal(Buffer.concat([label, data]), publicKey)).toString("base64url");
}

export function openSealed(pair: KeyPair, sealed: string, context: string): Buffer {
  if (!sealed.startsWith(PREFIX)) throw new SealError("Not a sealed box");
  let opened: Uint8Array;
  try {
    opened = sodium.crypto_box_seal_open(Buffer.from(sealed.slice(PREFIX.length), "base64url"), pair.publicKey, pair.privateKey);
  } catch {
    throw new SealError("The box does not open with this key");
  }
  const label = Buffer.from(`${context}\0`, "utf8");
  const body = Buffer.from(opened);
  if (body.length < label.length || !body.subarray(0, label.length).equals(label)) throw new SealError("The box was sealed for another context");
  return body.subarray(label.length);
}

export const encodeKey = (key: Uint8Array) => Buffer.from(key).toString("base64url");
export const decodeKey = (text: string) => {
  const key = Buffer.from(text, "base64url");
  if (key.length !== 32) throw new SealError("A key must be 32 bytes");
  return key;
};
