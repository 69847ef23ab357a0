import { parseWithZod } from "@conform-to/zod/v4";
import { invalidInput } from "~/domain/form-errors";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { publicOrigin } from "~/auth/guards.server";
import { useFocusOnMount } from "~/components/useFocusOnMount";
import { ErrorSummary, FormNamespace, SelectField, TextAreaField, TextField, useZodForm } from "~/components/forms";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { attendeeRoles, registrationSchema } from "~/domain/events/event-forms";
import { formatEventTime, publicEvent, registerForEvent, textLocale, translationFor } from "~/domain/events/events.server";
import { localeAndT } from "~/i18n/route.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const { locale } = localeAndT(params, "events");
  const event = await publicEvent(await getDb(), params.eventId ?? "");
  if (!event) throw new Response("Not found", { status: 404 });
  const text = translationFor(event, locale);
  const now = new Date();
  return data(
    {
      locale,
      event: {
        id: event.id,
        title: text.title,
        description: text.description,
        agenda: text.agenda,
        textLocale: textLocale(event, locale),
        // The question in the page's language, or in the language the text is shown in.
        question: event.question?.[locale] ?? event.question?.[textLocale(event, locale)] ?? null,
        when: formatEventTime(event, locale),
        audience: event.audience,
        seatsLeft: event.seatsLeft,
        open: event.status === "published" && event.registrationDeadline > now && event.startsAt > now,
        cancelled: event.status === "cancelled",
      },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "events");
  const submission = parseWithZod(await request.formData(), { schema: registrationSchema, error: invalidInput });
  if (submission.status !== "success") return data({ result: submission.reply(), registered: null }, { status: 400 });
  const result = await registerForEvent(
    await getDb(),
    {
      eventId: params.eventId ?? "",
      ...submission.value,
      organization: submission.value.organization ?? null,
      accessibilityNeeds: submission.value.accessibilityNeeds ?? null,
      answer: submission.value.answer ?? null,
      locale,
      origin: publicOrigin(request, getConfig().PUBLIC_URL),
    },
    new Date(),
  );
  if (!result.ok) {
    const message = result.reason === "already-registered" ? "errors.alreadyRegistered" : "errors.closed";
    return data({ result: submission.reply({ formErrors: [message] }), registered: null }, { status: result.reason === "closed" ? 409 : 400 });
  }
  return { result: null, registered: result.status };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.event.title} · Trygg` }] : []);

function Registered({ status }: { status: string }) {
  const { t } = useTranslation("events");
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="notice" role="status" data-registration-status={status}>
      <h2 ref={heading} tabIndex={-1}>
        {t(`register.done.${status}`)}
      </h2>
      <p>{status === "waitlisted" ? t("register.checkMailWaitlist") : t("register.checkMail")}</p>
    </div>
  );
}

export default function EventPage() {
  const { event, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("events");
  const [form, fields] = useZodForm(registrationSchema, actionData?.result, "register");
  return (
    <FormNamespace.Provider value="events">
      <div className="page page--narrow">
        <h1 lang={event.textLocale !== locale ? event.textLocale : undefined}>{event.title}</h1>
        {event.textLocale !== locale ? <p className="notice" data-text-in={event.textLocale}>{t(`list.textIn.${event.textLocale}`)}</p> : null}
        <p className="lead">
          <time>{event.when}</time>
        </p>
        {event.cancelled ? <p className="notice" role="status">{t("event.cancelled")}</p> : null}
        <p className="preserve-lines" lang={event.textLocale !== locale ? event.textLocale : undefined}>{event.description}</p>
        {event.agenda.length ? (
          <>
            <h2>{t("event.agenda")}</h2>
            <ol lang={event.textLocale !== locale ? event.textLocale : undefined}>
              {event.agenda.map((item, index) => (
                <li key={index}>{item}</li>
              ))}
            </ol>
          </>
        ) : null}
        <p className="article-meta">{t("event.forAudience", { audience: event.audience.map((audience) => t(`audiences.${audience}`)).join(", ") })}</p>
        {actionData?.registered ? (
          <Registered status={actionData.registered} />
        ) : event.open ? (
          <section aria-labelledby="register-title">
            <h2 id="register-title">{t("register.title")}</h2>
            <p>{event.seatsLeft > 0 ? t("register.seatsLeft", { count: event.seatsLeft }) : t("register.full")}</p>
            <ErrorSummary form={form} labels={{ name: t("fields.name"), email: t("fields.email"), role: t("fields.role"), organization: t("fields.organization"), accessibilityNeeds: t("fields.accessibilityNeeds") }} />
            <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
              <TextField field={fields.name} label={t("fields.name")} autoComplete="name" />
              <TextField field={fields.email} label={t("fields.email")} type="email" autoComplete="email" />
              <SelectField field={fields.role} label={t("fields.role")} options={[{ value: "", label: t("register.choose") }, ...attendeeRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))]} />
              <TextField field={fields.organization} label={t("fields.organization")} hint={t("register.optional")} autoComplete="organization" />
              <TextAreaField field={fields.accessibilityNeeds} label={t("fields.accessibilityNeeds")} hint={t("register.accessibilityHint")} rows={3} />
              {event.question ? <TextAreaField field={fields.answer} label={event.question} hint={t("register.optional")} rows={3} /> : null}
              <button type="submit">{t("register.submit")}</button>
            </Form>
          </section>
        ) : (
          !event.cancelled && <p>{t("register.closed")}</p>
        )}
      </div>
    </FormNamespace.Provider>
  );
}
