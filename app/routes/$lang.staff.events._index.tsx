import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { staffForm, staffRoute } from "~/auth/staff-route.server";
import { EventFormFields, eventFieldLabels } from "~/components/EventFormFields";
import { ErrorSummary, FormNamespace, useZodForm } from "~/components/forms";
import { eventSchemaWith } from "~/domain/events/event-forms";
import { defaultTimeZone } from "~/domain/events/time";
import { eventInputFromForm } from "~/domain/events/event-input.server";
import { createEvent, formatEventTime, listEventsForOrganizers, translationFor } from "~/domain/events/events.server";
import type { StaffShellHandle } from "~/components/staff-shell";

export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, db } = await staffRoute(args, { namespace: "events", roles: ["organizer", "administrator"] });
  const rows = await listEventsForOrganizers(db);
  return data(
    {
      locale,
      title: t("organizer.listTitle"),
      events: rows.map((event) => ({ id: event.id, title: translationFor(event, locale).title, when: formatEventTime(event, locale), status: event.status, capacity: event.capacity })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const { locale, user, db, ip, submission } = await staffForm(args, () => eventSchemaWith({ now: new Date() }), { namespace: "events", roles: ["organizer", "administrator"] });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const event = await createEvent(db, eventInputFromForm(submission.value), { userId: user.id, ip });
  return redirect(`/${locale}/staff/events/${event.id}`);
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function OrganizerEvents() {
  const { locale, events: list } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("events");
  // A new event's time zone is the page's country's; its dates may not be in the past.
  const [form, fields] = useZodForm(eventSchemaWith({ now: new Date() }), actionData?.result, "event", { timeZone: defaultTimeZone[locale] });
  return (
    <FormNamespace.Provider value="events">
      <h1>{t("organizer.listTitle")}</h1>
      <ul className="article-list" data-organizer-events="">
        {list.map((event) => (
          <li key={event.id}>
            <a href={`/${locale}/staff/events/${event.id}`}>{event.title}</a> · {event.when} · {t(`organizer.status.${event.status}`)}
          </li>
        ))}
      </ul>
      <section aria-labelledby="create-title">
        <h2 id="create-title">{t("organizer.createTitle")}</h2>
        <ErrorSummary form={form} labels={eventFieldLabels(t)} />
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
          <EventFormFields fields={fields} locale={locale} />
          <button type="submit">{t("organizer.create")}</button>
        </Form>
      </section>
    </FormNamespace.Provider>
  );
}
