import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { attendeeCalendarFile, findRegistrationByToken } from "~/domain/events/events.server";
import { requireLocale } from "~/i18n/route.server";

/** The event as an .ics file, for a registration that has a seat. */
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const found = await findRegistrationByToken(await getDb(), params.token ?? "");
  if (!found || found.registration.status !== "registered" || found.event.status !== "published") throw new Response("Not found", { status: 404 });
  const ics = attendeeCalendarFile(found.event, locale);
  return new Response(ics, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'attachment; filename="trygg-event.ics"', "Cache-Control": "no-store" },
  });
}
