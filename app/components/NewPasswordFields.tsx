import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { TextField } from "./forms";

export function NewPasswordFields({ password, confirm }: { password: FieldMetadata<any, any, string[]>; confirm: FieldMetadata<any, any, string[]> }) {
  const { t } = useTranslation("staff");
  return (
    <>
      <TextField field={password} label={t("fields.newPassword")} hint={t("auth.passwordHint")} type="password" autoComplete="new-password" />
      <TextField field={confirm} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
    </>
  );
}
