/** The offset (ms) of `timeZone` from UTC at the instant `at`. */
function offsetAt(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant of a wall-clock time in an IANA zone ("2026-10-25", "09:00", "Europe/Copenhagen"),
 * right on both sides of a daylight-saving change.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  // Two passes settle the offset even when the first guess lands on the other side of a change.
  let instant = naive - offsetAt(new Date(naive), timeZone);
  instant = naive - offsetAt(new Date(instant), timeZone);
  return new Date(instant);
}

/** Date and time of an instant in a zone, as the form fields want them. */
export function utcToZonedParts(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

export const eventTimeZones = ["Europe/Copenhagen", "Europe/Stockholm", "Europe/Oslo"] as const;

/** A new event's zone, from the page's language: its country's. */
export const defaultTimeZone: Record<"da" | "sv" | "nb", (typeof eventTimeZones)[number]> = { da: "Europe/Copenhagen", sv: "Europe/Stockholm", nb: "Europe/Oslo" };
