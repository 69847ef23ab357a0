import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
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

/**
 * The requests whose action just enrolled, by their load context (one object per request, given to
 * the action and then to the loaders). Without JavaScript the page that shows the recovery codes is
 * rendered in the answer to the POST, and its loader still sees the cookie of the session the
 * action rotated away: this tells it that the enrolment happened, so it does not send the person to
 * the login page. Nothing of the codes is kept: they live only in that one answer.
 */
const enrolledInRequest = new WeakSet<object>();

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  // Right after enrollment the page is rendered again (the action's answer): it must not redirect
  // away from the recovery codes the action returned.
  if (enrolledInRequest.has(context) || (await getStaffSession(request))?.session.twoFactorVerified) {
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
  const result = await confirmTotpEnrollment(db, getKeyRing(), { user, code: submission.value.code, ip: clientIp(context) }, now);
  if (!result.ok) {
    const throttled = result.reason === "throttled";
    // hideFields, not resetForm: conform's resetForm drops the errors along with the value.
    return invalid(submission.reply({ fieldErrors: { code: [throttled ? "auth.throttled" : "auth.invalidCode"] }, hideFields: ["code"] }), throttled ? 429 : 400);
  }
  const rotated = await rotateSession(db, session, token, now, { twoFactorVerified: true, userAgent: request.headers.get("User-Agent"), ip: clientIp(context) });
  enrolledInRequest.add(context);
  return data(
    { result: null, recoveryCodes: result.recoveryCodes },
    { headers: { "Set-Cookie": sessionCookie(request, rotated.token, rotated.session.expiresAt), "Cache-Control": "no-store" } },
  );
}

// The page holds the TOTP secret, or the recovery codes: no cache keeps it (a route without this
// export passes on only its loader's and action's cookies, not their Cache-Control).
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function Enroll() {
  const { locale, secret, qr, enrolled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(codeSchema, actionData && "result" in actionData ? actionData.result : undefined);
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
