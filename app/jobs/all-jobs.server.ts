import { mailJob, outboxRetentionJob } from "./deliver-mail.server";
import { escalationJob } from "./escalate-reports.server";
import { eventRemindersJob } from "./event-reminders.server";
import type { Job } from "./job";
import { diaryRetentionJob } from "./purge-diaries.server";
import { policeCaseRemindersJob } from "./police-case-reminders.server";
import { expiredFormStashesJob } from "./purge-form-stashes.server";
import { registrationRetentionJob } from "./purge-registrations.server";
import { reportRetentionJob } from "./purge-reports.server";
import { expiredSessionsJob } from "./purge-sessions.server";
import { sealingJob } from "./sealing-maintenance.server";

/**
 * Every background job, in the order one scheduler pass runs them: the one place a new job is
 * listed. Escalation comes before mail so its notices go out in the same pass.
 */
export const allJobs: readonly Job[] = [
  escalationJob,
  reportRetentionJob,
  diaryRetentionJob,
  eventRemindersJob,
  policeCaseRemindersJob,
  mailJob,
  outboxRetentionJob,
  sealingJob,
  expiredSessionsJob,
  registrationRetentionJob,
  expiredFormStashesJob,
];
