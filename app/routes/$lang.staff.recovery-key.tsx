import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getStaffSession } from "~/auth/guards.server";
import { forgetSessionRecoveryKey } from "~/auth/session.server";
import { RecoveryKeyCard } from "~/components/RecoveryKeyCard";
import { getDb } from "~/db.server";
import { recordAudit } from "~/domain/audit.server";
import { localeAndT } from "~/i18n/route.server";

/**
 * The recovery key made at this login (a new account, or the first login after sealing came):
 * shown once, before any other staff page, until the person says they have kept it.
 */
async function pending(request: Request, locale: string) {
  const context = await getStaffSession(request);
  if (!context) throw redirect(`/${locale}/staff/login`);
  if (!context.session.twoFactorVerified) throw redirect(`/${locale}/staff/${context.user.totpEnrolledAt ? "two-factor" : "enroll"}`);
  if (!context.pendingRecoveryKey) throw redirect(`/${locale}/staff`);
  return { ...context, recoveryKey: context.pendingRecoveryKey };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const { recoveryKey } = await pending(request, locale);
  return data({ locale, title: t("recoveryKey.title"), recoveryKey }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, request }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "staff");
  const { session, user } = await pending(request, locale);
  const form = await request.formData();
  if (form.get("kept") !== "on") return data({ error: "recoveryKey.confirmRequired" }, { status: 400 });
  const db = await getDb();
  await forgetSessionRecoveryKey(db, session.id);
  await recordAudit(db, { actorUserId: user.id, action: "user.recovery-key-confirmed", subjectType: "user", subjectId: user.id });
  throw redirect(`/${locale}/staff`);
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function RecoveryKeyPage() {
  const { recoveryKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  return (
    <div className="page page--narrow">
      <h1>{t("recoveryKey.title")}</h1>
      <p className="lead">{t("recoveryKey.lead")}</p>
      <RecoveryKeyCard recoveryKey={recoveryKey} />
      <Form method="post" className="no-print">
        <div className="checkbox">
          <input type="checkbox" id="kept" name="kept" required />
          <label htmlFor="kept">{t("recoveryKey.confirm")}</label>
        </div>
        <button type="submit">{t("recoveryKey.continue")}</button>
      </Form>
    </div>
  );
}
