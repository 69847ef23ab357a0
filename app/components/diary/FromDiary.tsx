import { useTranslation } from "react-i18next";
import type { DiaryPartView } from "~/domain/reports/diary-send.server";

/**
 * Inside the report form: which diary entries go with this report (as hidden fields, so it works
 * without JavaScript), or why they cannot (the diary's visit ended while the form was open).
 */
export function FromDiary({ part }: { part: DiaryPartView | "ended" | null }) {
  const { t } = useTranslation("report");
  if (!part) return null;
  if (part === "ended") {
    return (
      <div className="notice" data-from-diary="ended">
        <p>{t("diary.fromDiary.ended")}</p>
      </div>
    );
  }
  return (
    <section className="notice" aria-labelledby="from-diary-title" data-from-diary={part.reference}>
      <h2 id="from-diary-title">{t("diary.fromDiary.title")}</h2>
      <p>{t("diary.fromDiary.lead", { count: part.entryIds.length, reference: part.reference })}</p>
      <p>{t("diary.fromDiary.notesAdded")}</p>
      {part.entryIds.map((id) => (
        <input key={id} type="hidden" name="diaryEntry" value={id} />
      ))}
      {part.filesKept ? <input type="hidden" name="diaryFilesKept" value="1" /> : null}
    </section>
  );
}
