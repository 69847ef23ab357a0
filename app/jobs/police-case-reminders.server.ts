import { remindQuietPoliceCases } from "~/domain/reports/police-tracker.server";
import type { Job } from "./job";

/** Reminds a case's owner when its police case has been quiet for 30 days (once per quiet period). */
export const policeCaseRemindersJob: Job = {
  name: "police-case-reminders",
  run: (db, now, context) => remindQuietPoliceCases(db, now, context.origin),
};
