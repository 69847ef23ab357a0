import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clearedSessionCookie } from "~/auth/cookie.server";
import { clientIp, invalid, parseForm } from "~/auth/forms.server";
import { newPasswordSchema } from "~/auth/password-rules";
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
  const submission = await parseForm(request, newPasswordSchema);
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password", "confirm"] }));
  const ok = await resetPassword(await getDb(), params.token ?? "", submission.value.password, new Date(), clientIp(context));
  if (!ok) return invalid(submission.reply({ formErrors: ["reset.expired"], hideFields: ["password", "confirm"] }), 410);
  return redirect(`/${locale}/staff/login?reset=1`, { headers: { "Set-Cookie": clearedSessionCookie(request) } });
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function ChooseNewPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  return (
    <div className="page page--narrow">
      <h1>{t("reset.newTitle")}</h1>
      {valid ? (
        <>
          <NewPasswordForm lastResult={actionData?.result as never} submitLabel={t("reset.save")} />
        </>
      ) : (
        <p className="lead">{t("reset.expired")}</p>
      )}
    </div>
  );
}
