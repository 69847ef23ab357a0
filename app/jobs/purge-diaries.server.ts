import { purgeStaleDiaries } from "~/domain/reports/diary.server";
import type { Job } from "./job";

/** Private diaries never changed for the retention period are deleted (the diary page says when). */
export const diaryRetentionJob: Job = {
  name: "diary-retention",
  run: (db, now, context) => purgeStaleDiaries(db, now, context.config.RETENTION_MONTHS),
};
