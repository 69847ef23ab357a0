import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { policeCaseStates } from "~/domain/reports/police-case";

export interface StaffPoliceCase {
  state: string | null;
  caseNumber: string | null;
  district: string | null;
  reportedOn: string | null;
  decision: string | null;
  decidedOn: string | null;
  /** Formatted for the page. */
  lastChange: string | null;
}

/** What the form sent when it failed, so the officer's typing comes back with the error. */
export type PoliceTyped = Partial<Record<"caseNumber" | "district" | "reportedOn" | "state" | "decision" | "decidedOn", string>>;

/**
 * The police tracker on the case page: what is recorded, and for the owner of an open case the form
 * that records it (number, district or unit, date reported, state, decision and its date).
 */
export function PoliceCaseSection({ police, editable, formKey, error, typed }: { police: StaffPoliceCase | null; editable: boolean; formKey: string; error: { field: string; message: string } | null; typed: PoliceTyped | null }) {
  const { t } = useTranslation("report");
  const value = (name: keyof PoliceTyped) => typed?.[name] ?? (police?.[name] ?? "");
  const fieldError = (name: string) => (error && error.field === name ? error.message : null);
  const describedBy = (name: string, hint?: string) => [hint, fieldError(name) ? `police-${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const input = (name: "caseNumber" | "district" | "reportedOn" | "decidedOn", label: string, options: { type?: "text" | "date"; maxLength?: number; required?: boolean; hint?: boolean } = {}) => (
    <div className="field">
      <label htmlFor={`police-${name}`}>{label}</label>
      {options.hint ? <p id={`police-${name}-hint`} className="field-hint">{t("police.dateHint")}</p> : null}
      {fieldError(name) ? <p id={`police-${name}-error`} className="field-error">{t(fieldError(name)!)}</p> : null}
      <input
        id={`police-${name}`}
        name={name}
        type={options.type ?? "text"}
        maxLength={options.maxLength}
        required={options.required}
        defaultValue={value(name)}
        aria-invalid={fieldError(name) ? true : undefined}
        aria-describedby={describedBy(name, options.hint ? `police-${name}-hint` : undefined)}
      />
    </div>
  );
  return (
    <section aria-labelledby="police-title" className="police-case" data-police-tracker={police?.state ?? ""}>
      <h2 id="police-title">{t("police.title")}</h2>
      <p className="field-hint">{t("police.lead")}</p>
      {police ? (
        <dl className="case-facts">
          <div><dt>{t("police.caseNumber")}</dt><dd data-police-case-number="">{police.caseNumber ?? "—"}</dd></div>
          <div><dt>{t("police.state")}</dt><dd data-police-state={police.state ?? ""}>{police.state ? t(`police.states.${police.state}`) : "—"}</dd></div>
          <div><dt>{t("police.district")}</dt><dd>{police.district ?? "—"}</dd></div>
          <div><dt>{t("police.reportedOn")}</dt><dd>{police.reportedOn ?? "—"}</dd></div>
          <div><dt>{t("police.decision")}</dt><dd className="preserve-lines">{police.decision ?? "—"}</dd></div>
          <div><dt>{t("police.decidedOn")}</dt><dd>{police.decidedOn ?? "—"}</dd></div>
          {police.lastChange ? <div><dt>{t("police.lastChange")}</dt><dd>{police.lastChange}</dd></div> : null}
        </dl>
      ) : (
        <p>{t("police.none")}</p>
      )}
      {editable ? (
        <Form method="post" className="stacked-form no-print" key={`police-${formKey}`} data-police-form="">
          <input type="hidden" name="intent" value="police" />
          <input type="hidden" name="formKey" value={formKey} />
          {input("caseNumber", t("police.caseNumber"), { maxLength: 60, required: true })}
          {input("district", t("police.district"), { maxLength: 200 })}
          {input("reportedOn", t("police.reportedOn"), { type: "date", hint: true })}
          <div className="field">
            <label htmlFor="police-state">{t("police.state")}</label>
            <select id="police-state" name="state" defaultValue={value("state") || "reported"}>
              {policeCaseStates.map((state) => (
                <option key={state} value={state}>{t(`police.states.${state}`)}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="police-decision">{t("police.decision")}</label>
            <textarea id="police-decision" name="decision" rows={3} maxLength={2000} defaultValue={value("decision")} />
          </div>
          {input("decidedOn", t("police.decidedOn"), { type: "date", hint: true })}
          <p className="field-hint">{t("police.quietHint")}</p>
          <button type="submit" className="button--secondary" data-action="police">{t("police.save")}</button>
        </Form>
      ) : null}
    </section>
  );
}
