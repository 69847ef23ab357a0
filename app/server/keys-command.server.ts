import fs from "node:fs";
import { eq } from "drizzle-orm";
import { units, users } from "@db/schema";
import { getConfig } from "~/config.server";
import { closeDatabase, getDatabase } from "~/db.server";
import { recordAudit } from "~/domain/audit.server";
import { decodeKey, encodeKey, newKeyPair, publicKeyOf } from "~/domain/sealing/boxes.server";
import { sealLegacyReports } from "~/domain/sealing/legacy.server";
import { resealServerColumns } from "~/domain/sealing/server-sealed.server";
import { restoreFromEscrow } from "~/domain/sealing/unit-keys.server";
import { getSealingKeys } from "~/encryption-keys.server";
import { sealLegacyOutbox } from "~/mail/outbox.server";

/**
 * `npm run keys:<command>`: key work an operator does by hand.
 *   rotate              seal anything from before sealing, then re-seal every server-sealed column
 *                       under ENCRYPTION_KEY_ID (the last key listed); afterwards older keys can go
 *   escrow-keypair      print a new escrow key pair (keep the private half off the server)
 *   escrow-restore --unit <unit id> --to <e-mail>
 *                       give a unit's keys to a person from the escrow private key, read from the
 *                       file named by ESCROW_PRIVATE_KEY_FILE (or standard input); audited
 */
export async function runKeysCommand(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === "escrow-keypair") {
    const pair = newKeyPair();
    console.log(`ESCROW_PUBLIC_KEY=${Buffer.from(pair.publicKey).toString("base64")}`);
    console.log(`Escrow private key (print it, keep it off the server, never in the environment): ${Buffer.from(pair.privateKey).toString("base64")}`);
    return 0;
  }
  const database = await getDatabase();
  try {
    const keys = getSealingKeys();
    if (command === "rotate") {
      const legacy = await sealLegacyReports(database.db, keys, new Date());
      const outbox = await sealLegacyOutbox(database.db, keys.ring);
      console.log(`Sealed from before sealing: ${legacy.sealed} reports, ${outbox} queued mails`);
      const totals = await resealServerColumns(database.db, keys.ring, { onProgress: (line) => console.log(line) });
      console.log(`Re-sealed under key "${keys.ring.currentId}": ${Object.entries(totals).map(([name, count]) => `${name} ${count}`).join(", ")}`);
      console.log("Done. Keys other than the current one may now be removed from ENCRYPTION_KEYS.");
      return 0;
    }
    if (command === "escrow-restore") {
      const option = (name: string) => {
        const index = rest.indexOf(`--${name}`);
        return index >= 0 ? rest[index + 1] : undefined;
      };
      const unitId = option("unit");
      const email = option("to")?.toLowerCase();
      if (!unitId || !email) {
        console.error("Usage: npm run keys:escrow-restore -- --unit <unit id> --to <e-mail>");
        return 2;
      }
      const file = process.env.ESCROW_PRIVATE_KEY_FILE;
      const text = (file ? fs.readFileSync(file, "utf8") : fs.readFileSync(0, "utf8")).trim();
      const escrowPrivateKey = decodeKey(Buffer.from(text, "base64").toString("base64url"));
      const escrowPublicKey = publicKeyOf(escrowPrivateKey);
      const configured = getConfig().ESCROW_PUBLIC_KEY;
      if (configured && Buffer.from(configured, "base64").toString("base64url") !== encodeKey(escrowPublicKey)) {
        console.error("That private key does not belong to ESCROW_PUBLIC_KEY.");
        return 1;
      }
      const [unit] = await database.db.select().from(units).where(eq(units.id, unitId));
      const [user] = await database.db.select().from(users).where(eq(users.email, email));
      if (!unit || !user) {
        console.error(!unit ? "No such unit." : "No such person.");
        return 1;
      }
      const restored = await database.db.transaction(async (tx) => {
        const count = await restoreFromEscrow(tx, keys, { unitId, userId: user.id, escrowPrivateKey, escrowPublicKey }, new Date());
        await recordAudit(tx, { actorLabel: "escrow procedure", action: "unit.key-escrow-restored", subjectType: "unit", subjectId: unitId, details: { granteeUserId: user.id, keys: count } });
        return count;
      });
      console.log(`${restored} key(s) of ${unit.name} given to ${email} from escrow.`);
      return restored > 0 ? 0 : 1;
    }
    console.error("Commands: rotate, escrow-keypair, escrow-restore --unit <id> --to <e-mail>");
    return 2;
  } finally {
    await closeDatabase();
  }
}
