import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EvidenceItemFacts } from "~/components/evidence/EvidenceItemFacts";
import type { DiaryNote } from "~/domain/reports/diary-entry";
import type { DiaryEntryView } from "~/domain/reports/diary-view";
import { itemContents } from "~/domain/reports/evidence-items";

/** A note's facts, as label and value pairs (empty ones left out); items use the evidence section's list. */
function noteFacts(note: DiaryNote, t: (key: string) => string): Array<[string, string]> {
  const when = [note.date, note.time].filter(Boolean).join(" ");
  const facts: Array<[string, string]> = when ? [[t("diary.fields.when"), when]] : [];
  return [...facts, [t("diary.fields.text"), note.text]];
}

/** The diary's entries in the order they happened; an entry not sent yet can be removed. */
export function DiaryEntryList({ entries }: { entries: DiaryEntryView[] }) {
  const { t } = useTranslation("report");
  return (
    <section aria-labelledby="diary-entries-title">
      <h2 id="diary-entries-title">{t("diary.entriesTitle", { count: entries.length })}</h2>
      {entries.length === 0 ? <p data-diary-empty="">{t("diary.empty")}</p> : null}
      <ol className="timeline" data-diary-entries="">
        {entries.map((entry) => (
          <li key={entry.id} data-diary-entry={entry.input.kind}>
            <h3 className="diary-entry__title">{t(`diary.kinds.${entry.input.kind}`)}</h3>
            {entry.input.kind === "note" ? (
              <dl className="diary-entry__facts">
                {noteFacts(entry.input, t).map(([label, value]) => (
                  <div key={label}>
                    <dt>{label}</dt>
                    <dd className="preserve-lines">{value}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <EvidenceItemFacts contents={itemContents(entry.input)} />
            )}
            <p className="article-meta">
              {t("diary.added", { date: entry.added })}
              {entry.files ? ` · ${t("diary.files", { count: entry.files })}` : null}
            </p>
            {entry.sentAs ? (
              <p className="notice" data-diary-sent={entry.sentAs.reference}>
                {t("diary.sentAs", { reference: entry.sentAs.reference, date: entry.sentAs.at })}
              </p>
            ) : (
              <Form method="post" className="no-print">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="entryId" value={entry.id} />
                <button type="submit" className="button--secondary" aria-label={t("diary.removeNamed", { kind: t(`diary.kinds.${entry.input.kind}`), date: entry.added })}>
                  {t("diary.remove")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
