import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { sessionCookie } from "~/auth/cookie.server";
import { clientIp, invalid, parseForm } from "~/auth/forms.server";
import { requirePendingSession, safeNext } from "~/auth/guards.server";
import { rotateSession } from "~/auth/session.server";
import { ErrorSummary, TextField, useZodForm } from "~/components/forms";
import { getDb } from "~/db.server";
import { verifySecondFactor } from "~/domain/staff/accounts.server";
import { getKeyRing } from "~/encryption-keys.server";
import { localeAndT } from "~/i18n/route.server";

const codeSchema = z.object({
  code: z.string({ error: "errors.required" }).trim().min(6, "auth.codeFormat").max(20, "auth.codeFormat"),
});

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const { user } = await requirePendingSession(request, locale);
  if (!user.totpEnrolledAt) throw redirect(`/${locale}/staff/enroll`);
  return { locale, title: t("twoFactor.title") };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "staff");
  const { user, session, token } = await requirePendingSession(request, locale);
  const submission = await parseForm(request, codeSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const db = await getDb();
  const now = new Date();
  const result = await verifySecondFactor(db, getKeyRing(), { user, code: submission.value.code, ip: clientIp(context) }, now);
  if (!result.ok) {
    const message = result.reason === "throttled" ? "auth.throttled" : result.reason === "locked" ? "auth.locked" : "auth.invalidCode";
    // hideFields, not resetForm: conform's resetForm drops the errors along with the value.
    return invalid(submission.reply({ fieldErrors: { code: [message] }, hideFields: ["code"] }), result.reason === "throttled" ? 429 : 400);
  }
  // A new token now that the second factor is passed.
  const rotated = await rotateSession(db, session, token, now, { twoFactorVerified: true, userAgent: request.headers.get("User-Agent"), ip: clientIp(context) });
  return redirect(safeNext(new URL(request.url).searchParams.get("next"), locale), {
    headers: { "Set-Cookie": sessionCookie(request, rotated.token, rotated.session.expiresAt) },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.title} · Trygg` }] : []);

export default function TwoFactor() {
  useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(codeSchema, actionData?.result);
  return (
    <div className="page page--narrow">
      <h1>{t("twoFactor.title")}</h1>
      <p className="lead">{t("twoFactor.lead")}</p>
      <ErrorSummary form={form} labels={{ code: t("fields.code") }} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <TextField field={fields.code} label={t("fields.code")} hint={t("twoFactor.hint")} autoComplete="one-time-code" inputMode="numeric" />
        <button type="submit">{t("twoFactor.submit")}</button>
      </Form>
    </div>
  );
}
