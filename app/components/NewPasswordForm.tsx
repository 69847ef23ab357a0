import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { newPasswordSchema } from "~/auth/password-rules";
import { ErrorSummary, TextField, useZodForm } from "./forms";

/** Choosing a new password (invitation, password reset): error summary, the two fields, the button. */
export function NewPasswordForm({ lastResult, submitLabel }: { lastResult: SubmissionResult<string[]> | null | undefined; submitLabel: string }) {
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(newPasswordSchema, lastResult);
  return (
    <>
      <ErrorSummary form={form} labels={{ password: t("fields.newPassword"), confirm: t("fields.confirmPassword") }} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <TextField field={fields.password} label={t("fields.newPassword")} hint={t("auth.passwordHint")} type="password" autoComplete="new-password" />
        <TextField field={fields.confirm} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
        <button type="submit">{submitLabel}</button>
      </Form>
    </>
  );
}
