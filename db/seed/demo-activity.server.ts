import { and, eq } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { reports, units, users, type User } from "@db/schema";
import { checkPassword } from "~/auth/password.server";
import { createEvent, publishEvent } from "~/domain/events/events.server";
import { zonedTimeToUtc } from "~/domain/events/time";
import { applyCaseAction, type CaseAction } from "~/domain/reports/case.server";
import type { ReportInput } from "~/domain/reports/report-form";
import { submitReport } from "~/domain/reports/submit.server";
import { openWithPassword } from "~/domain/sealing/account-keys.server";
import type { SealingKeys } from "~/domain/sealing/unit-keys.server";
import type { Locale } from "~/i18n/locales";
import { demoLogins } from "./seed.server";

export interface DemoActivityContext {
  origin: string;
  now: Date;
  escalationHours: readonly [number, number, number];
  followUpHours: readonly [number, number, number];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The calendar date `days` from `now`, in a zone, as the organizer's form would give it. */
function dateIn(now: Date, days: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(now.getTime() + days * DAY));
}

/** The two real meetings of the sources, moved to the coming weeks, made by the demo organizer and published. */
async function seedDemoEvents(db: Executor, organizer: User, now: Date): Promise<number> {
  const actor = { userId: organizer.id, ip: null };
  const webinarDay = dateIn(now, 14, "Europe/Copenhagen");
  const meetingDay = dateIn(now, 21, "Europe/Oslo");
  const webinar = await createEvent(db, {
    translations: {
      da: {
        title: "Tryg valgkamp: webinar for opstillede kandidater",
        description: "En times gennemgang af de vigtigste råd i vejledningen om chikane og trusler mod kandidater: hvordan du forbereder dig, og hvad du gør, hvis det sker.",
        agenda: ["Velkomst", "Forberedelse før valgkampen", "Når det sker: hvem du kontakter", "Spørgsmål"],
      },
    },
    timeZone: "Europe/Copenhagen",
    startsAt: zonedTimeToUtc(webinarDay, "08:00", "Europe/Copenhagen"),
    endsAt: zonedTimeToUtc(webinarDay, "09:00", "Europe/Copenhagen"),
    audience: ["candidates"],
    capacity: 9000,
    registrationDeadline: zonedTimeToUtc(dateIn(now, 13, "Europe/Copenhagen"), "12:00", "Europe/Copenhagen"),
    joinUrl: "https://meet.example.org/tryg-valgkamp",
    meetingId: null,
    passcode: null,
  }, actor);
  const meeting = await createEvent(db, {
    translations: {
      nb: {
        title: "Informasjonsmøte om sikker gjennomføring av valget",
        description: "Et digitalt møte for ledere og nestledere i valgstyrene og fylkesvalgstyrene og for valgansvarlige i kommuner og fylkeskommuner: trusselbildet, politiets tiltak og rutiner for manuell gjennomføring av valget.",
        agenda: ["Velkommen", "Trusselbildet for valget", "Tiltak i politiet", "Manuelle rutiner for valggjennomføring", "Klagebehandling og frister", "Spørsmål og diskusjon"],
      },
    },
    timeZone: "Europe/Oslo",
    startsAt: zonedTimeToUtc(meetingDay, "12:00", "Europe/Oslo"),
    endsAt: zonedTimeToUtc(meetingDay, "13:00", "Europe/Oslo"),
    audience: ["election-officials"],
    capacity: 500,
    registrationDeadline: zonedTimeToUtc(dateIn(now, 20, "Europe/Oslo"), "12:00", "Europe/Oslo"),
    joinUrl: "https://meet.example.org/valgstyrene",
    meetingId: null,
    passcode: null,
  }, actor);
  await publishEvent(db, webinar.id, actor);
  await publishEvent(db, meeting.id, actor);
  return 2;
}

interface DemoReport {
  locale: Locale;
  country: "dk" | "se" | "no";
  party: string;
  place: string | null;
  level: 1 | 2 | 3 | 4 | 5;
  inDanger?: boolean;
  hoursAgo: number;
  description: string;
  contactMethod: "anonymous" | "email";
  /** What the demo officer has done with it since, in order. */
  actions: CaseAction[];
}

// Invented incidents, written for the demo; the demo officer serves these parties.
const demoReports: DemoReport[] = [
  {
    locale: "da", country: "dk", party: "Fællesskabspartiet (demo)", place: "Københavns Kommune", level: 4, hoursAgo: 2,
    description: "En mand har to aftener i træk stået ved min opgang og råbt mit navn. I går fulgte han efter mig fra valgstanden til metroen.",
    contactMethod: "email", actions: [],
  },
  {
    locale: "da", country: "dk", party: "Fællesskabspartiet (demo)", place: "Københavns Kommune", level: 2, hoursAgo: 30,
    description: "Under mine opslag på Facebook skriver den samme profil hver dag, at folk som mig burde forsvinde fra politik.",
    contactMethod: "anonymous",
    actions: [{ type: "acknowledge" }, { type: "message", text: "Tak for din indberetning. Kan du sende skærmbilleder af kommentarerne med dato?" }, { type: "status", status: "waiting_for_reporter" }],
  },
  {
    locale: "sv", country: "se", party: "Framtidspartiet (demo)", place: null, level: 3, hoursAgo: 50,
    description: "Någon har klistrat lappar med min hemadress och bild på lyktstolpar nära valstugan.",
    contactMethod: "anonymous",
    actions: [{ type: "acknowledge" }, { type: "note", text: "Ringde till partiets säkerhetsansvariga i regionen; de tar bort lapparna." }, { type: "police", caseNumber: "5000-K123456-26" }, { type: "status", status: "in_progress" }],
  },
  {
    locale: "da", country: "dk", party: "Fællesskabspartiet (demo)", place: "Københavns Kommune", level: 1, hoursAgo: 120,
    description: "En vælger var meget vred ved standen og blev ved med at afbryde, men gik, da jeg bad ham om det.",
    contactMethod: "anonymous",
    actions: [{ type: "acknowledge" }, { type: "close", outcome: "no_further_action", note: "Tak fordi du skrev. Vi gør ikke mere ved det nu, men skriv igen, hvis han kommer tilbage." }],
  },
  {
    locale: "nb", country: "no", party: "Fellesskapspartiet (demo)", place: null, level: 5, inDanger: true, hoursAgo: 0.2,
    description: "Jeg har fått en melding om at noen vet hvor barna mine går på skole, og at de skal ta meg etter valget.",
    contactMethod: "anonymous", actions: [],
  },
];

async function unitIdOf(db: Executor, country: string, kind: string, name: string): Promise<string | undefined> {
  const [unit] = await db.select({ id: units.id }).from(units).where(and(eq(units.country, country as never), eq(units.kind, kind as never), eq(units.name, name)));
  return unit?.id;
}

/**
 * Reports in several states, through the same submission and case code as real ones (so they are
 * sealed like real ones). Their receipt codes are not kept or printed anywhere.
 */
async function seedDemoReports(db: Executor, keys: SealingKeys, officer: User, password: string, context: DemoActivityContext): Promise<number> {
  const check = await checkPassword(officer.passwordHash!, password);
  if (!check.ok || !check.wrapKey) return 0;
  const privateKey = openWithPassword(officer, check.wrapKey);
  let made = 0;
  for (const demo of demoReports) {
    const party = await unitIdOf(db, demo.country, "party", demo.party);
    const place = demo.place ? await unitIdOf(db, demo.country, "municipality", demo.place) : undefined;
    if (!party) continue;
    const at = new Date(context.now.getTime() - demo.hoursAgo * HOUR);
    const form: ReportInput = {
      idempotencyKey: crypto.randomUUID(),
      role: "candidate",
      country: demo.country,
      party,
      place,
      level: demo.level,
      inDanger: demo.inDanger ?? false,
      when: at.toISOString().slice(0, 10),
      description: demo.description,
      policeTold: "no",
      contactMethod: demo.contactMethod,
      contactEmail: demo.contactMethod === "email" ? "kandidat@trygg.test" : undefined,
      consent: true,
    } as ReportInput;
    const receipt = await submitReport(db, keys, { form, locale: demo.locale, partyName: demo.party, placeName: demo.place, attachments: [] }, { origin: context.origin, now: at, escalationHours: context.escalationHours });
    if ("refused" in receipt) continue;
    const [report] = await db.select({ id: reports.id }).from(reports).where(eq(reports.reference, receipt.reference));
    if (!report) continue;
    made++;
    let step = 0;
    for (const action of demo.actions) {
      step++;
      const now = new Date(at.getTime() + step * Math.min(HOUR, (demo.hoursAgo * HOUR) / (demo.actions.length + 1)));
      await applyCaseAction(db, report.id, action, { keys, user: officer, privateKey, now, origin: context.origin, ip: null, followUpHours: context.followUpHours });
    }
  }
  return made;
}

/** Demo events and reports, so that every staff page shows something on a fresh start. */
export async function seedDemoActivity(db: Executor, keys: SealingKeys, context: DemoActivityContext): Promise<{ events: number; reports: number }> {
  const find = async (role: string) => {
    const login = demoLogins.find((candidate) => candidate.roles.includes(role as never))!;
    const [user] = await db.select().from(users).where(eq(users.email, login.email));
    return user ? { user, password: login.password } : undefined;
  };
  const organizer = await find("organizer");
  const officer = await find("officer");
  const eventsMade = organizer ? await seedDemoEvents(db, organizer.user, context.now) : 0;
  const reportsMade = officer ? await seedDemoReports(db, keys, officer.user, officer.password, context) : 0;
  return { events: eventsMade, reports: reportsMade };
}
