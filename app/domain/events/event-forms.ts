import { z } from "zod";
import { eventTimeZones } from "./time";

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
});

const time = z.string({ error: "errors.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "errors.time");

/** The organizer's event form: a title per language (at least one), times in the event's zone. */
export const eventSchema = z
  .object({
    titleDa: optionalText(160),
    descriptionDa: optionalText(4000),
    agendaDa: optionalText(4000),
    titleSv: optionalText(160),
    descriptionSv: optionalText(4000),
    agendaSv: optionalText(4000),
    titleNb: optionalText(160),
    descriptionNb: optionalText(4000),
    agendaNb: optionalText(4000),
    timeZone: z.enum(eventTimeZones, "errors.chooseOne"),
    date: z.iso.date("errors.date"),
    startTime: time,
    endTime: time,
    audience: z.array(z.enum(eventAudiences, "errors.chooseOne"), { error: "errors.chooseOne" }).min(1, "errors.chooseOne"),
    capacity: z.coerce.number("errors.number").int("errors.number").min(1, "errors.number").max(100_000, "errors.number"),
    deadlineDate: z.iso.date("errors.date"),
    deadlineTime: time,
    joinUrl: z.string({ error: "errors.required" }).trim().pipe(z.url({ protocol: /^https$/, error: "errors.httpsUrl" })),
    meetingId: optionalText(60),
    passcode: optionalText(60),
  })
  .superRefine((value, context) => {
    if (!value.titleDa && !value.titleSv && !value.titleNb) context.addIssue({ code: "custom", path: ["titleDa"], message: "errors.oneTitle" });
    if (value.endTime <= value.startTime) context.addIssue({ code: "custom", path: ["endTime"], message: "errors.endBeforeStart" });
    if (`${value.deadlineDate}T${value.deadlineTime}` > `${value.date}T${value.startTime}`) {
      context.addIssue({ code: "custom", path: ["deadlineDate"], message: "errors.deadlineAfterStart" });
    }
  });

export type EventFormValue = z.output<typeof eventSchema>;
