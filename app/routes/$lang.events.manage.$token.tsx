import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { publicOrigin } from "~/auth/guards.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { cancelRegistration, deleteOwnRegistration, findRegistrationByToken, formatEventTime, translationFor } from "~/domain/events/events.server";
import { localeAndT } from "~/i18n/route.server";

/** The attendee's private page: their status, the join details when they have a seat, calendar, cancel. */
export async function loader({ params }: LoaderFunctionArgs) {
  const { locale } = localeAndT(params, "events");
  const found = await findRegistrationByToken(await getDb(), params.token ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  const { registration, event } = found;
  const seated = registration.status === "registered" && event.status === "published";
  return data(
    {
      locale,
      token: params.token!,
      title: translationFor(event, locale).title,
      when: formatEventTime(event, locale),
      status: event.status === "cancelled" ? "event-cancelled" : registration.status,
      name: registration.name,
      join: seated ? { url: event.joinUrl, meetingId: event.meetingId, passcode: event.passcode } : null,
    },
    { headers: { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "events");
  const origin = publicOrigin(request, getConfig().PUBLIC_URL);
  const formData = await request.formData();
  if (formData.get("intent") === "delete") {
    // The link stops working with the row, so the answer is another page.
    const deleted = await deleteOwnRegistration(await getDb(), params.token ?? "", origin, new Date());
    if (deleted) return redirect(`/${locale}/events/manage/deleted`);
    return data({ cancelled: false }, { status: 409 });
  }
  const done = await cancelRegistration(await getDb(), params.token ?? "", origin, new Date());
  return data({ cancelled: Boolean(done) }, { status: done ? 200 : 409 });
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }, { name: "robots", content: "noindex" }] : []);

export default function ManageRegistration() {
  const { locale, token, title, when, status, name, join } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("events");
  return (
    <div className="page page--narrow">
      <h1>{title}</h1>
      <p className="lead">
        <time>{when}</time>
      </p>
      {actionData?.cancelled ? <p className="notice" role="status">{t("manage.cancelledNow")}</p> : null}
      <p data-manage-status={status}>{t(`manage.status.${status}`, { name })}</p>
      {join ? (
        <section aria-labelledby="join-title" data-join="">
          <h2 id="join-title">{t("manage.join")}</h2>
          <p>
            <a href={join.url} rel="noreferrer">
              {join.url}
            </a>
          </p>
          {join.meetingId ? <p>{t("manage.meetingId", { id: join.meetingId })}</p> : null}
          {join.passcode ? <p>{t("manage.passcode", { passcode: join.passcode })}</p> : null}
          <p>
            <a href={`/${locale}/events/manage/${token}/calendar.ics`} download>
              {t("manage.calendar")}
            </a>
          </p>
        </section>
      ) : null}
      {status === "registered" || status === "waitlisted" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="button--secondary">
            {t("manage.cancel")}
          </button>
        </Form>
      ) : null}
      <section aria-labelledby="delete-title" className="no-print" data-delete-registration="">
        <h2 id="delete-title">{t("manage.deleteTitle")}</h2>
        <p>{t("manage.deleteText")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="button--secondary">
            {t("manage.delete")}
          </button>
        </Form>
      </section>
    </div>
  );
}
