import { localeInfo, type Locale } from "~/i18n/locales";
import { resources } from "~/i18n/resources.server";

/** What a deployment may set differently, and so an article must not hard-code. */
export interface GuidanceSettings {
  /** Hours before an unacknowledged report escalates, for threat levels 5–6, 3–4 and 1–2 (config ESCALATION_HOURS). */
  escalationHours: readonly [number, number, number];
}

export const defaultGuidanceSettings: GuidanceSettings = { escalationHours: [1, 8, 24] };

const placeholderPattern = /\{\{\s*([a-z]+)\.([a-z0-9_]+)\s*\}\}/g;

/** A span of hours in words of the locale: "1 time", "8 timmar", "30 minutter". */
export function formatHours(hours: number, locale: Locale): string {
  const minutes = hours * 60;
  const [value, unit] = hours >= 1 || minutes >= 59.5 ? [Math.round(hours * 10) / 10, "hour"] : [Math.max(1, Math.round(minutes)), "minute"];
  return new Intl.NumberFormat(localeInfo[locale].intlTag, { style: "unit", unit, unitDisplay: "long" }).format(value);
}

/**
 * The values an article can show with `{{deadline.level5}}`, `{{outcome.referred_to_police}}` or
 * `{{status.closed}}`: the deployment's deadlines, and the names the UI gives outcomes and statuses,
 * so an article never names a status the reader will not find on the screen.
 */
export function placeholderValues(locale: Locale, settings: GuidanceSettings): Map<string, string> {
  const values = new Map<string, string>();
  const [high, middle, low] = settings.escalationHours;
  for (const level of [1, 2, 3, 4, 5, 6]) {
    values.set(`deadline.level${level}`, formatHours(level >= 5 ? high : level >= 3 ? middle : low, locale));
  }
  const report = resources[locale]!.report as { outcomes: Record<string, string>; statuses: Record<string, string> };
  for (const [key, label] of Object.entries(report.outcomes)) values.set(`outcome.${key}`, label);
  for (const [key, label] of Object.entries(report.statuses)) values.set(`status.${key}`, label);
  return values;
}

/** Fills every `{{group.name}}` of a Markdown body; names it does not know are returned as problems. */
export function fillPlaceholders(markdown: string, values: Map<string, string>): { markdown: string; unknown: string[] } {
  const unknown: string[] = [];
  const filled = markdown.replace(placeholderPattern, (match, group: string, name: string) => {
    const value = values.get(`${group}.${name}`);
    if (value === undefined) unknown.push(match);
    return value ?? match;
  });
  for (const left of filled.matchAll(/\{\{[^}]*\}\}/g)) if (!unknown.includes(left[0])) unknown.push(left[0]);
  return { markdown: filled, unknown };
}
