/**
 * The schema's fixed lists (roles, kinds, statuses, outcomes), for forms and views: route modules
 * take them from here, never from @db/schema, so that no route reaches for the tables themselves.
 */
export { officerRoles, reportOutcomes, reportStatuses, staffRoles, unitKinds } from "@db/schema";
export type { OfficerRole, Report, ReportStatus, StaffRole, UnitKind } from "@db/schema";
