import type { EventTranslation, TryggEvent } from "@db/schema";
import type { Locale } from "~/i18n/locales";
import type { EventFormValue } from "./event-forms";
import type { EventInput } from "./events.server";
import { utcToZonedParts, zonedTimeToUtc } from "./time";

const lines = (text: string | undefined) => (text ?? "").split(/\r?\n/).map((line) => line.trim()).filter(Boolean);

/** The organizer's form, as an event: times turned into instants in the chosen zone. */
export function eventInputFromForm(value: EventFormValue): EventInput {
  const translations: Partial<Record<Locale, EventTranslation>> = {};
  const question: Partial<Record<Locale, string>> = {};
  for (const [locale, suffix] of [["da", "Da"], ["sv", "Sv"], ["nb", "Nb"]] as const) {
    const title = value[`title${suffix}`];
    if (title) translations[locale] = { title, description: value[`description${suffix}`] ?? "", agenda: lines(value[`agenda${suffix}`]) };
    const asked = value[`question${suffix}`];
    if (asked) question[locale] = asked;
  }
  return {
    translations,
    timeZone: value.timeZone,
    startsAt: zonedTimeToUtc(value.date, value.startTime, value.timeZone),
    endsAt: zonedTimeToUtc(value.date, value.endTime, value.timeZone),
    audience: value.audience,
    capacity: value.capacity,
    registrationDeadline: zonedTimeToUtc(value.deadlineDate, value.deadlineTime, value.timeZone),
    joinUrl: value.joinUrl,
    meetingId: value.meetingId ?? null,
    passcode: value.passcode ?? null,
    question: Object.keys(question).length ? question : null,
  };
}

/** An event as the organizer's form shows it again. */
export function formDefaultsFromEvent(event: TryggEvent): Record<string, string | string[]> {
  const start = utcToZonedParts(event.startsAt, event.timeZone);
  const end = utcToZonedParts(event.endsAt, event.timeZone);
  const deadline = utcToZonedParts(event.registrationDeadline, event.timeZone);
  const values: Record<string, string | string[]> = {
    timeZone: event.timeZone,
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    audience: event.audience,
    capacity: String(event.capacity),
    deadlineDate: deadline.date,
    deadlineTime: deadline.time,
    joinUrl: event.joinUrl,
    meetingId: event.meetingId ?? "",
    passcode: event.passcode ?? "",
  };
  for (const [locale, suffix] of [["da", "Da"], ["sv", "Sv"], ["nb", "Nb"]] as const) {
    const text = event.translations[locale];
    values[`title${suffix}`] = text?.title ?? "";
    values[`description${suffix}`] = text?.description ?? "";
    values[`agenda${suffix}`] = text?.agenda.join("\n") ?? "";
    values[`question${suffix}`] = event.question?.[locale] ?? "";
  }
  return values;
}
