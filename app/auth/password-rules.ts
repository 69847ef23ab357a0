import { z } from "zod";
import { isCommonPassword } from "./common-passwords";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Translation key of what is wrong with a new password, or undefined when it will do. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return "auth.passwordTooShort";
  if (password.length > PASSWORD_MAX_LENGTH) return "auth.passwordTooLong";
  if (isCommonPassword(password)) return "auth.passwordCommon";
  return undefined;
}

/** A new password typed twice: length 12+, not a common one, no composition rules. */
export const newPasswordSchema = z
  .object({
    password: z.string({ error: "errors.required" }).superRefine((value, context) => {
      const problem = passwordProblem(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
    confirm: z.string({ error: "errors.required" }),
  })
  .refine((value) => value.password === value.confirm, { path: ["confirm"], message: "auth.passwordMismatch" });

/** A reset: the new password, and the recovery key if the person has it (it keeps their access). */
export const resetPasswordSchema = z
  .object({
    password: z.string({ error: "errors.required" }).superRefine((value, context) => {
      const problem = passwordProblem(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
    confirm: z.string({ error: "errors.required" }),
    recoveryKey: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z.string().trim().max(120, "errors.tooLong").regex(/^[A-Za-z2-7\s-]+$/, "reset.recoveryKeyFormat").optional(),
    ),
  })
  .refine((value) => value.password === value.confirm, { path: ["confirm"], message: "auth.passwordMismatch" });
