import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";

/**
 * conform's form state for a zod schema, the same schema the action parses: validation in the
 * browser on blur, on the server always. Messages are translation keys in the `staff` namespace.
 */
export function useZodForm<Schema extends z.ZodObject>(schema: Schema, lastResult: SubmissionResult<string[]> | null | undefined, id?: string) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult: lastResult ?? undefined,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

/** A list of every error at the top of the form, each a link to its field. */
export function ErrorSummary({ form, labels }: { form: FormMetadata<any, string[]>; labels: Record<string, string> }) {
  const { t } = useTranslation("staff");
  const fields = form.getFieldset() as Record<string, FieldMetadata<unknown, any, string[]>>;
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
    <div className="error-summary" role="alert" aria-labelledby={`${form.id}-summary`} tabIndex={-1}>
      <h2 id={`${form.id}-summary`}>{t("errors.summaryTitle")}</h2>
      <ul>
        {items.map((item, index) => (
          <li key={index}>{item.id ? <a href={`#${item.id}`}>{item.message}</a> : item.message}</li>
        ))}
      </ul>
    </div>
  );
}

function FieldErrors({ field }: { field: FieldMetadata<unknown, any, string[]> }) {
  const { t } = useTranslation("staff");
  if (!field.errors?.length) return null;
  return (
    <p id={field.errorId} className="field-error">
      {field.errors.map((error) => t(error)).join(" ")}
    </p>
  );
}

interface FieldProps {
  field: FieldMetadata<any, any, string[]>;
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

export function SelectField({ field, label, hint, options }: FieldProps & { options: Array<{ value: string; label: string }> }) {
  const props = getSelectProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <Hint field={field} hint={hint} />
      <FieldErrors field={field} />
      <select {...props} key={props.key}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
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
