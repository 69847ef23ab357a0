import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { ComingSoon } from "~/components/ComingSoon";
import { localeAndT } from "~/i18n/route.server";

export function loader({ params }: LoaderFunctionArgs) {
  const { t } = localeAndT(params);
  return { title: t("nav.events") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.title} · Trygg` }] : []);

export default function EventsPage() {
  const { t } = useTranslation();
  return <ComingSoon title={t("nav.events")} />;
}
