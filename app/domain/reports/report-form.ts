import { z } from "zod";

export const reporterRoles = ["candidate", "elected", "volunteer", "party_staff"] as const;
export const threatLevels = [1, 2, 3, 4, 5, 6] as const;
export const contactMethods = ["anonymous", "email", "phone"] as const;
export const reportCountries = ["dk", "se", "no"] as const;
export type ReportCountry = (typeof reportCountries)[number];

/** The country whose parties and places the form lists: `?country=`, or the fallback for anything else. */
export function chosenCountry(value: unknown, fallback: ReportCountry): ReportCountry {
  return z.enum(reportCountries).catch(fallback).parse(value);
}

// Control characters (Unicode's Cc: C0, DEL and C1) have no place in a report; tabs and newlines stay in long texts.
const clean = (value: string) => value.replace(/(?![\t\n\r])\p{Cc}/gu, "").trim();
const optionalLine = (max: number) =>
  z.preprocess((value) => (typeof value === "string" ? clean(value) || undefined : value), z.string().max(max, "errors.tooLong").optional());
// A line whose checks depend on another answer (see the refinement below).
const dependentLine = () => z.preprocess((value) => (typeof value === "string" ? clean(value) || undefined : value), z.string().optional());

const contactEmail = z.email();
const contactPhone = /^\+?[0-9 ()-]{6,20}$/;

/**
 * The report form: one schema for the browser (conform) and the server. Messages are keys in
 * the `report` namespace. Attachments are checked separately, by content.
 */
export const reportSchema = z
  .object({
    idempotencyKey: z.uuid("errors.expired"),
    // A field people never see: filled in, it is a robot.
    website: z.preprocess((value) => (value === "" ? undefined : value), z.undefined({ error: "errors.robot" }).optional()),
    role: z.enum(reporterRoles, "errors.chooseOne"),
    country: z.enum(reportCountries, "errors.chooseOne"),
    party: z.union([z.literal("none"), z.uuid()], "errors.chooseOne"),
    place: z.preprocess((value) => (value === "" ? undefined : value), z.uuid("errors.chooseOne").optional()),
    level: z.coerce.number("errors.chooseOne").int("errors.chooseOne").min(1, "errors.chooseOne").max(6, "errors.chooseOne"),
    when: z.iso.date("errors.date"),
    time: z.preprocess((value) => (value === "" ? undefined : value), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "errors.time").optional()),
    where: optionalLine(300),
    description: z
      .string({ error: "errors.required" })
      .transform(clean)
      .pipe(z.string().min(10, "errors.describeMore").max(5000, "errors.tooLong")),
    perpetrator: optionalLine(1000),
    policeTold: z.enum(["yes", "no"], "errors.chooseOne"),
    // Checked below, and only when the police were told: a number left behind after choosing "no" is ignored.
    policeCaseNumber: dependentLine(),
    inDanger: z.preprocess((value) => value === "on" || value === true, z.boolean()),
    contactMethod: z.enum(["anonymous", "email", "phone"], "errors.chooseOne"),
    // Checked below, each only for its own contact method: without JavaScript every contact field is
    // on the page, and what was typed into the one not chosen is ignored (and never stored).
    contactEmail: dependentLine(),
    contactPhone: dependentLine(),
    consent: z.preprocess((value) => value === "on" || value === true, z.literal(true, "errors.consent")),
  })
  .superRefine((value, context) => {
    const problem = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
    if (value.contactMethod === "email") {
      if (!value.contactEmail) problem("contactEmail", "errors.required");
      else if (value.contactEmail.length > 254) problem("contactEmail", "errors.tooLong");
      else if (!contactEmail.safeParse(value.contactEmail).success) problem("contactEmail", "errors.email");
    }
    if (value.contactMethod === "phone") {
      if (!value.contactPhone) problem("contactPhone", "errors.required");
      else if (!contactPhone.test(value.contactPhone)) problem("contactPhone", "errors.phone");
    }
    if (value.policeTold === "yes" && value.policeCaseNumber && value.policeCaseNumber.length > 60) problem("policeCaseNumber", "errors.tooLong");
    const today = new Date();
    const when = Date.parse(`${value.when}T00:00:00Z`);
    if (when > today.getTime() + 86_400_000 || when < Date.parse("2000-01-01T00:00:00Z")) {
      context.addIssue({ code: "custom", path: ["when"], message: "errors.dateRange" });
    }
  });

export type ReportInput = z.output<typeof reportSchema>;

/** The sealed part of a report: everything the reporter wrote and everything that identifies them. */
export interface ReportContents {
  role: (typeof reporterRoles)[number];
  partyName: string | null;
  placeName: string | null;
  when: string;
  time: string | null;
  where: string | null;
  description: string;
  perpetrator: string | null;
  policeTold: boolean;
  policeCaseNumber: string | null;
  contactMethod: (typeof contactMethods)[number];
  contactEmail: string | null;
  contactPhone: string | null;
}
