import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { sessionCookie } from "~/auth/cookie.server";
import { clientIp, invalid, parseForm } from "~/auth/forms.server";
import { newPasswordSchema } from "~/auth/password-rules";
import { createSession } from "~/auth/session.server";
import { NewPasswordForm } from "~/components/NewPasswordForm";
import { getDb } from "~/db.server";
import { acceptInvite } from "~/domain/staff/accounts.server";
import { findAuthToken } from "~/domain/staff/auth-tokens.server";
import { getSealingKeys } from "~/encryption-keys.server";
import { localeAndT } from "~/i18n/route.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const valid = Boolean(await findAuthToken(await getDb(), "invite", params.token ?? "", new Date()));
  return data({ locale, title: t("invite.title"), valid }, { status: valid ? 200 : 410, headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "staff");
  const submission = await parseForm(request, newPasswordSchema);
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password", "confirm"] }));
  const db = await getDb();
  const now = new Date();
  const accepted = await acceptInvite(db, getSealingKeys(), params.token ?? "", submission.value.password, now);
  if (!accepted) return invalid(submission.reply({ formErrors: ["invite.expired"], hideFields: ["password", "confirm"] }), 410);
  // The session carries the new private key and the recovery key, shown once after the second factor.
  const { token, session } = await createSession(
    db,
    accepted.user.id,
    now,
    { twoFactorVerified: false, userAgent: request.headers.get("User-Agent"), ip: clientIp(context) },
    undefined,
    { privateKey: accepted.privateKey, recoveryKey: accepted.recoveryKey },
  );
  return redirect(`/${locale}/staff/enroll`, { headers: { "Set-Cookie": sessionCookie(request, token, session.expiresAt) } });
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function AcceptInvite() {
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  return (
    <div className="page page--narrow">
      <h1>{t("invite.title")}</h1>
      {valid ? (
        <>
          <p className="lead">{t("invite.lead")}</p>
          <NewPasswordForm lastResult={actionData?.result} submitLabel={t("invite.submit")} />
        </>
      ) : (
        <p className="lead">{t("invite.expired")}</p>
      )}
    </div>
  );
}
