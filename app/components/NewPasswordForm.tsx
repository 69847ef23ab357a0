import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { newPasswordSchema, resetPasswordSchema } from "~/auth/password-rules";
import { ErrorSummary, TextField, useZodForm } from "./forms";

/**
 * Choosing a new password (invitation, password reset): error summary, the two fields, the button.
 * A reset also asks for the recovery key, which keeps the person's access to reports.
 */
export function NewPasswordForm({ lastResult, submitLabel, withRecoveryKey = false }: { lastResult: SubmissionResult<string[]> | null | undefined; submitLabel: string; withRecoveryKey?: boolean }) {
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(withRecoveryKey ? resetPasswordSchema : newPasswordSchema, lastResult);
  const recoveryField = (fields as unknown as Record<string, typeof fields.password>).recoveryKey;
  return (
    <>
      <ErrorSummary form={form} labels={{ password: t("fields.newPassword"), confirm: t("fields.confirmPassword"), recoveryKey: t("fields.recoveryKey") }} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <TextField field={fields.password} label={t("fields.newPassword")} hint={t("auth.passwordHint")} type="password" autoComplete="new-password" />
        <TextField field={fields.confirm} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
        {withRecoveryKey && recoveryField ? <TextField field={recoveryField} label={t("fields.recoveryKey")} hint={t("reset.recoveryKeyHint")} autoComplete="off" /> : null}
        <button type="submit">{submitLabel}</button>
      </Form>
    </>
  );
}
