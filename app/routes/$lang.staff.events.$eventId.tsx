import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { publicOrigin } from "~/auth/guards.server";
import { firstError, staffAction, staffRoute } from "~/auth/staff-route.server";
import { EventFormFields, eventFieldLabels } from "~/components/EventFormFields";
import { ErrorSummary, FormNamespace, useZodForm } from "~/components/forms";
import { getConfig } from "~/config.server";
import { eventSchemaWith } from "~/domain/events/event-forms";
import { eventInputFromForm, formDefaultsFromEvent } from "~/domain/events/event-input.server";
import { cancelEvent, checkIn, eventAttendees, findEvent, formatEventTime, mailAttendees, publishEvent, translationFor, updateEvent } from "~/domain/events/events.server";
import { formatDate } from "~/i18n/dates";
import type { StaffShellHandle } from "~/components/staff-shell";

export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, db } = await staffRoute(args, { namespace: "events", roles: ["organizer", "administrator"] });
  const event = await findEvent(db, args.params.eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const attendees = await eventAttendees(db, event.id);
  return data(
    {
      locale,
      title: translationFor(event, locale).title || t("organizer.untitled"),
      event: { id: event.id, status: event.status, when: formatEventTime(event, locale), capacity: event.capacity, startsAt: event.startsAt.toISOString(), registrationDeadline: event.registrationDeadline.toISOString(),
        hasQuestion: Boolean(event.question && Object.keys(event.question).length),
        purged: event.registrationsPurgedAt && event.registrationCounts ? { ...event.registrationCounts, date: formatDate(locale, event.registrationsPurgedAt) } : null },
      defaults: formDefaultsFromEvent(event),
      attendees: attendees.map((row) => ({ id: row.id, name: row.name, email: row.email, role: row.role, organization: row.organization, accessibilityNeeds: row.accessibilityNeeds, answer: row.answer, status: row.status, attended: Boolean(row.attendedAt) })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const simpleAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("cancel") }),
  z.object({ intent: z.literal("check-in"), registrationId: z.uuid(), attended: z.enum(["yes", "no"]) }),
  z.object({ intent: z.literal("mail"), body: z.string().trim().min(5, "errors.tooShort").max(4000, "errors.tooLong") }),
]);

export async function action(args: ActionFunctionArgs) {
  const { user, db, ip, formData, parse } = await staffAction(args, { namespace: "events", roles: ["organizer", "administrator"] });
  const event = await findEvent(db, args.params.eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const actor = { userId: user.id, ip };
  const origin = publicOrigin(args.request, getConfig().PUBLIC_URL);
  if (formData.get("intent") === "edit") {
    const now = new Date();
    const rules = { now, alreadyPast: event.startsAt <= now, storedDeadline: event.registrationDeadline };
    const submission = await parse(eventSchemaWith(rules));
    if (submission.status !== "success") return data({ result: submission.reply(), done: null, error: null }, { status: 400 });
    await updateEvent(db, event.id, eventInputFromForm(submission.value), actor);
    return { result: submission.reply(), done: "saved", error: null };
  }
  // The strings as sent: an empty message is too short, not missing.
  const parsed = await parse(simpleAction, { coerce: false });
  if (parsed.status !== "success") {
    const reply = parsed.reply();
    return data({ result: null, done: null, error: firstError(reply)?.message ?? "errors.required", submission: reply }, { status: 400 });
  }
  const value = parsed.value;
  if (value.intent === "publish") await publishEvent(db, event.id, actor);
  if (value.intent === "cancel") await cancelEvent(db, event.id, actor, origin, new Date());
  if (value.intent === "check-in") await checkIn(db, event.id, value.registrationId, value.attended === "yes", actor, new Date());
  if (value.intent === "mail") {
    const count = await mailAttendees(db, event.id, value.body, actor, origin, new Date());
    return { result: null, done: "mailed", error: null, count };
  }
  return { result: null, done: value.intent, error: null };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function OrganizerEvent() {
  const { locale, title, event, defaults, attendees } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("events");
  // The same rules in the browser as on the server: no past dates unless the event has already begun.
  const schema = eventSchemaWith({ now: new Date(), alreadyPast: new Date(event.startsAt) <= new Date(), storedDeadline: new Date(event.registrationDeadline) });
  const [form, fields] = useZodForm(schema, actionData?.result, "edit-event", defaults);
  const hidden = (intent: string) => <input type="hidden" name="intent" value={intent} />;
  return (
    <FormNamespace.Provider value="events">
      <h1>{title}</h1>
      <p className="lead" data-event-status={event.status}>
        {event.when} · {t(`organizer.status.${event.status}`)}
      </p>
      {actionData?.done ? <p className="notice" role="status">{t(`organizer.done.${actionData.done}`)}</p> : null}
      {actionData?.error ? <p className="error-summary" role="alert">{t(actionData.error)}</p> : null}
      <div className="button-row">
        {event.status === "draft" ? (
          <Form method="post">{hidden("publish")}<button type="submit" data-action="publish">{t("organizer.publish")}</button></Form>
        ) : null}
        {event.status !== "cancelled" ? (
          <Form method="post">{hidden("cancel")}<button type="submit" className="button--secondary">{t("organizer.cancel")}</button></Form>
        ) : null}
      </div>

      {event.purged ? <p className="notice" data-registrations-purged="">{t("organizer.purgedCounts", event.purged)}</p> : null}
      <section aria-labelledby="attendees-title">
        <h2 id="attendees-title">{t("organizer.attendees", { registered: attendees.filter((row) => row.status === "registered").length, capacity: event.capacity })}</h2>
        <p>
          <a href={`/${locale}/staff/events/${event.id}/attendees.csv`} download>
            {t("organizer.csv")}
          </a>
        </p>
        <table className="data-table" data-attendees="">
          <caption className="visually-hidden">{t("organizer.attendeesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("fields.email")}</th>
              <th scope="col">{t("organizer.statusLabel")}</th>
              {event.hasQuestion ? <th scope="col">{t("fields.answer")}</th> : null}
              <th scope="col">{t("organizer.checkIn")}</th>
            </tr>
          </thead>
          <tbody>
            {attendees.map((row) => (
              <tr key={row.id} data-attendee={row.email} data-status={row.attended ? "attended" : row.status}>
                <td>{row.name}</td>
                <td>{row.email}</td>
                <td>{row.attended ? t("organizer.attended") : t(`organizer.registration.${row.status}`)}</td>
                {event.hasQuestion ? <td className="preserve-lines" data-answer="">{row.answer ?? ""}</td> : null}
                <td>
                  {row.status === "registered" ? (
                    <Form method="post">
                      {hidden("check-in")}
                      <input type="hidden" name="registrationId" value={row.id} />
                      <input type="hidden" name="attended" value={row.attended ? "no" : "yes"} />
                      <button type="submit" className="button--secondary">
                        {row.attended ? t("organizer.undoCheckIn") : t("organizer.markAttended")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Form method="post" className="stacked-form">
          {hidden("mail")}
          <label htmlFor="mail-body">{t("organizer.mailLabel")}</label>
          <textarea id="mail-body" name="body" rows={4} required />
          <button type="submit" className="button--secondary">{t("organizer.mailSubmit")}</button>
        </Form>
      </section>

      <section aria-labelledby="edit-title">
        <h2 id="edit-title">{t("organizer.editTitle")}</h2>
        <ErrorSummary form={form} labels={eventFieldLabels(t)} />
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
          {hidden("edit")}
          <EventFormFields fields={fields} locale={locale} />
          <button type="submit">{t("organizer.save")}</button>
        </Form>
      </section>
    </FormNamespace.Provider>
  );
}

