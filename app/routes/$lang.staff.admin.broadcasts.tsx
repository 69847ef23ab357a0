import { parseWithZod } from "@conform-to/zod/v4";
import { invalidInput } from "~/domain/form-errors";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { clientIp } from "~/auth/forms.server";
import { publicOrigin, requireStaff } from "~/auth/guards.server";
import { ErrorSummary, TextAreaField, TextField, useZodForm } from "~/components/forms";
import { StaffNav } from "~/components/StaffNav";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { broadcastReadStatus, sendBroadcast } from "~/domain/staff/broadcasts.server";
import { localeInfo } from "~/i18n/locales";
import { localeAndT } from "~/i18n/route.server";

const broadcastSchema = z.object({
  title: z.string({ error: "errors.required" }).trim().min(3, "errors.tooShort").max(140, "errors.tooLong"),
  body: z.string({ error: "errors.required" }).trim().min(10, "errors.tooShort").max(4000, "errors.tooLong"),
});

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const { user } = await requireStaff(request, locale, ["administrator"]);
  const format = new Intl.DateTimeFormat(localeInfo[locale].intlTag, { dateStyle: "medium", timeStyle: "short", timeZone: localeInfo[locale].timeZone });
  const broadcasts = (await broadcastReadStatus(await getDb())).map((broadcast) => ({
    id: broadcast.id,
    title: broadcast.title,
    body: broadcast.body,
    createdAt: format.format(broadcast.createdAt),
    readers: broadcast.readers.map((reader) => ({ ...reader, readAt: reader.readAt ? format.format(reader.readAt) : null })),
  }));
  return data({ locale, title: t("broadcasts.title"), user: { name: user.name, roles: user.roles }, broadcasts }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "staff");
  const { user } = await requireStaff(request, locale, ["administrator"]);
  const submission = parseWithZod(await request.formData(), { schema: broadcastSchema, error: invalidInput });
  if (submission.status !== "success") return data({ result: submission.reply(), recipients: null }, { status: 400 });
  const { recipients } = await sendBroadcast(
    await getDb(),
    { ...submission.value, origin: publicOrigin(request, getConfig().PUBLIC_URL) },
    { userId: user.id, ip: clientIp(context) },
  );
  return { result: submission.reply({ resetForm: true }), recipients };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function Broadcasts() {
  const { locale, user, broadcasts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(broadcastSchema, actionData?.result as never, "broadcast");
  return (
    <div className="page staff-layout">
      <StaffNav locale={locale} name={user.name} roles={user.roles} />
      <div className="staff-main">
        <h1>{t("broadcasts.title")}</h1>
        <p className="lead">{t("broadcasts.lead")}</p>
        {actionData?.recipients !== null && actionData?.recipients !== undefined ? (
          <p className="notice" role="status">
            {t("broadcasts.sent", { count: actionData.recipients })}
          </p>
        ) : null}
        <ErrorSummary form={form} labels={{ title: t("fields.title"), body: t("fields.message") }} />
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
          <TextField field={fields.title} label={t("fields.title")} />
          <TextAreaField field={fields.body} label={t("fields.message")} hint={t("broadcasts.bodyHint")} />
          <button type="submit">{t("broadcasts.submit")}</button>
        </Form>
        <h2>{t("broadcasts.history")}</h2>
        {broadcasts.map((broadcast) => (
          <section key={broadcast.id} className="card" aria-labelledby={`b-${broadcast.id}`} data-broadcast-status={broadcast.id}>
            <h3 id={`b-${broadcast.id}`}>{broadcast.title}</h3>
            <p className="article-meta">{broadcast.createdAt}</p>
            <p>{broadcast.body}</p>
            <h4>{t("broadcasts.readBy", { read: broadcast.readers.filter((reader) => reader.readAt).length, total: broadcast.readers.length })}</h4>
            <ul>
              {broadcast.readers.map((reader) => (
                <li key={reader.userId} data-reader={reader.name} data-read={reader.readAt ? "yes" : "no"}>
                  {reader.name}: {reader.readAt ? t("broadcasts.readAt", { at: reader.readAt }) : t("broadcasts.notRead")}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
