import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clearedSessionCookie } from "~/auth/cookie.server";
import { clientIp, invalid, parseForm } from "~/auth/forms.server";
import { resetPasswordSchema } from "~/auth/password-rules";
import { RecoveryKeyCard } from "~/components/RecoveryKeyCard";
import { getSealingKeys } from "~/encryption-keys.server";
import { NewPasswordForm } from "~/components/NewPasswordForm";
import { getDb } from "~/db.server";
import { resetPassword } from "~/domain/staff/accounts.server";
import { findAuthToken } from "~/domain/staff/auth-tokens.server";
import { localeAndT } from "~/i18n/route.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const valid = Boolean(await findAuthToken(await getDb(), "password-reset", params.token ?? "", new Date()));
  return data({ locale, title: t("reset.newTitle"), valid }, { status: valid ? 200 : 410, headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "staff");
  const submission = await parseForm(request, resetPasswordSchema);
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password", "confirm", "recoveryKey"] }));
  const result = await resetPassword(
    await getDb(),
    getSealingKeys(),
    { token: params.token ?? "", password: submission.value.password, recoveryKey: submission.value.recoveryKey ?? null },
    new Date(),
    clientIp(context),
  );
  if (!result.ok && result.reason === "recoveryKey") {
    return invalid(submission.reply({ fieldErrors: { recoveryKey: ["reset.recoveryKeyWrong"] }, hideFields: ["password", "confirm", "recoveryKey"] }));
  }
  if (!result.ok) return invalid(submission.reply({ formErrors: ["reset.expired"], hideFields: ["password", "confirm", "recoveryKey"] }), 410);
  if (result.keptKeys) return redirect(`/${locale}/staff/login?reset=1`, { headers: { "Set-Cookie": clearedSessionCookie(request) } });
  // A new key pair: its recovery key is shown here, once, and colleagues must grant access again.
  // The status is set on purpose: an action's own status wins over the loader's, which sees the
  // link as used (410) when it runs for this answer.
  return data({ result: null, newRecoveryKey: result.recoveryKey }, { status: 200, headers: { "Set-Cookie": clearedSessionCookie(request), "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function ChooseNewPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const { locale } = useLoaderData<typeof loader>();
  const newRecoveryKey = actionData && "newRecoveryKey" in actionData ? String(actionData.newRecoveryKey ?? "") : "";
  if (newRecoveryKey) {
    return (
      <div className="page page--narrow">
        <h1>{t("reset.doneNewKeysTitle")}</h1>
        <p className="lead">{t("reset.doneNewKeysLead")}</p>
        <RecoveryKeyCard recoveryKey={newRecoveryKey} />
        <p>
          <a href={`/${locale}/staff/login?reset=1`}>{t("reset.toLogin")}</a>
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t("reset.newTitle")}</h1>
      {valid ? (
        <>
          <p>{t("reset.recoveryKeyLead")}</p>
          <NewPasswordForm lastResult={actionData?.result} submitLabel={t("reset.save")} withRecoveryKey />
        </>
      ) : (
        <p className="lead">{t("reset.expired")}</p>
      )}
    </div>
  );
}
