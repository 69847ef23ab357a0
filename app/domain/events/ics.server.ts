import { createEvent } from "ics";

export interface CalendarEntry {
  uid: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  url?: string;
  /** Where it happens: for an online meeting, the join link (calendars offer it as "join"). */
  location?: string;
}

const utcParts = (at: Date): [number, number, number, number, number] => [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes()];

/** An iCalendar file (made with the `ics` library), with times in UTC so no zone can be misread. */
export function calendarFile(entry: CalendarEntry): string {
  const { error, value } = createEvent({
    uid: entry.uid,
    productId: "trygg/events",
    title: entry.title,
    description: entry.description,
    start: utcParts(entry.startsAt),
    startInputType: "utc",
    startOutputType: "utc",
    end: utcParts(entry.endsAt),
    endInputType: "utc",
    endOutputType: "utc",
    url: entry.url,
    ...(entry.location ? { location: entry.location } : {}),
    status: "CONFIRMED",
  });
  if (error || !value) throw new Error(`Could not make the calendar file: ${error?.message ?? "unknown"}`);
  return value;
}
