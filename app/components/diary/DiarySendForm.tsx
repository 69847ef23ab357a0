import { useTranslation } from "react-i18next";
import type { DiaryEntryView } from "~/domain/reports/diary-view";
import type { Locale } from "~/i18n/locales";

/**
 * Sending: the reporter picks entries (all, to begin with) and goes on to the report form, where
 * they say who and where they are; the entries go with that report. A GET: nothing changes yet.
 */
export function DiarySendForm({ locale, entries }: { locale: Locale; entries: DiaryEntryView[] }) {
  const { t } = useTranslation("report");
  return (
    <section aria-labelledby="diary-send-title" className="no-print">
      <h2 id="diary-send-title">{t("diary.sendTitle")}</h2>
      <p>{t("diary.sendLead")}</p>
      <form method="get" action={`/${locale}/report`} data-diary-send="">
        <fieldset>
          <legend>{t("diary.sendChoose")}</legend>
          {entries.map((entry) => (
            <div className="checkbox" key={entry.id}>
              <input id={`send-${entry.id}`} type="checkbox" name="diaryEntry" value={entry.id} defaultChecked />
              <label htmlFor={`send-${entry.id}`}>
                {t(`diary.kinds.${entry.input.kind}`)} · {entry.input.date ?? entry.added}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t("diary.sendContinue")}</button>
      </form>
    </section>
  );
}
