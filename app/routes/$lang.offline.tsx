import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmergencyNumbers } from "~/components/EmergencyBox";
import { localeAndT } from "~/i18n/route.server";

/**
 * The page the service worker shows for a page it has not cached. The worker fills the list
 * `#offline-list` with the articles it holds for this locale.
 */
export function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "guidance");
  return { locale, title: t("offline.title") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.title} · Trygg` }] : []);

export default function OfflinePage() {
  const { locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation("guidance");
  return (
    <div className="page page--narrow">
      <h1>{t("offline.title")}</h1>
      <p className="lead">{t("offline.lead")}</p>
      <section className="emergency-box" aria-labelledby="offline-numbers">
        <h2 id="offline-numbers">{t("offline.numbers")}</h2>
        <EmergencyNumbers locale={locale} />
      </section>
      <h2>{t("offline.available")}</h2>
      <p>{t("offline.emptyHint")}</p>
      <ul id="offline-list"></ul>
      <p>
        <a href={`/${locale}/guidance`}>{t("article.all")}</a>
      </p>
    </div>
  );
}
