import { z } from "zod";
import { policeCaseStates, type PoliceCaseState } from "@db/schema/report-cases";

export { policeCaseStates, type PoliceCaseState };

/** Days without any change before the owner is reminded of a police case. */
export const POLICE_QUIET_DAYS = 30;

/** States in which the police still have to decide: only these are followed up. */
export const undecidedPoliceStates: readonly PoliceCaseState[] = ["reported", "under_investigation"];

const optionalText = (max: number) => z.preprocess((value) => (value === "" ? undefined : value), z.string().trim().max(max, "errors.tooLong").optional());
const isoDate = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "police.errors.date")
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "police.errors.date")
    .optional(),
);

/** The police tracker's fields on the case page (the intent is the page's). */
export const policeCaseFields = {
  caseNumber: z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(60, "errors.tooLong"),
  district: optionalText(200),
  reportedOn: isoDate,
  state: z.preprocess((value) => (value === "" ? undefined : value), z.enum(policeCaseStates, "errors.chooseOne").optional()),
  decision: optionalText(2000),
  decidedOn: isoDate,
};

export interface PoliceCaseInput {
  caseNumber: string;
  district?: string;
  reportedOn?: string;
  state?: PoliceCaseState;
  decision?: string;
  decidedOn?: string;
}

/** A rule the fields must keep together: the decision cannot come before the report to the police. */
export function policeCaseProblem(input: PoliceCaseInput): { field: keyof PoliceCaseInput; error: string } | null {
  if (input.reportedOn && input.decidedOn && input.decidedOn < input.reportedOn) return { field: "decidedOn", error: "police.errors.decidedBeforeReported" };
  return null;
}

const policeFieldNames = ["caseNumber", "district", "reportedOn", "state", "decision", "decidedOn"] as const;

/** What the police form sent, as text, so a refused form comes back as it was typed. */
export function typedPoliceFields(formData: FormData): Partial<Record<(typeof policeFieldNames)[number], string>> {
  return Object.fromEntries(policeFieldNames.map((name) => [name, typeof formData.get(name) === "string" ? String(formData.get(name)).slice(0, 2000) : ""]));
}
