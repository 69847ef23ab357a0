/**
 * ISO weeks for the statistics: Monday to Monday, in Nordic local time. Denmark, Sweden and
 * Norway keep the same clock (CET/CEST), so one zone serves all three. Pure and deterministic:
 * the boundaries follow from `now` alone.
 */
export const statisticsTimeZone = "Europe/Copenhagen";

export interface IsoWeek {
  /** The ISO week-numbering year (the year of the week's Thursday). */
  year: number;
  week: number;
  /** Monday 00:00 local time, as an instant. */
  start: Date;
  /** The next Monday 00:00 local time. */
  end: Date;
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function localParts(instant: Date, timeZone: string) {
  let format = partsFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    partsFormat.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** The instant when the local clock in `timeZone` shows midnight starting the day y-m-d. */
export function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  let guess = wall;
  // Two rounds settle the offset, also on the days the clock changes (never at midnight here).
  for (let round = 0; round < 2; round++) {
    const seen = localParts(new Date(guess), timeZone);
    const seenWall = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second);
    guess += wall - seenWall;
  }
  return new Date(guess);
}

/** ISO week number and year of a calendar date (y-m-d, month 1–12). */
export function isoWeekOf(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return { year: weekYear, week };
}

/** The last `count` ISO weeks up to and including the one `now` falls in, oldest first. */
export function lastIsoWeeks(now: Date, count: number, timeZone = statisticsTimeZone): IsoWeek[] {
  const today = localParts(now, timeZone);
  const civil = new Date(Date.UTC(today.year, today.month - 1, today.day));
  const weekday = civil.getUTCDay() || 7;
  civil.setUTCDate(civil.getUTCDate() - (weekday - 1)); // this week's Monday
  const weeks: IsoWeek[] = [];
  for (let index = count - 1; index >= 0; index--) {
    const monday = new Date(civil.getTime() - index * 7 * 86_400_000);
    const next = new Date(monday.getTime() + 7 * 86_400_000);
    const y = monday.getUTCFullYear(), m = monday.getUTCMonth() + 1, d = monday.getUTCDate();
    weeks.push({
      ...isoWeekOf(y, m, d),
      start: localMidnight(y, m, d, timeZone),
      end: localMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
    });
  }
  return weeks;
}
