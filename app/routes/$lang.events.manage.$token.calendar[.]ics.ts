import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { calendarFile } from "~/domain/events/ics.server";
import { findRegistrationByToken, translationFor } from "~/domain/events/events.server";
import { requireLocale } from "~/i18n/route.server";

/** The event as an .ics file, for a registration that has a seat. */
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const found = await findRegistrationByToken(await getDb(), params.token ?? "");
  if (!found || found.registration.status !== "registered" || found.event.status !== "published") throw new Response("Not found", { status: 404 });
  const { event } = found;
  const text = translationFor(event, locale);
  const ics = calendarFile({ uid: `${event.id}@trygg`, title: text.title, description: `${text.description}\n\n${event.joinUrl}`, startsAt: event.startsAt, endsAt: event.endsAt });
  return new Response(ics, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'attachment; filename="trygg-event.ics"', "Cache-Control": "no-store" },
  });
}
