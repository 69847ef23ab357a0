import type { LoaderFunctionArgs } from "@remix-run/node";
import { staffRoute } from "~/auth/staff-route.server";
import { eventAttendees } from "~/domain/events/events.server";
import { toCsv } from "~/domain/staff/coverage.server";

/** Attendees as CSV: quoted properly, and a cell starting with = + - @ neutralized. */
export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const { t, db } = await staffRoute(args, { namespace: "events", roles: ["organizer", "administrator"] });
  if (!/^[0-9a-f-]{36}$/.test(params.eventId ?? "")) throw new Response("Not found", { status: 404 });
  const rows = await eventAttendees(db, params.eventId!);
  const csv = toCsv([
    [t("fields.name"), t("fields.email"), t("fields.role"), t("fields.organization"), t("fields.accessibilityNeeds"), t("fields.answer"), t("organizer.statusLabel"), t("organizer.registeredAt")],
    ...rows.map((row) => [
      row.name,
      row.email,
      t(`roles.${row.role}`),
      row.organization ?? "",
      row.accessibilityNeeds ?? "",
      row.answer ?? "",
      row.attendedAt ? t("organizer.attended") : t(`organizer.registration.${row.status}`),
      row.createdAt.toISOString(),
    ]),
  ]);
  return new Response(`\uFEFF${csv}`, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="trygg-attendees.csv"', "Cache-Control": "no-store" },
  });
}
