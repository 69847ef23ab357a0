import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, evidenceKinds, fieldName, itemFields, MAX_TYPED_ITEMS, messageChannels, noScriptItemKinds, POST_LIST_FIELD, POST_LIST_SKIP_FIELD, type EvidenceKind } from "~/domain/reports/evidence-items";
import { MAX_POST_ADDRESSES } from "~/domain/reports/post-addresses";
import { useHydrated } from "~/components/useHydrated";

// i18n-namespaces: report

export type EvidenceErrors = Record<string, string[] | null | undefined> | null | undefined;

interface EvidenceFieldsProps {
  /** Field errors of the last submit, by form name (conform's `error`). */
  errors: EvidenceErrors;
  /** What was sent last time (conform's `initialValue`), so nothing typed is lost. */
  initial: unknown;
  /** Prefix for ids, when two forms are on one page. */
  idPrefix?: string;
}

const fieldType: Record<string, "text" | "date" | "url" | "textarea"> = {
  url: "url",
  profileUrl: "url",
  date: "date",
  quote: "textarea",
  description: "textarea",
  people: "textarea",
};

function initialItems(initial: unknown): Array<Record<string, unknown>> {
  const list = (initial as { evidence?: unknown } | null)?.evidence;
  return Array.isArray(list) ? list.map((item) => (item && typeof item === "object" ? (item as Record<string, unknown>) : {})) : [];
}

function initialText(initial: unknown, name: string): string {
  const value = (initial as Record<string, unknown> | null)?.[name];
  return typeof value === "string" ? value : "";
}

/** The messages of a field, translated (a message may carry line numbers: `key|lines|count`). */
function useMessages() {
  const { t } = useTranslation("report");
  return (errors: string[] | null | undefined) => (errors ?? []).map((error) => {
    const { key, values } = errorMessage(error);
    return t(key, values);
  });
}

function ItemFieldset({ index, kind, values, errors, idPrefix, open }: { index: number; kind: EvidenceKind; values: Record<string, unknown>; errors: EvidenceErrors; idPrefix: string; open: boolean }) {
  const { t } = useTranslation("report");
  const messages = useMessages();
  const id = (field: string) => `${idPrefix}-${index}-${field}`;
  const hasErrors = itemFields[kind].some((field) => errors?.[fieldName(index, field)]?.length) || Boolean(errors?.[fieldName(index, "kind")]?.length);
  return (
    <details className="evidence-item" open={open || hasErrors} data-evidence-item={kind}>
      <summary>{t(`evidence.kinds.${kind}`)}</summary>
      <fieldset className="field">
        <legend>{t(`evidence.legends.${kind}`)}</legend>
        <input type="hidden" name={fieldName(index, "kind")} value={kind} />
        {errors?.[fieldName(index, "kind")]?.length ? <p className="field-error">{messages(errors[fieldName(index, "kind")]).join(" ")}</p> : null}
        {itemFields[kind].map((field) => {
          const name = fieldName(index, field);
          const fieldErrors = errors?.[name];
          const errorId = `${id(field)}-error`;
          const hintKey = `evidence.hints.${kind}.${field}`;
          const hint = t(hintKey, { defaultValue: "" });
          const hintId = `${id(field)}-hint`;
          const describedBy = [hint ? hintId : null, fieldErrors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
          const common = { id: id(field), name, "aria-invalid": fieldErrors?.length ? true : undefined, "aria-describedby": describedBy };
          const value = typeof values[field] === "string" ? (values[field] as string) : "";
          return (
            <div className="field" key={field}>
              <label htmlFor={id(field)}>{t(`evidence.fields.${kind}.${field}`)}</label>
              {hint ? <p id={hintId} className="field-hint">{hint}</p> : null}
              {fieldErrors?.length ? <p id={errorId} className="field-error">{messages(fieldErrors).join(" ")}</p> : null}
              {field === "channel" ? (
                <select {...common} defaultValue={value || "sms"}>
                  {messageChannels.map((channel) => (
                    <option key={channel} value={channel}>{t(`evidence.channels.${channel}`)}</option>
                  ))}
                </select>
              ) : fieldType[field] === "textarea" ? (
                <textarea {...common} rows={3} defaultValue={value} />
              ) : (
                <input {...common} type={fieldType[field] ?? "text"} defaultValue={value} inputMode={field === "time" ? "numeric" : undefined} />
              )}
            </div>
          );
        })}
      </fieldset>
    </details>
  );
}

/**
 * The optional evidence section of the report form (and of a later message): one item of each
 * kind without JavaScript, more with "add another item", and the hate-storm box for many post
 * addresses at once.
 */
export function EvidenceFields({ errors, initial, idPrefix = "evidence" }: EvidenceFieldsProps) {
  const { t } = useTranslation("report");
  const messages = useMessages();
  const hydrated = useHydrated();
  const sent = initialItems(initial);
  const startKinds: EvidenceKind[] = sent.length > noScriptItemKinds.length
    ? sent.map((item, index) => (evidenceKinds as readonly unknown[]).includes(item.kind) ? (item.kind as EvidenceKind) : (noScriptItemKinds[index] ?? "online_post"))
    : [...noScriptItemKinds];
  const [kinds, setKinds] = useState<EvidenceKind[]>(startKinds);
  const [nextKind, setNextKind] = useState<EvidenceKind>("online_post");
  const listErrors = errors?.[POST_LIST_FIELD];
  const listId = `${idPrefix}-post-list`;
  return (
    <div className="evidence-fields" data-evidence-fields="">
      <p>{t("evidence.lead")}</p>
      {kinds.map((kind, index) => (
        <ItemFieldset key={index} index={index} kind={kind} values={sent[index] ?? {}} errors={errors} idPrefix={idPrefix} open={index >= noScriptItemKinds.length} />
      ))}
      {hydrated && kinds.length < MAX_TYPED_ITEMS ? (
        <div className="inline-form evidence-add">
          <label htmlFor={`${idPrefix}-add-kind`}>{t("evidence.addKind")}</label>
          <select id={`${idPrefix}-add-kind`} value={nextKind} onChange={(event) => setNextKind(event.target.value as EvidenceKind)}>
            {evidenceKinds.map((kind) => (
              <option key={kind} value={kind}>{t(`evidence.kinds.${kind}`)}</option>
            ))}
          </select>
          <button type="button" className="button--secondary" data-action="add-evidence" onClick={() => setKinds((current) => [...current, nextKind])}>
            {t("evidence.addAnother")}
          </button>
        </div>
      ) : null}
      <details className="evidence-item" open={Boolean(listErrors?.length) || Boolean(initialText(initial, POST_LIST_FIELD))} data-evidence-storm="">
        <summary>{t("evidence.stormTitle")}</summary>
        <div className="field">
          <label htmlFor={listId}>{t("evidence.stormLabel")}</label>
          <p id={`${listId}-hint`} className="field-hint">{t("evidence.stormHint", { count: MAX_POST_ADDRESSES })}</p>
          {listErrors?.length ? <p id={`${listId}-error`} className="field-error">{messages(listErrors).join(" ")}</p> : null}
          <textarea
            id={listId}
            name={POST_LIST_FIELD}
            rows={8}
            spellCheck={false}
            defaultValue={initialText(initial, POST_LIST_FIELD)}
            aria-invalid={listErrors?.length ? true : undefined}
            aria-describedby={`${listId}-hint${listErrors?.length ? ` ${listId}-error` : ""}`}
          />
        </div>
        <div className="field checkbox">
          <input type="checkbox" id={`${listId}-skip`} name={POST_LIST_SKIP_FIELD} defaultChecked={initialText(initial, POST_LIST_SKIP_FIELD) === "on"} />
          <label htmlFor={`${listId}-skip`}>{t("evidence.stormSkip")}</label>
        </div>
      </details>
    </div>
  );
}

/** The names of the evidence fields that have errors, for the form's error summary. */
export function hasEvidenceErrors(errors: Record<string, string[]>): boolean {
  return Object.keys(errors).some((name) => name === POST_LIST_FIELD || name.startsWith("evidence["));
}

/** After the report is sent: how many items and pasted addresses Trygg stored. */
export function EvidenceStored({ stored }: { stored: { items: number; posts: { stored: number; duplicates: number; skippedLines: number[] } | null } }) {
  const { t } = useTranslation("report");
  if (!stored.items && !stored.posts) return null;
  return (
    <div className="page page--narrow">
      <section className="notice" aria-labelledby="evidence-stored-title" data-evidence-stored={(stored.posts?.stored ?? 0) + stored.items}>
        <h2 id="evidence-stored-title">{t("evidence.storedTitle")}</h2>
        {stored.items ? <p>{t("evidence.storedItems", { count: stored.items })}</p> : null}
        {stored.posts ? (
          <p>
            {t("evidence.storedPosts", { count: stored.posts.stored })}{" "}
            {stored.posts.duplicates ? t("evidence.storedDuplicates", { count: stored.posts.duplicates }) : null}{" "}
            {stored.posts.skippedLines.length ? t("evidence.storedSkipped", { lines: stored.posts.skippedLines.slice(0, 30).join(", ") }) : null}
          </p>
        ) : null}
      </section>
    </div>
  );
}

/** On the status page: the reporter saves the evidence package to take to the police. */
export function EvidenceSave({ href }: { href: string }) {
  const { t } = useTranslation("report");
  return (
    <section aria-labelledby="evidence-save-title" className="no-print" data-evidence-save="">
      <h2 id="evidence-save-title">{t("evidence.statusTitle")}</h2>
      <p>{t("evidence.statusLead")}</p>
      <p>
        <a href={href} download data-evidence-download="">{t("evidence.statusDownload")}</a>
      </p>
    </section>
  );
}
