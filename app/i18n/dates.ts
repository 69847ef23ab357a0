import { localeInfo, type Locale } from "./locales";

/**
 * Dates and times as the pages show them, in the locale's own conventions (localeInfo's Intl tag)
 * and, unless told otherwise, the locale's country's time zone. Formatted on the server, so the
 * hydrated page shows the same text.
 *
 * - "medium": date and time, the usual case (`12. mar. 2026 14.05`).
 * - "short": a compact date and time, for dense lists (`12.03.2026 14.05`).
 * - "seconds": a compact date and the time to the second, for the audit log.
 */
export type DateTimeStyle = "medium" | "short" | "seconds";

export interface DateOptions {
  /** An IANA time zone; the locale's own when left out. */
  timeZone?: string;
}

const dateTimeOptions: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  medium: { dateStyle: "medium", timeStyle: "short" },
  short: { dateStyle: "short", timeStyle: "short" },
  seconds: { dateStyle: "short", timeStyle: "medium" },
};

// One Intl.DateTimeFormat per (locale, kind, zone): building one costs far more than using it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, kind: string, options: Intl.DateTimeFormatOptions, timeZone: string | undefined): Intl.DateTimeFormat {
  const zone = timeZone ?? localeInfo[locale].timeZone;
  const key = `${locale} ${kind} ${zone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(localeInfo[locale].intlTag, { ...options, timeZone: zone });
    formatters.set(key, found);
  }
  return found;
}

/** A date with its time of day. */
export function formatDateTime(locale: Locale, date: Date, options: DateOptions & { style?: DateTimeStyle } = {}): string {
  const style = options.style ?? "medium";
  return formatter(locale, `datetime-${style}`, dateTimeOptions[style], options.timeZone).format(date);
}

/** A day, written out (`12. marts 2026`). */
export function formatDate(locale: Locale, date: Date, options: DateOptions = {}): string {
  return formatter(locale, "date-long", { dateStyle: "long" }, options.timeZone).format(date);
}

/** A span of days by day and short month (`23.–29. mar.`), as the statistics' week labels. */
export function formatDayRange(locale: Locale, start: Date, end: Date, options: DateOptions = {}): string {
  return formatter(locale, "day-range", { day: "numeric", month: "short" }, options.timeZone).formatRange(start, end);
}
