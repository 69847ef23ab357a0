import { inArray } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { broadcasts, events, reports, unitOfficers, units, users } from "@db/schema";
import { translationFor } from "~/domain/events/events.server";
import { getI18n, getT } from "~/i18n/i18next.server";
import { isLocale, type Locale } from "~/i18n/locales";

/** One row of the audit log as the query gives it. */
export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  actorLabel: string | null;
  actorName: string | null;
  actorEmail: string | null;
}

/** A row told as a sentence: an i18next key in the staff namespace, its values (all text) and the subject's link. */
export interface AuditEntryView {
  id: number;
  action: string;
  sentenceKey: string;
  values: Record<string, string>;
  subjectHref: string | null;
  ip: string | null;
}

const SENTENCES = "auditLog.sentences";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Detail fields that hold the id of a user, in the order a sentence prefers them. */
const USER_DETAILS = ["toUserId", "fromUserId", "officerUserId", "granteeUserId", "granteeId", "removedUserId", "userId"] as const;

/** The sentence key for an action code: its own when the locale has one, else the generic one. */
export function sentenceKeyFor(action: string, locale: Locale): string {
  const key = `${SENTENCES}.${action}`;
  // A code whose key names a group of sentences (not a string) must not pass for a sentence.
  return /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(action) && typeof getI18n(locale).getResource(locale, "staff", key) === "string" ? key : `${SENTENCES}.unknown`;
}

/** The action's name for the filter's options, or the code itself when it has none. */
export function actionName(action: string, locale: Locale): string {
  const key = `auditLog.names.${action}`;
  const i18n = getI18n(locale);
  return typeof i18n.getResource(locale, "staff", key) === "string" ? getT(locale, "staff")(key) : action;
}

const ids = (values: Iterable<unknown>) => [...new Set([...values].filter((value): value is string => typeof value === "string" && UUID.test(value)))];

/**
 * Tells a page of audit rows in the reader's locale: who, what and to whom, with the subject as a
 * link (a report by its reference only: nothing sealed is read). One query per kind of subject.
 */
export async function describeAuditRows(db: Executor, rows: AuditRow[], locale: Locale): Promise<AuditEntryView[]> {
  const t = getT(locale, "staff");
  const tr = getT(locale, "report");
  const ofType = (type: string) => ids(rows.filter((row) => row.subjectType === type).map((row) => row.subjectId));
  const officerIds = ids(rows.map((row) => row.details?.officerId));
  const [reportRows, eventRows, unitRows, broadcastRows, officerRows] = await Promise.all([
    lookup(ofType("report"), (list) => db.select({ id: reports.id, reference: reports.reference }).from(reports).where(inArray(reports.id, list))),
    lookup(ofType("event"), (list) => db.select({ id: events.id, translations: events.translations }).from(events).where(inArray(events.id, list))),
    lookup(ofType("unit"), (list) => db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, list))),
    lookup(ofType("broadcast"), (list) => db.select({ id: broadcasts.id, title: broadcasts.title }).from(broadcasts).where(inArray(broadcasts.id, list))),
    lookup(officerIds, (list) => db.select({ id: unitOfficers.id, userId: unitOfficers.userId }).from(unitOfficers).where(inArray(unitOfficers.id, list))),
  ]);
  const officerUser = new Map(officerRows.map((row) => [row.id, row.userId]));
  const userIds = ids([
    ...rows.filter((row) => row.subjectType === "user").map((row) => row.subjectId),
    ...rows.flatMap((row) => USER_DETAILS.map((field) => row.details?.[field])),
    ...officerRows.map((row) => row.userId),
  ]);
  const userRows = await lookup(userIds, (list) => db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, list)));
  const report = new Map(reportRows.map((row) => [row.id, row.reference]));
  const event = new Map(eventRows.map((row) => [row.id, translationFor(row, locale).title || t("auditLog.untitledEvent")]));
  const unit = new Map(unitRows.map((row) => [row.id, row.name]));
  const broadcast = new Map(broadcastRows.map((row) => [row.id, row.title]));
  const user = new Map(userRows.map((row) => [row.id, `${row.name} (${row.email})`]));

  const subjectOf = (row: AuditRow): { label: string; href: string | null } => {
    const id = row.subjectId ?? "";
    switch (row.subjectType) {
      case "report":
        return report.has(id) ? { label: report.get(id)!, href: `/${locale}/staff/reports/${id}` } : { label: t("auditLog.gone.report"), href: null };
      case "event":
        return event.has(id) ? { label: event.get(id)!, href: `/${locale}/staff/events/${id}` } : { label: t("auditLog.gone.event"), href: null };
      case "unit":
        return unit.has(id) ? { label: unit.get(id)!, href: `/${locale}/staff/admin/units/${id}` } : { label: t("auditLog.gone.unit"), href: null };
      case "user":
        return user.has(id) ? { label: user.get(id)!, href: null } : { label: t("auditLog.gone.user"), href: null };
      case "broadcast":
        return broadcast.has(id) ? { label: broadcast.get(id)!, href: `/${locale}/staff/admin/broadcasts` } : { label: t("auditLog.gone.broadcast"), href: null };
      case null:
      case undefined:
        return { label: "", href: null };
      default:
        return { label: t("auditLog.gone.other"), href: null };
    }
  };
  const actorOf = (row: AuditRow): string => {
    if (row.actorName) return row.actorName;
    if (row.actorLabel === "system") return t("auditLog.actors.system");
    if (row.actorLabel === "escrow procedure") return t("auditLog.actors.escrow");
    if (row.actorLabel === "attendee") return t("auditLog.actors.attendee");
    if (row.actorLabel) return row.actorLabel;
    return t("auditLog.actors.unknown");
  };
  const detailsOf = (row: AuditRow): Record<string, string> => {
    const details = row.details ?? {};
    const values: Record<string, string> = {};
    const userField = USER_DETAILS.find((field) => typeof details[field] === "string");
    const officer = typeof details.officerId === "string" ? officerUser.get(details.officerId) : undefined;
    const personId = userField ? (details[userField] as string) : officer;
    if (userField || typeof details.officerId === "string") values.person = (personId && user.get(personId)) || t("auditLog.gone.user");
    for (const field of ["recipients", "notified", "keys", "failures", "count", "stage"]) {
      if (typeof details[field] === "number") values[field] = String(details[field]);
    }
    // A stored value shown by its label, or as written when it has none.
    const label = (ns: "staff" | "report", prefix: string, value: unknown) => {
      const key = `${prefix}.${String(value)}`;
      return typeof value === "string" && typeof getI18n(locale).getResource(locale, ns, key) === "string" ? (ns === "report" ? tr : t)(key) : String(value ?? "");
    };
    if ("from" in details) values.from = label("report", "staffStatuses", details.from);
    if ("to" in details) values.to = label("report", "staffStatuses", details.to);
    if ("outcome" in details) values.outcome = label("report", "outcomes", details.outcome);
    if ("role" in details) values.role = label("staff", "units.officerRoles", details.role);
    if ("method" in details) values.method = label("staff", "auditLog.methods", details.method);
    if ("country" in details) values.country = label("staff", "countries", details.country);
    if ("deadline" in details) values.deadline = typeof details.deadline === "string" && details.deadline ? details.deadline : t("auditLog.noDeadline");
    if ("locale" in details) values.language = typeof details.locale === "string" && isLocale(details.locale) ? t(`languages.${details.locale}`) : String(details.locale ?? "");
    const roles = (value: unknown) => (Array.isArray(value) ? value.map((role) => label("staff", "roles", role)).join(", ") : "");
    if ("roles" in details) values.roles = roles(details.roles);
    if (row.action === "user.roles-changed") {
      values.before = roles(details.before) || "—";
      values.after = roles(details.after) || "—";
    }
    if (row.action === "audit.exported" && typeof details.rows === "number") values.count = String(details.rows);
    return values;
  };

  return rows.map((row) => {
    const subject = subjectOf(row);
    return {
      id: row.id,
      action: row.action,
      sentenceKey: sentenceKeyFor(row.action, locale),
      values: { ...detailsOf(row), actor: actorOf(row), subject: subject.label, code: row.action },
      subjectHref: subject.href,
      ip: row.ip,
    };
  });
}

async function lookup<T>(list: string[], query: (list: string[]) => Promise<T[]>): Promise<T[]> {
  return list.length ? query(list) : [];
}
