import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DiaryEntryView } from "~/domain/reports/diary-view";

/** The facts of one entry, as label and value pairs (empty ones left out). */
function entryFacts(entry: DiaryEntryView["input"], t: (key: string) => string): Array<[string, string]> {
  const facts: Array<[string, string | null]> = [];
  const when = [entry.date, entry.time].filter(Boolean).join(" ");
  if (when) facts.push([t("diary.fields.when"), when]);
  switch (entry.kind) {
    case "note":
      facts.push([t("diary.fields.text"), entry.text]);
      break;
    case "online_post":
      facts.push([t("diary.fields.url"), entry.url], [t("diary.fields.platform"), entry.platform], [t("diary.fields.profileName"), entry.profileName], [t("diary.fields.profileUrl"), entry.profileUrl], [t("diary.fields.quote"), entry.quote]);
      break;
    case "message":
      facts.push([t("diary.fields.channel"), t(`diary.channels.${entry.channel}`)], [t("diary.fields.sender"), entry.sender], [t("diary.fields.quote"), entry.quote]);
      break;
    case "in_person":
      facts.push([t("diary.fields.place"), entry.place], [t("diary.fields.people"), entry.people], [t("diary.fields.description"), entry.description]);
      break;
  }
  return facts.filter((fact): fact is [string, string] => Boolean(fact[1]));
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
            <dl className="diary-entry__facts">
              {entryFacts(entry.input, t).map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd className="preserve-lines">{value}</dd>
                </div>
              ))}
            </dl>
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
