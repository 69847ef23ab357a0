import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { clientIp, invalid, parseForm } from "~/auth/forms.server";
import { publicOrigin } from "~/auth/guards.server";
import { checkThrottle, recordFailure } from "~/auth/throttle.server";
import { ErrorSummary, TextField, useZodForm } from "~/components/forms";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { requestPasswordReset } from "~/domain/staff/accounts.server";
import { localeAndT } from "~/i18n/route.server";

const requestSchema = z.object({
  email: z.string({ error: "errors.required" }).trim().max(254, "errors.tooLong").pipe(z.email("errors.email")),
});

export function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  return { locale, title: t("reset.title") };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  localeAndT(params, "staff");
  const submission = await parseForm(request, requestSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const db = await getDb();
  const now = new Date();
  // Each request counts against the IP, so the form cannot be used to flood an inbox.
  const key = `reset:ip:${clientIp(context) ?? "unknown"}`;
  if (!(await checkThrottle(db, key, now)).allowed) return invalid(submission.reply({ formErrors: ["auth.throttled"] }), 429);
  await recordFailure(db, key, now);
  await requestPasswordReset(db, { email: submission.value.email, origin: publicOrigin(request, getConfig().PUBLIC_URL), ip: clientIp(context) }, now);
  // The same answer whether or not the address has an account.
  return { result: null, sent: true };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.title} · Trygg` }] : []);

export default function RequestReset() {
  useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(requestSchema, actionData && "result" in actionData ? actionData.result : undefined);
  if (actionData && "sent" in actionData && actionData.sent) {
    return (
      <div className="page page--narrow">
        <h1>{t("reset.title")}</h1>
        <p className="lead" role="status">
          {t("reset.sent")}
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t("reset.title")}</h1>
      <p className="lead">{t("reset.lead")}</p>
      <ErrorSummary form={form} labels={{ email: t("fields.email") }} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <TextField field={fields.email} label={t("fields.email")} type="email" autoComplete="username" />
        <button type="submit">{t("reset.submit")}</button>
      </Form>
    </div>
  );
}
