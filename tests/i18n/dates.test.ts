import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDayRange } from "~/i18n/dates";
import { localeInfo, locales } from "~/i18n/locales";

// Summer time began on 29 March 2026 at 01:00 UTC (02:00 → 03:00 local) and ends on 25 October
// 2026 at 01:00 UTC (03:00 → 02:00) in Denmark, Sweden and Norway alike.
const beforeSpring = new Date("2026-03-29T00:30:00Z");
const afterSpring = new Date("2026-03-29T01:30:00Z");
const beforeAutumn = new Date("2026-10-25T00:30:00Z");
const afterAutumn = new Date("2026-10-25T01:30:00Z");

describe("formatDateTime", () => {
  it("writes date and time in each locale's own way, in its country's time zone, across the spring change", () => {
    expect(locales.map((locale) => [formatDateTime(locale, beforeSpring), formatDateTime(locale, afterSpring)])).toEqual([
      ["29. mar. 2026, 01.30", "29. mar. 2026, 03.30"],
      ["29 mars 2026 01:30", "29 mars 2026 03:30"],
      ["29. mars 2026, 01:30", "29. mars 2026, 03:30"],
    ]);
  });

  it("shows the hour that comes twice in autumn twice", () => {
    for (const locale of locales) expect(formatDateTime(locale, beforeAutumn)).toBe(formatDateTime(locale, afterAutumn));
    expect(formatDateTime("da", afterAutumn)).toBe("25. okt. 2026, 02.30");
  });

  it("has a compact form for lists and one to the second for the audit log", () => {
    expect(locales.map((locale) => formatDateTime(locale, afterSpring, { style: "short" }))).toEqual(["29.03.2026, 03.30", "2026-03-29 03:30", "29.03.2026, 03:30"]);
    expect(locales.map((locale) => formatDateTime(locale, afterSpring, { style: "seconds" }))).toEqual(["29.03.2026, 03.30.00", "2026-03-29 03:30:00", "29.03.2026, 03:30:00"]);
  });

  it("takes another time zone when told", () => {
    expect(locales.map((locale) => formatDateTime(locale, afterSpring, { timeZone: "UTC" }))).toEqual(["29. mar. 2026, 01.30", "29 mars 2026 01:30", "29. mars 2026, 01:30"]);
  });

  it("gives what the pages' own Intl.DateTimeFormat gave before", () => {
    for (const locale of locales) {
      const { intlTag, timeZone } = localeInfo[locale];
      expect(formatDateTime(locale, afterAutumn)).toBe(new Intl.DateTimeFormat(intlTag, { dateStyle: "medium", timeStyle: "short", timeZone }).format(afterAutumn));
      expect(formatDateTime(locale, afterAutumn, { style: "short" })).toBe(new Intl.DateTimeFormat(intlTag, { dateStyle: "short", timeStyle: "short", timeZone }).format(afterAutumn));
      expect(formatDateTime(locale, afterAutumn, { style: "seconds" })).toBe(new Intl.DateTimeFormat(intlTag, { dateStyle: "short", timeStyle: "medium", timeZone }).format(afterAutumn));
      expect(formatDate(locale, afterAutumn)).toBe(new Intl.DateTimeFormat(intlTag, { dateStyle: "long", timeZone }).format(afterAutumn));
    }
  });
});

describe("formatDate", () => {
  it("writes the day out, on the local calendar day", () => {
    // 23:30 UTC on 28 March is already 29 March in Copenhagen, Stockholm and Oslo.
    expect(locales.map((locale) => formatDate(locale, new Date("2026-03-28T23:30:00Z")))).toEqual(["29. marts 2026", "29 mars 2026", "29. mars 2026"]);
    expect(locales.map((locale) => formatDate(locale, beforeAutumn))).toEqual(["25. oktober 2026", "25 oktober 2026", "25. oktober 2026"]);
  });

  it("keeps a calendar date given at UTC midnight on its day", () => {
    expect(locales.map((locale) => formatDate(locale, new Date("2026-03-05T00:00:00Z"), { timeZone: "UTC" }))).toEqual(["5. marts 2026", "5 mars 2026", "5. mars 2026"]);
  });
});

describe("formatDayRange", () => {
  it("writes a week as a span of days, over the spring change", () => {
    const start = new Date("2026-03-22T23:00:00Z");
    const end = new Date("2026-03-29T21:59:59.999Z");
    expect(locales.map((locale) => formatDayRange(locale, start, end, { timeZone: "Europe/Copenhagen" }))).toEqual(["23.–29. mar.", "23–29 mars", "23.–29. mars"]);
    expect(formatDayRange("da", new Date("2026-03-29T22:00:00Z"), new Date("2026-04-02T00:00:00Z"), { timeZone: "Europe/Copenhagen" })).toBe("30. mar.–2. apr.");
  });
});
