import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localeAndT } from "~/i18n/route.server";

export function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params);
  return { locale, title: t("home.title"), description: t("meta.description") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.title} · Trygg` }, { name: "description", content: data.description }] : [];

export default function Home() {
  const { locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const cards = [
    { key: "guidance", to: `/${locale}/guidance` },
    { key: "report", to: `/${locale}/report` },
    { key: "events", to: `/${locale}/events` },
  ] as const;
  return (
    <div className="page">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <ul className="cards">
        {cards.map((card) => (
          <li key={card.key} className="card">
            <h2>
              <a href={card.to}>{t(`home.${card.key}.title`)}</a>
            </h2>
            <p>{t(`home.${card.key}.text`)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
