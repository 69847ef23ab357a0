import { eq, sql } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { unitOfficers, units, users, type CountryCode, type StaffRole } from "@db/schema";
import { newPasswordSecrets } from "~/auth/password.server";
import { replaceRecoveryCodes } from "~/auth/recovery-codes.server";
import { decodeTotpSecret } from "~/auth/totp.server";
import { giveAccountKeys } from "~/domain/sealing/keyholders.server";
import { sealTotpSecret } from "~/domain/sealing/server-sealed.server";
import type { SealingKeys } from "~/domain/sealing/unit-keys.server";
import { demoParties, denmarkRegions, norwayCounties, swedenRegions, type SeedRegion } from "./units-data";

export const nationalUnitName: Record<CountryCode, string> = {
  dk: "Trygg – national kø (Danmark)",
  se: "Trygg – nationell kö (Sverige)",
  no: "Trygg – nasjonal kø (Norge)",
};

/**
 * The regions (DK regioner, SE regioner, NO fylker) and Danish municipalities every deployment
 * needs. Inserted when missing, so it is safe at every start.
 */
export async function seedReferenceUnits(db: Executor): Promise<number> {
  let added = 0;
  const ensure = async (country: CountryCode, kind: "region" | "municipality" | "national", name: string, parentId: string | null, areaUnitId: string | null = null) => {
    const inserted = await db
      .insert(units)
      .values({ country, kind, name, parentId, areaUnitId })
      .onConflictDoNothing({ target: [units.country, units.kind, units.name] })
      .returning({ id: units.id });
    if (inserted[0]) {
      added++;
      return inserted[0].id;
    }
    const [existing] = await db.select({ id: units.id }).from(units).where(sql`${units.country} = ${country} and ${units.kind} = ${kind} and ${units.name} = ${name}`);
    return existing!.id;
  };
  const regionsOf: Array<[CountryCode, SeedRegion[]]> = [
    ["dk", denmarkRegions],
    ["se", swedenRegions],
    ["no", norwayCounties],
  ];
  for (const [country, regions] of regionsOf) {
    // The national queue: where a report goes when no closer unit has a primary officer.
    await ensure(country, "national", nationalUnitName[country], null);
    for (const region of regions) {
      const regionId = await ensure(country, "region", region.name, null);
      for (const municipality of region.municipalities) await ensure(country, "municipality", municipality, regionId);
    }
  }
  return added;
}

/** The fictional demo parties and their districts. */
export async function seedDemoParties(db: Executor): Promise<void> {
  for (const party of demoParties) {
    const [partyRow] = await db
      .insert(units)
      .values({ country: party.country, kind: "party", name: party.name })
      .onConflictDoNothing({ target: [units.country, units.kind, units.name] })
      .returning({ id: units.id });
    const partyId = partyRow?.id ?? (await unitId(db, party.country, "party", party.name));
    for (const district of party.districts) {
      const areaId = await unitId(db, party.country, "region", district.regionName);
      await db
        .insert(units)
        .values({ country: party.country, kind: "party-district", name: district.name, parentId: partyId, areaUnitId: areaId })
        .onConflictDoNothing({ target: [units.country, units.kind, units.name] });
    }
  }
}

async function unitId(db: Executor, country: CountryCode, kind: string, name: string): Promise<string> {
  const [row] = await db.select({ id: units.id }).from(units).where(sql`${units.country} = ${country} and ${units.kind} = ${kind} and ${units.name} = ${name}`);
  if (!row) throw new Error(`Seed data names an unknown unit: ${country} ${kind} ${name}`);
  return row.id;
}

export interface DemoLogin {
  email: string;
  password: string;
  roles: StaffRole[];
  /** Base32, for an authenticator app. */
  totpSecret: string;
}

// Fixed demo secrets, so a developer can add them to an authenticator app once.
export const demoLogins: DemoLogin[] = [
  { email: "admin@trygg.test", password: "demo-admin-trygg", roles: ["administrator"], totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" },
  { email: "officer@trygg.test", password: "demo-officer-trygg", roles: ["officer"], totpSecret: "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU" },
  { email: "organizer@trygg.test", password: "demo-organizer-trygg", roles: ["organizer"], totpSecret: "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK" },
];

/**
 * Demo staff with known passwords and TOTP secrets, the demo officer on a few units and the demo
 * administrator on the three national units. Each gets a key pair from their password, like a
 * real account, and each unit they serve its key (their recovery keys are not kept anywhere).
 */
export async function seedDemoStaff(db: Executor, keys: SealingKeys): Promise<boolean> {
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(users)) as [{ count: number }];
  if (count > 0) return false;
  const now = new Date();
  for (const login of demoLogins) {
    const secrets = await newPasswordSecrets(login.password);
    const [user] = await db
      .insert(users)
      .values({
        email: login.email,
        name: login.email.split("@")[0]!.replace(/^./, (c) => c.toUpperCase()) + " (demo)",
        roles: login.roles,
        status: "active",
        passwordHash: secrets.record,
        totpEnrolledAt: now,
      })
      .returning();
    decodeTotpSecret(login.totpSecret); // fails loudly if a demo secret is not valid base32
    await db.update(users).set({ totpSecret: sealTotpSecret(keys.ring, user!.id, login.totpSecret) }).where(eq(users.id, user!.id));
    await replaceRecoveryCodes(db, user!.id);
    const served: ReadonlyArray<readonly [CountryCode, string, string]> = login.roles.includes("officer")
      ? [
          ["dk", "region", "Region Hovedstaden"],
          ["dk", "party", "Fællesskabspartiet (demo)"],
          ["se", "party", "Framtidspartiet (demo)"],
          ["no", "party", "Fellesskapspartiet (demo)"],
        ]
      : login.roles.includes("administrator")
        ? (["dk", "se", "no"] as const).map((country) => [country, "national", nationalUnitName[country]] as const)
        : [];
    {
      for (const [country, kind, name] of served) {
        const id = await unitId(db, country, kind, name).catch(() => undefined);
        if (!id) continue;
        await db.insert(unitOfficers).values({
          unitId: id,
          userId: user!.id,
          role: "primary",
          phone: "+45 70 00 00 00",
          email: login.email,
          emailVerifiedAt: now,
          phoneCallVerifiedAt: now,
          phoneSmsVerifiedAt: now,
        });
      }
    }
    await giveAccountKeys(db, keys, user!, secrets.wrapKey, now);
  }
  return true;
}
