import { z } from "zod";
import { eventTimeZones, zonedTimeToUtc } from "./time";

export const attendeeRoles = ["candidate", "elected", "election_official", "officer", "other"] as const;
export const eventAudiences = ["candidates", "election-officials", "officers"] as const;

const optionalText = (max: number) =>
  z.preprocess((value) => (typeof value === "string" ? value.trim() || undefined : value), z.string().max(max, "errors.tooLong").optional());

/** The public registration form. */
export const registrationSchema = z.object({
  name: z.string({ error: "errors.required" }).trim().min(2, "errors.tooShort").max(120, "errors.tooLong"),
  email: z.string({ error: "errors.required" }).trim().max(254, "errors.tooLong").pipe(z.email("errors.email")),
  role: z.enum(attendeeRoles, "errors.chooseOne"),
  organization: optionalText(160),
  accessibilityNeeds: optionalText(1000),
  answer: optionalText(1000),
});

const time = z.string({ error: "errors.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "errors.time");

/** The organizer's event form fields, each checked on its own. */
const eventFields = z.object({
  titleDa: optionalText(160),
  descriptionDa: optionalText(4000),
  agendaDa: optionalText(4000),
  titleSv: optionalText(160),
  descriptionSv: optionalText(4000),
  agendaSv: optionalText(4000),
  titleNb: optionalText(160),
  descriptionNb: optionalText(4000),
  agendaNb: optionalText(4000),
  questionDa: optionalText(300),
  questionSv: optionalText(300),
  questionNb: optionalText(300),
  timeZone: z.enum(eventTimeZones, "errors.chooseOne"),
  date: z.iso.date("errors.date"),
  startTime: time,
  endTime: time,
  audience: z.array(z.enum(eventAudiences, "errors.chooseAtLeastOne"), { error: "errors.chooseAtLeastOne" }).min(1, "errors.chooseAtLeastOne"),
  capacity: z.coerce.number("errors.number").int("errors.number").min(1, "errors.number").max(100_000, "errors.number"),
  deadlineDate: z.iso.date("errors.date"),
  deadlineTime: time,
  joinUrl: z.string({ error: "errors.required" }).trim().pipe(z.url({ protocol: /^https$/, error: "errors.httpsUrl" })),
  meetingId: optionalText(60),
  passcode: optionalText(60),
});

type FieldName = keyof typeof eventFields.shape;
/** Runs a cross-field check as soon as the fields it reads are valid, whatever else is wrong: all errors show at once. */
const whenValid = (...names: FieldName[]) => {
  const mask: Partial<Record<FieldName, true>> = Object.fromEntries(names.map((name) => [name, true]));
  const part = eventFields.pick(mask);
  return { when: (payload: { value: unknown }) => part.safeParse(payload.value).success };
};

export interface EventTimingRules {
  /** The moment to judge "in the past" by; without it (tests of shape only) no such check runs. */
  now?: Date;
  /** Editing an event that has already begun: its times may stay in the past. */
  alreadyPast?: boolean;
  /** Editing: the deadline as stored, which may stay as it is even if it has passed. */
  storedDeadline?: Date;
}

/** The organizer's event form: a title per language (at least one), times in the event's zone, nothing in the past. */
export function eventSchemaWith(rules: EventTimingRules = {}) {
  const { now, alreadyPast = false, storedDeadline } = rules;
  const startOf = (value: { date: string; startTime: string; timeZone: (typeof eventTimeZones)[number] }) => zonedTimeToUtc(value.date, value.startTime, value.timeZone);
  const deadlineOf = (value: { deadlineDate: string; deadlineTime: string; timeZone: (typeof eventTimeZones)[number] }) => zonedTimeToUtc(value.deadlineDate, value.deadlineTime, value.timeZone);
  return eventFields
    .refine((value) => Boolean(value.titleDa || value.titleSv || value.titleNb), { path: ["titleDa"], message: "errors.oneTitle", ...whenValid("titleDa", "titleSv", "titleNb") })
    .refine((value) => value.endTime > value.startTime, { path: ["endTime"], message: "errors.endBeforeStart", ...whenValid("startTime", "endTime") })
    .refine((value) => `${value.deadlineDate}T${value.deadlineTime}` <= `${value.date}T${value.startTime}`, {
      path: ["deadlineDate"],
      message: "errors.deadlineAfterStart",
      ...whenValid("date", "startTime", "deadlineDate", "deadlineTime"),
    })
    .refine((value) => !now || alreadyPast || startOf(value) > now, { path: ["date"], message: "errors.eventInPast", ...whenValid("date", "startTime", "timeZone") })
    .refine((value) => !now || alreadyPast || deadlineOf(value).getTime() === storedDeadline?.getTime() || deadlineOf(value) > now, {
      path: ["deadlineDate"],
      message: "errors.deadlinePassed",
      ...whenValid("deadlineDate", "deadlineTime", "timeZone"),
    });
}

/** The form's shape and its cross-field rules, without the clock (for types and constraints). */
export const eventSchema = eventSchemaWith();

export type EventFormValue = z.output<typeof eventSchema>;
