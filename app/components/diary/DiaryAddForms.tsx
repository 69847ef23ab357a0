import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { diaryEntryKinds, type DiaryEntryKind } from "~/domain/reports/diary-entry";
import { noteFields } from "~/domain/reports/diary-form";
import { errorMessage, fieldName, itemFields, messageChannels } from "~/domain/reports/evidence-items";

type Field = { name: string; label: string; type: "text" | "url" | "date" | "time" | "textarea" | "channel" };

/** Each kind's fields, in the order a person fills them in. */
function fieldsOf(kind: DiaryEntryKind, t: (key: string) => string): Field[] {
  if (kind === "note") {
    return [
      { name: noteFields.date, label: t("diary.fields.date"), type: "date" },
      { name: noteFields.time, label: t("diary.fields.time"), type: "time" },
      { name: noteFields.text, label: t("diary.fields.text"), type: "textarea" },
    ];
  }
  // An item's fields are labelled as on the report form.
  const label = (field: string) => t(`evidence.fields.${kind}.${field}`);
  const types: Record<string, Field["type"]> = { url: "url", profileUrl: "url", date: "date", time: "time", quote: "textarea", description: "textarea", people: "textarea", channel: "channel" };
  return itemFields[kind].map((field) => ({ name: fieldName(0, field), label: label(field), type: types[field] ?? "text" }));
}

const idOf = (kind: string, name: string) => `diary-${kind}-${name.replace(/[^a-zA-Z0-9]+/g, "-")}`;

/** One form per kind of entry, each folded away until chosen; without JavaScript each is a plain POST with its files. */
export function DiaryAddForms({ result, resultFor }: { result: SubmissionResult<string[]> | null; resultFor: string | null }) {
  const { t } = useTranslation("report");
  const errors = (result?.status === "error" ? result.error : null) ?? {};
  const initial = (result?.initialValue ?? {}) as Record<string, unknown>;
  return (
    <section aria-labelledby="diary-add-title" className="no-print">
      <h2 id="diary-add-title">{t("diary.addTitle")}</h2>
      <p className="hint">{t("diary.addHint")}</p>
      {diaryEntryKinds.map((kind) => {
        const mine = resultFor === kind;
        const fields = fieldsOf(kind, t);
        const messageOf = (name: string) =>
          (mine ? (errors[name] ?? []) : []).map((error) => {
            const { key, values } = errorMessage(error);
            return t(key, values);
          });
        const formErrors = mine ? [...(errors[""] ?? []), ...(errors.attachments ?? [])].map((error) => t(error)) : [];
        const listed = fields.flatMap((field) => messageOf(field.name).slice(0, 1).map((message) => ({ id: idOf(kind, field.name), text: `${field.label}: ${message}` })));
        return (
          <details key={kind} open={mine} className="diary-add" data-diary-add={kind}>
            <summary>{t(`diary.addKind.${kind}`)}</summary>
            <Form method="post" encType="multipart/form-data" noValidate id={`diary-add-${kind}`}>
              {listed.length || formErrors.length ? (
                <div className="error-summary" role="alert" tabIndex={-1} aria-labelledby={`diary-add-${kind}-summary`}>
                  <h3 id={`diary-add-${kind}-summary`}>{t("errors.summaryTitle")}</h3>
                  <ul>
                    {formErrors.map((text) => (
                      <li key={text}>{text}</li>
                    ))}
                    {listed.map((item) => (
                      <li key={item.id}>
                        <a href={`#${item.id}`}>{item.text}</a>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <input type="hidden" name="intent" value="add" />
              <input type="hidden" name="entryKind" value={kind} />
              {fields.map((field) => {
                const id = idOf(kind, field.name);
                const messages = messageOf(field.name);
                const value = mine && typeof initial[field.name] === "string" ? String(initial[field.name]) : undefined;
                const described = messages.length ? `${id}-error` : undefined;
                return (
                  <div className="field" key={field.name}>
                    <label htmlFor={id}>{field.label}</label>
                    {messages.length ? (
                      <p id={`${id}-error`} className="field-error">
                        {messages.join(" ")}
                      </p>
                    ) : null}
                    {field.type === "textarea" ? (
                      <textarea id={id} name={field.name} rows={4} defaultValue={value} aria-invalid={messages.length ? true : undefined} aria-describedby={described} />
                    ) : field.type === "channel" ? (
                      <select id={id} name={field.name} defaultValue={value ?? "sms"} aria-describedby={described}>
                        {messageChannels.map((channel) => (
                          <option key={channel} value={channel}>
                            {t(`evidence.channels.${channel}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input id={id} name={field.name} type={field.type} defaultValue={value} aria-invalid={messages.length ? true : undefined} aria-describedby={described} />
                    )}
                  </div>
                );
              })}
              <div className="field">
                <label htmlFor={`diary-${kind}-files`}>{t("diary.fields.files")}</label>
                <p className="field-hint" id={`diary-${kind}-files-hint`}>
                  {t("diary.filesHint")}
                </p>
                <input id={`diary-${kind}-files`} name="attachments" type="file" multiple accept="image/png,image/jpeg,application/pdf" aria-describedby={`diary-${kind}-files-hint`} />
              </div>
              <button type="submit" data-diary-add-submit={kind}>
                {t("diary.add")}
              </button>
            </Form>
          </details>
        );
      })}
    </section>
  );
}
