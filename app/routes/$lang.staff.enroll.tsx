import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { sessionCookie } from "~/auth/cookie.server";
import { clientIp, invalid, parseForm } from "~/auth/forms.server";
import { getStaffSession, requirePendingSession } from "~/auth/guards.server";
import { rotateSession } from "~/auth/session.server";
import { encodeTotpSecret, totpUri } from "~/auth/totp.server";
import { ErrorSummary, TextField, useZodForm } from "~/components/forms";
import { getDb } from "~/db.server";
import { confirmTotpEnrollment, pendingTotpSecret } from "~/domain/staff/accounts.server";
import { getKeyRing } from "~/encryption-keys.server";
import { localeAndT } from "~/i18n/route.server";

const codeSchema = z.object({
  code: z.string({ error: "errors.required" }).trim().regex(/^\d{6}$/, "auth.codeFormat"),
});

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  // Right after enrollment the page is rendered again (the action's answer): it must not redirect
  // away from the recovery codes the action returned.
  const current = await getStaffSession(request);
  if (current?.session.twoFactorVerified) {
    return data({ locale, title: t("enroll.title"), enrolled: true, secret: "", qr: "" }, { headers: { "Cache-Control": "no-store" } });
  }
  const { user } = await requirePendingSession(request, locale);
  if (user.totpEnrolledAt) throw redirect(`/${locale}/staff/two-factor`);
  const secret = await pendingTotpSecret(await getDb(), getKeyRing(), user);
  // The QR code is drawn here, as SVG: no third party ever sees the secret.
  const svg = await QRCode.toString(totpUri(secret, user.email), { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return data(
    {
      locale,
      title: t("enroll.title"),
      enrolled: false,
      secret: encodeTotpSecret(secret),
      qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "staff");
  const { user, session, token } = await requirePendingSession(request, locale);
  const submission = await parseForm(request, codeSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const db = await getDb();
  const now = new Date();
  const codes = await confirmTotpEnrollment(db, getKeyRing(), { user, code: submission.value.code, ip: clientIp(context) }, now);
  if (!codes) return invalid(submission.reply({ fieldErrors: { code: ["auth.invalidCode"] }, resetForm: true }));
  const rotated = await rotateSession(db, session, token, now, { twoFactorVerified: true, userAgent: request.headers.get("User-Agent"), ip: clientIp(context) });
  return data(
    { result: null, recoveryCodes: codes },
    { headers: { "Set-Cookie": sessionCookie(request, rotated.token, rotated.session.expiresAt), "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function Enroll() {
  const { locale, secret, qr, enrolled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(codeSchema, actionData && "result" in actionData ? (actionData.result as never) : undefined);
  const recoveryCodes = actionData && "recoveryCodes" in actionData ? (actionData.recoveryCodes as string[]) : undefined;
  if (recoveryCodes) {
    return (
      <div className="page page--narrow">
        <h1>{t("enroll.doneTitle")}</h1>
        <p className="lead">{t("enroll.recoveryLead")}</p>
        <ol className="recovery-codes" data-recovery-codes="">
          {recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <p>
          <a className="button" href={`/${locale}/staff`}>
            {t("enroll.continue")}
          </a>
        </p>
      </div>
    );
  }
  if (enrolled) {
    return (
      <div className="page page--narrow">
        <h1>{t("enroll.doneTitle")}</h1>
        <p>
          <a className="button" href={`/${locale}/staff`}>
            {t("enroll.continue")}
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t("enroll.title")}</h1>
      <p className="lead">{t("enroll.lead")}</p>
      <ol>
        <li>{t("enroll.step1")}</li>
        <li>
          {t("enroll.step2")}
          <div className="qr">
            <img src={qr} alt={t("enroll.qrAlt")} width={220} height={220} />
          </div>
          <p>
            {t("enroll.manual")} <code data-totp-secret={secret}>{secret.match(/.{1,4}/g)!.join(" ")}</code>
          </p>
        </li>
        <li>{t("enroll.step3")}</li>
      </ol>
      <ErrorSummary form={form} labels={{ code: t("fields.code") }} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <TextField field={fields.code} label={t("fields.code")} autoComplete="one-time-code" inputMode="numeric" />
        <button type="submit">{t("enroll.submit")}</button>
      </Form>
    </div>
  );
}
