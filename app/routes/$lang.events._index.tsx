import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { formatEventTime, textLocale, translationFor, upcomingEvents } from "~/domain/events/events.server";
import { localeAndT } from "~/i18n/route.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "events");
  const list = await upcomingEvents(await getDb(), new Date());
  return data(
    {
      locale,
      title: t("list.title"),
      events: list.map((event) => {
        const text = translationFor(event, locale);
        return { id: event.id, title: text.title, description: text.description, when: formatEventTime(event, locale), audience: event.audience, textLocale: textLocale(event, locale) };
      }),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function EventList() {
  const { locale, events } = useLoaderData<typeof loader>();
  const { t } = useTranslation("events");
  return (
    <div className="page page--narrow">
      <h1>{t("list.title")}</h1>
      <p className="lead">{t("list.lead")}</p>
      {events.length === 0 ? <p>{t("list.empty")}</p> : null}
      <ul className="article-list" data-event-list="">
        {events.map((event) => (
          <li key={event.id}>
            <h2>
              <a href={`/${locale}/events/${event.id}`} lang={event.textLocale !== locale ? event.textLocale : undefined}>
                {event.title}
              </a>
            </h2>
            {event.textLocale !== locale ? <p className="article-meta" data-text-in={event.textLocale}>{t(`list.textIn.${event.textLocale}`)}</p> : null}
            <p className="article-meta">
              <time>{event.when}</time> · {event.audience.map((audience) => t(`audiences.${audience}`)).join(", ")}
            </p>
            <p lang={event.textLocale !== locale ? event.textLocale : undefined}>{event.description}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
