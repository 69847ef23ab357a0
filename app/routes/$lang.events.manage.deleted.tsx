import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFocusOnMount } from "~/components/useFocusOnMount";
import { localeAndT } from "~/i18n/route.server";

/** Where an attendee lands after deleting their registration: its link no longer opens anything. */
export function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "events");
  return data({ locale, title: t("manage.deletedTitle") }, { headers: { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } });
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }, { name: "robots", content: "noindex" }] : []);

export default function RegistrationDeleted() {
  const { locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation("events");
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="page page--narrow" data-registration-deleted="">
      <h1 ref={heading} tabIndex={-1}>
        {t("manage.deletedTitle")}
      </h1>
      <p role="status">{t("manage.deletedText")}</p>
      <p>
        <a href={`/${locale}/events`}>{t("manage.backToEvents")}</a>
      </p>
    </div>
  );
}
