// i18n-namespaces: report
type Translate = (key: string, options?: Record<string, string>) => string;

/**
 * A timeline entry as the reporter reads it: a status change says what the status became, and the
 * reporter's own messages are "yours", not "from the person who reported".
 */
export function reporterTimelineLabel(event: { type: string; actorKind?: string; details: unknown }, t: Translate): string {
  const to = (event.details as { to?: unknown } | null)?.to;
  if (event.type === "status_changed" && typeof to === "string") return t("status.eventStatusChangedTo", { status: t(`statuses.${to}`) });
  if (event.type === "message_from_reporter") return t("status.eventFromYou");
  const state = (event.details as { state?: unknown } | null)?.state;
  if (event.type === "police_case_updated" && typeof state === "string") return t("police.eventState", { state: t(`police.states.${state}`) });
  if (event.type === "reopened" && event.actorKind === "reporter") return t("status.eventReopenedByYou");
  return t(`events.${event.type}`);
}
