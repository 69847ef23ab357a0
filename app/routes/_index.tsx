import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { negotiateLocale } from "~/i18n/i18next.server";

/** `/` sends the reader to their language, chosen from Accept-Language (Danish by default). */
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await negotiateLocale(request);
  return redirect(`/${locale}`, { headers: { Vary: "Accept-Language", "Cache-Control": "no-store" } });
}
