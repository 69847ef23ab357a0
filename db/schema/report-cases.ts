import { date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { reports } from "./reports";

/**
 * Reports linked into one case (a reporter who reported three times, two colleagues reporting the
 * same sender). A report is in at most one case; linking A–B then B–C makes one case of three, and
 * unlinking takes one report out. Membership opens nothing: who may read a report is decided by the
 * report alone.
 */
export const reportCaseMembers = pgTable(
  "report_case_members",
  {
    reportId: uuid("report_id")
      .primaryKey()
      .references(() => reports.id, { onDelete: "cascade" }),
    caseId: uuid("case_id").notNull(),
    linkedByUserId: uuid("linked_by_user_id").references(() => users.id, { onDelete: "set null" }),
    linkedAt: timestamp("linked_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("report_case_members_case_idx").on(table.caseId)],
);

export const policeCaseStates = ["reported", "under_investigation", "dropped", "charged"] as const;
export type PoliceCaseState = (typeof policeCaseStates)[number];

/**
 * The police side of a report, beyond the case number (which stays sealed on the report): the
 * district or unit and the decision are sealed under the report's key; state and dates are plain,
 * so the quiet-case reminder can find them.
 */
export const reportPoliceCases = pgTable(
  "report_police_cases",
  {
    reportId: uuid("report_id")
      .primaryKey()
      .references(() => reports.id, { onDelete: "cascade" }),
    state: text("state").$type<PoliceCaseState>().notNull(),
    districtSealed: text("district_sealed"),
    reportedOn: date("reported_on", { mode: "string" }),
    decisionSealed: text("decision_sealed"),
    decidedOn: date("decided_on", { mode: "string" }),
    updatedByUserId: uuid("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The last time anything of the police case was recorded: the quiet period counts from here. */
    lastChangeAt: timestamp("last_change_at", { withTimezone: true }).notNull(),
    /** Set when the owner was reminded of a quiet case; one reminder per quiet period. */
    quietReminderSentAt: timestamp("quiet_reminder_sent_at", { withTimezone: true }),
  },
  (table) => [index("report_police_cases_quiet_idx").on(table.lastChangeAt)],
);

export type ReportPoliceCase = typeof reportPoliceCases.$inferSelect;
