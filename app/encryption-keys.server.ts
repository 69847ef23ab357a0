import fs from "node:fs";
import path from "node:path";
import { getConfig } from "~/config.server";
import { generateKey, parseKeyRing, type KeyRing } from "~/domain/sealing/server-key.server";
import type { SealingKeys } from "~/domain/sealing/unit-keys.server";

let ring: KeyRing | undefined;
let usingDevKey = false;

/**
 * The process's encryption keys: from ENCRYPTION_KEYS, or else a development key generated on
 * first start and kept in DATA_DIR (never in the database).
 */
export function getKeyRing(): KeyRing {
  if (ring) return ring;
  const config = getConfig();
  if (config.ENCRYPTION_KEYS) {
    ring = parseKeyRing(config.ENCRYPTION_KEYS, config.ENCRYPTION_KEY_ID);
    return ring;
  }
  // Only demo mode may make a key beside the data (configuration refuses DEMO_DATA=0 without keys).
  if (!config.DEMO_DATA) throw new Error("ENCRYPTION_KEYS is required when DEMO_DATA=0");
  const file = path.join(config.DATA_DIR, "dev-encryption.key");
  fs.mkdirSync(config.DATA_DIR, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, `dev:${generateKey()}\n`, { mode: 0o600, flag: "wx" });
  ring = parseKeyRing(fs.readFileSync(file, "utf8").trim());
  usingDevKey = true;
  return ring;
}

export function isUsingDevKey(): boolean {
  getKeyRing();
  return usingDevKey;
}

let sealing: SealingKeys | undefined;

/** The server key ring and the escrow public key, as the sealing module takes them. */
export function getSealingKeys(): SealingKeys {
  if (sealing) return sealing;
  const escrow = getConfig().ESCROW_PUBLIC_KEY;
  sealing = { ring: getKeyRing(), escrowPublicKey: escrow ? Buffer.from(escrow, "base64") : null };
  return sealing;
}
