import { formatDateTime } from "~/i18n/dates";
import type { Locale } from "~/i18n/locales";
import type { DiaryEntryInput } from "./diary-entry";
import { entryDay } from "./diary-entry";
import type { OpenDiary } from "./diary.server";

export interface DiaryEntryView {
  id: string;
  /** When Trygg received it, in the page's language. */
  added: string;
  input: DiaryEntryInput;
  files: number;
  sentAs: { reference: string; at: string } | null;
}

/** What the diary page shows: its entries in the order they happened (by the day given, then by when they came). */
export function diaryView(open: OpenDiary, locale: Locale) {
  const entries = [...open.contents.entries].sort((a, b) => entryDay(a).localeCompare(entryDay(b)) || a.addedAt.localeCompare(b.addedAt));
  return {
    reference: open.diary.reference,
    entries: entries.map(
      (entry): DiaryEntryView => ({
        id: entry.id,
        added: formatDateTime(locale, new Date(entry.addedAt)),
        input: entry.input,
        files: entry.fileIds.length,
        sentAs: entry.sentAs ? { reference: entry.sentAs.reference, at: formatDateTime(locale, new Date(entry.sentAs.at)) } : null,
      }),
    ),
  };
}
