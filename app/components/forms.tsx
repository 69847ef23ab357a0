import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type DefaultValue,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { invalidInput } from "~/domain/form-errors";
import { createContext, useContext, useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { useHydrated } from "./useHydrated";

// i18n-namespaces: staff report events
/** The namespace whose keys the error messages are: `staff` unless a page says otherwise. */
export const FormNamespace = createContext<"staff" | "report" | "events">("staff");
const useFormT = () => useTranslation(useContext(FormNamespace));

/** What the error summary reads of any form's state: its id, status, errors and fields. */
type AnyForm = Pick<FormMetadata<Record<string, unknown>, string[]>, "id" | "status" | "errors" | "getFieldset">;
/** A field of any form, of any value type: the components here read its name, ids, errors and values. */
export type AnyField = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/**
 * conform's form state for a zod schema, the same schema the action parses: validation in the
 * browser on blur, on the server always. Messages are translation keys in the `staff` namespace.
 */
export function useZodForm<Schema extends z.ZodObject>(
  schema: Schema,
  lastResult: SubmissionResult<string[]> | null | undefined,
  id?: string,
  defaultValue?: DefaultValue<z.input<Schema>>,
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    defaultValue,
    lastResult: lastResult ?? undefined,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema, error: invalidInput }),
  });
}

/** A list of every error at the top of the form, each a link to its field. */
export function ErrorSummary({ form, labels }: { form: AnyForm; labels: Record<string, string> }) {
  const { t } = useFormT();
  const summary = useRef<HTMLDivElement>(null);
  const submitted = useRef(false);
  // Rendered on the server (without JavaScript, after a plain POST) the summary has `autofocus`,
  // so the browser puts focus on it as the page loads. In the browser it never does: errors found
  // on blur must not move focus; a failed submit does it below.
  const hydrated = useHydrated();
  // After a submit that fails (in the browser or on the server) the summary takes focus, so a
  // keyboard or screen reader user lands on the list of errors (WCAG 3.3.1). Errors found on blur
  // do not move focus.
  useEffect(() => {
    const element = document.getElementById(form.id);
    if (!element) return;
    const onSubmit = () => {
      submitted.current = true;
    };
    element.addEventListener("submit", onSubmit, true);
    return () => element.removeEventListener("submit", onSubmit, true);
  }, [form.id]);
  useEffect(() => {
    if (submitted.current && form.status === "error" && summary.current) {
      submitted.current = false;
      summary.current.focus();
    }
  });
  const fields: Record<string, AnyField> = form.getFieldset();
  const items = [
    ...(form.errors ?? []).map((error) => ({ id: undefined, message: t(error) })),
    // The fieldset is a lazy proxy: ask for each labelled field by name.
    ...Object.entries(labels).flatMap(([name, label]) => {
      const field = fields[name];
      return (field?.errors ?? []).slice(0, 1).map((error) => ({ id: field!.id, message: `${label}: ${t(error)}` }));
    }),
  ];
  if (items.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby={`${form.id}-summary`} tabIndex={-1} ref={summary} autoFocus={!hydrated}>
      <h2 id={`${form.id}-summary`}>{t("errors.summaryTitle")}</h2>
      <ul>
        {items.map((item, index) => (
          <li key={index}>{item.id ? <a href={`#${item.id}`}>{item.message}</a> : item.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function FieldErrors({ field }: { field: AnyField }) {
  const { t } = useFormT();
  if (!field.errors?.length) return null;
  return (
    <p id={field.errorId} className="field-error">
      {field.errors.map((error) => t(error)).join(" ")}
    </p>
  );
}

interface FieldProps {
  field: AnyField;
  label: string;
  hint?: string;
}

function Hint({ field, hint }: { field: FieldProps["field"]; hint?: string }) {
  return hint ? (
    <p id={field.descriptionId} className="field-hint">
      {hint}
    </p>
  ) : null;
}

export function TextField({
  field,
  label,
  hint,
  type = "text",
  autoComplete,
  inputMode,
}: FieldProps & { type?: "text" | "email" | "password" | "tel" | "date" | "search"; autoComplete?: string; inputMode?: "numeric" | "text" }) {
  const props = getInputProps(field, { type, ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <Hint field={field} hint={hint} />
      <FieldErrors field={field} />
      <input {...props} key={props.key} autoComplete={autoComplete} inputMode={inputMode} />
    </div>
  );
}

export function TextAreaField({ field, label, hint, rows = 6 }: FieldProps & { rows?: number }) {
  const props = getTextareaProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <Hint field={field} hint={hint} />
      <FieldErrors field={field} />
      <textarea {...props} key={props.key} rows={rows} />
    </div>
  );
}

/** Label, hint, errors and the select element; the options are the caller's. */
function SelectShell({ field, label, hint, children }: FieldProps & { children: ReactNode }) {
  const props = getSelectProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <Hint field={field} hint={hint} />
      <FieldErrors field={field} />
      <select {...props} key={props.key}>
        {children}
      </select>
    </div>
  );
}

const optionList = (options: Array<{ value: string; label: string }>) =>
  options.map((option) => (
    <option key={option.value} value={option.value}>
      {option.label}
    </option>
  ));

export function SelectField({ field, label, hint, options }: FieldProps & { options: Array<{ value: string; label: string }> }) {
  return (
    <SelectShell field={field} label={label} hint={hint}>
      {optionList(options)}
    </SelectShell>
  );
}

/** Checkboxes for a list field (roles, for example), in a fieldset with a legend. */
export function CheckboxGroup({ field, legend, options }: { field: FieldProps["field"]; legend: string; options: Array<{ value: string; label: string }> }) {
  const initial = Array.isArray(field.initialValue) ? (field.initialValue as string[]) : field.initialValue ? [String(field.initialValue)] : [];
  return (
    <fieldset className="field" aria-describedby={field.errors?.length ? field.errorId : undefined}>
      <legend>{legend}</legend>
      <FieldErrors field={field} />
      {options.map((option) => (
        <div key={option.value} className="checkbox">
          <input type="checkbox" id={`${field.id}-${option.value}`} name={field.name} value={option.value} defaultChecked={initial.includes(option.value)} />
          <label htmlFor={`${field.id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function SubmitButton({ children, name, value }: { children: ReactNode; name?: string; value?: string }) {
  return (
    <button type="submit" name={name} value={value}>
      {children}
    </button>
  );
}

/** Radio buttons in a fieldset; each option may carry a hint under its label. */
export function RadioGroup({
  field,
  legend,
  hint,
  options,
}: {
  field: AnyField;
  legend: string;
  hint?: string;
  options: Array<{ value: string; label: string; hint?: string }>;
}) {
  const describedBy = [hint ? field.descriptionId : null, field.errors?.length ? field.errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="field" id={field.id} aria-describedby={describedBy} tabIndex={-1}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={field.descriptionId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors field={field} />
      {options.map((option) => (
        <div key={option.value} className="radio">
          <input
            type="radio"
            id={`${field.id}-${option.value}`}
            name={field.name}
            value={option.value}
            defaultChecked={String(field.initialValue ?? "") === option.value}
            aria-invalid={field.errors?.length ? true : undefined}
            aria-describedby={option.hint ? `${field.id}-${option.value}-hint` : undefined}
          />
          <label htmlFor={`${field.id}-${option.value}`}>
            {option.label}
            {option.hint ? (
              <span id={`${field.id}-${option.value}-hint`} className="radio__hint">
                {option.hint}
              </span>
            ) : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** One checkbox with its label beside it (consent, "I am in danger now"). */
export function CheckboxField({ field, label, hint }: { field: AnyField; label: string; hint?: string }) {
  const describedBy = [hint ? field.descriptionId : null, field.errors?.length ? field.errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <FieldErrors field={field} />
      <div className="checkbox">
        <input
          type="checkbox"
          id={field.id}
          name={field.name}
          defaultChecked={field.initialValue === "on"}
          aria-invalid={field.errors?.length ? true : undefined}
          aria-describedby={describedBy}
        />
        <label htmlFor={field.id}>{label}</label>
      </div>
      {hint ? (
        <p id={field.descriptionId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function GroupedSelectField({
  field,
  label,
  hint,
  emptyLabel,
  groups,
}: FieldProps & { emptyLabel?: string; groups: Array<{ label: string; options: Array<{ value: string; label: string }> }> }) {
  return (
    <SelectShell field={field} label={label} hint={hint}>
      {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
      {groups.map((group) => (
        <optgroup key={group.label} label={group.label}>
          {optionList(group.options)}
        </optgroup>
      ))}
    </SelectShell>
  );
}
