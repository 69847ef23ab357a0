import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { isLocale } from "~/i18n/locales";

/** Everything public sits under /da, /sv or /nb; any other first segment is a 404. */
export function loader({ params }: LoaderFunctionArgs) {
  if (!isLocale(params.lang)) throw new Response("Not found", { status: 404 });
  return null;
}

export default function LocaleLayout() {
  return <Outlet />;
}
