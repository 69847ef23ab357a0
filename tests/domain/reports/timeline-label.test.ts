import fs from "node:fs";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { reporterTimelineLabel } from "~/domain/reports/timeline-label";

describe.each(["da", "sv", "nb"])("the reporter's timeline in %s", (locale) => {
  const strings = JSON.parse(fs.readFileSync(`locales/${locale}/report.json`, "utf8"));
  const i18n = i18next.createInstance();
  i18n.init({ lng: locale, resources: { [locale]: { report: strings } }, defaultNS: "report", interpolation: { escapeValue: false } });
  const t = (key: string, options?: Record<string, string>) => i18n.t(key, options);

  it("says what a status became", () => {
    expect(reporterTimelineLabel({ type: "status_changed", details: { from: "acknowledged", to: "waiting_for_reporter" } }, t)).toBe(
      strings.status.eventStatusChangedTo.replace("{{status}}", strings.statuses.waiting_for_reporter),
    );
  });

  it("calls the reporter's own message theirs", () => {
    expect(reporterTimelineLabel({ type: "message_from_reporter", details: null }, t)).toBe(strings.status.eventFromYou);
  });

  it("says the reporter reopened the case when they did, and the officer's reopening plainly", () => {
    expect(reporterTimelineLabel({ type: "reopened", actorKind: "reporter", details: {} }, t)).toBe(strings.status.eventReopenedByYou);
    expect(reporterTimelineLabel({ type: "reopened", actorKind: "officer", details: {} }, t)).toBe(strings.events.reopened);
  });

  it("names other events as before, and a status change without details plainly", () => {
    expect(reporterTimelineLabel({ type: "closed", details: { outcome: "resolved" } }, t)).toBe(strings.events.closed);
    expect(reporterTimelineLabel({ type: "status_changed", details: null }, t)).toBe(strings.events.status_changed);
  });
});
