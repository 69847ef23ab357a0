import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmergencyBox } from "~/components/EmergencyBox";
import { articlesByTopic } from "~/domain/guidance/catalog.server";
import { getGuidanceCatalog } from "~/domain/guidance/guidance.server";
import { localeAndT } from "~/i18n/route.server";

export function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "guidance");
  const groups = articlesByTopic(getGuidanceCatalog(), locale).map(({ topic, articles }) => ({
    topic,
    articles: articles.map(({ slug, title, summary, audience, countries }) => ({ slug, title, summary, audience, countries })),
  }));
  return { locale, groups, title: t("index.title"), description: t("index.lead") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.title} · Trygg` }, { name: "description", content: data.description }] : [];

export default function GuidanceIndex() {
  const { locale, groups } = useLoaderData<typeof loader>();
  const { t } = useTranslation("guidance");
  return (
    <div className="page guidance-layout">
      <div className="guidance-main">
        <h1>{t("index.title")}</h1>
        <p className="lead">{t("index.lead")}</p>
        <form method="get" action={`/${locale}/search`} className="search-inline" role="search">
          <label htmlFor="guidance-q">{t("search.label")}</label>
          <div className="search-inline__row">
            <input id="guidance-q" type="search" name="q" maxLength={200} />
            <button type="submit">{t("search.submit")}</button>
          </div>
        </form>
        <nav aria-label={t("article.toc")} className="topic-index">
          <ul>
            {groups.map((group) => (
              <li key={group.topic}>
                <a href={`#topic-${group.topic}`}>{t(`topics.${group.topic}`)}</a>
              </li>
            ))}
          </ul>
        </nav>
        {groups.map((group) => (
          <section key={group.topic} aria-labelledby={`topic-${group.topic}`}>
            <h2 id={`topic-${group.topic}`}>{t(`topics.${group.topic}`)}</h2>
            <ul className="article-list">
              {group.articles.map((article) => (
                <li key={article.slug}>
                  <h3>
                    <a href={`/${locale}/guidance/${article.slug}`}>{article.title}</a>
                  </h3>
                  <p>{article.summary}</p>
                  <p className="article-meta">
                    {t("audience.label")}: {article.audience.map((audience) => t(`audience.${audience}`)).join(", ")}
                    {article.countries
                      ? ` · ${t("countries.only")} ${article.countries.map((country) => t(`countries.${country}`)).join(", ")}`
                      : null}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <EmergencyBox locale={locale} />
    </div>
  );
}
