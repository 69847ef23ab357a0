import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { sessionCookie } from "~/auth/cookie.server";
import { clientIp, invalid, parseForm } from "~/auth/forms.server";
import { getStaffSession, safeNext } from "~/auth/guards.server";
import { createSession } from "~/auth/session.server";
import { ErrorSummary, TextField, useZodForm } from "~/components/forms";
import { getDb } from "~/db.server";
import { loginWithPassword } from "~/domain/staff/accounts.server";
import { getSealingKeys } from "~/encryption-keys.server";
import { localeAndT } from "~/i18n/route.server";

const loginSchema = z.object({
  email: z.string({ error: "errors.required" }).trim().max(254, "errors.tooLong").pipe(z.email("errors.email")),
  password: z.string({ error: "errors.required" }).max(256, "errors.tooLong"),
});

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const session = await getStaffSession(request);
  const next = new URL(request.url).searchParams.get("next");
  if (session?.session.twoFactorVerified) throw redirect(safeNext(next, locale));
  return { locale, title: t("login.title"), next, reset: new URL(request.url).searchParams.has("reset") };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "staff");
  const submission = await parseForm(request, loginSchema);
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password"] }));
  const db = await getDb();
  const now = new Date();
  const result = await loginWithPassword(db, { ...submission.value, ip: clientIp(context) }, now, getSealingKeys());
  if (!result.ok) {
    const message = result.reason === "throttled" ? "auth.throttled" : result.reason === "locked" ? "auth.locked" : "auth.invalidLogin";
    return invalid(submission.reply({ formErrors: [message], hideFields: ["password"] }), result.reason === "throttled" ? 429 : 400);
  }
  const { token, session } = await createSession(
    db,
    result.user.id,
    now,
    { twoFactorVerified: false, userAgent: request.headers.get("User-Agent"), ip: clientIp(context) },
    undefined,
    { privateKey: result.privateKey, recoveryKey: result.recoveryKey },
  );
  const next = new URL(request.url).searchParams.get("next");
  const step = result.user.totpEnrolledAt ? "two-factor" : "enroll";
  return redirect(`/${locale}/staff/${step}${next ? `?next=${encodeURIComponent(next)}` : ""}`, {
    headers: { "Set-Cookie": sessionCookie(request, token, session.expiresAt) },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.title} · Trygg` }] : []);

export default function Login() {
  const { locale, next, reset } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(loginSchema, actionData?.result);
  return (
    <div className="page page--narrow">
      <h1>{t("login.title")}</h1>
      <p className="lead">{t("login.lead")}</p>
      {reset ? <p className="notice" role="status">{t("login.afterReset")}</p> : null}
      <ErrorSummary form={form} labels={{ email: t("fields.email"), password: t("fields.password") }} />
      <Form method="post" action={`/${locale}/staff/login${next ? `?next=${encodeURIComponent(next)}` : ""}`} id={form.id} onSubmit={form.onSubmit} noValidate>
        <TextField field={fields.email} label={t("fields.email")} type="email" autoComplete="username" />
        <TextField field={fields.password} label={t("fields.password")} type="password" autoComplete="current-password" />
        <button type="submit">{t("login.submit")}</button>
      </Form>
      <p>
        <a href={`/${locale}/staff/password-reset`}>{t("login.forgot")}</a>
      </p>
    </div>
  );
}
