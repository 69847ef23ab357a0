/**
 * The triage views of the officer's queue (conditions in access.server.ts):
 * - mine: open cases the officer owns;
 * - unacknowledged: not yet acknowledged, routed or escalated to a unit the officer serves;
 * - overdue: not acknowledged in time (escalated at least once, or its deadline passed), or the follow-up is due;
 * - waiting: waiting for the reporter (the follow-up clock is stopped).
 */
export const queueViews = ["mine", "unacknowledged", "overdue", "waiting"] as const;
export type QueueView = (typeof queueViews)[number];
