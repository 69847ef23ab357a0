import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmergencyBox } from "~/components/EmergencyBox";
import { PrintButton } from "~/components/PrintButton";
import { getConfig } from "~/config.server";
import { getGuidanceCatalog } from "~/domain/guidance/guidance.server";
import { formatDate } from "~/i18n/dates";
import { requireLocale } from "~/i18n/route.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const articles = getGuidanceCatalog().articles[locale];
  const article = params.slug ? articles.get(params.slug) : undefined;
  if (!article) throw new Response("Not found", { status: 404 });
  // The printed handout names the page's own address once (its internal links print as text only).
  const origin = getConfig().PUBLIC_URL?.replace(/\/$/, "") ?? new URL(request.url).origin;
  const updated = formatDate(locale, new Date(`${article.updated}T00:00:00Z`), { timeZone: "UTC" });
  return {
    locale,
    pageUrl: `${origin}/${locale}/guidance/${article.slug}`,
    article: {
      slug: article.slug,
      title: article.title,
      summary: article.summary,
      html: article.html,
      toc: article.toc,
      audience: article.audience,
      countries: article.countries ?? null,
      topic: article.topic,
      updatedIso: article.updated,
      updated,
    },
    related: article.related.flatMap((slug) => {
      const other = articles.get(slug);
      return other ? [{ slug, title: other.title, summary: other.summary }] : [];
    }),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: `${data.article.title} · Trygg` }, { name: "description", content: data.article.summary }]
    : [];

export default function GuidanceArticle() {
  const { locale, pageUrl, article, related } = useLoaderData<typeof loader>();
  const { t } = useTranslation("guidance");
  const { t: common } = useTranslation("common");
  return (
    <div className="page guidance-layout">
      {/* Only on paper: the site's name and this page's address, once (the site header does not print). */}
      <div className="print-only print-header" data-print-header="">
        <p>
          <strong>Trygg</strong> · {common("meta.tagline")}
        </p>
        <p>{pageUrl}</p>
      </div>
      <article className="guidance-main article" aria-labelledby="article-title">
        <p className="breadcrumb no-print">
          <a href={`/${locale}/guidance`}>{t("article.all")}</a> · {t(`topics.${article.topic}`)}
        </p>
        <h1 id="article-title">{article.title}</h1>
        <p className="lead">{article.summary}</p>
        <p className="article-meta">
          {t("article.updated")} <time dateTime={article.updatedIso}>{article.updated}</time> · {t("audience.label")}:{" "}
          {article.audience.map((audience) => t(`audience.${audience}`)).join(", ")}
          {article.countries
            ? ` · ${t("countries.only")} ${article.countries.map((country) => t(`countries.${country}`)).join(", ")}`
            : null}
        </p>
        <PrintButton label={t("article.print")} />
        {article.toc.length > 1 ? (
          <nav className="toc" aria-labelledby="toc-title">
            <h2 id="toc-title">{t("article.toc")}</h2>
            <ol>
              {article.toc
                .filter((entry) => entry.depth === 2)
                .map((entry) => (
                  <li key={entry.id}>
                    <a href={`#${entry.id}`}>{entry.text}</a>
                  </li>
                ))}
            </ol>
          </nav>
        ) : null}
        {/* Rendered from our own Markdown at start-up and sanitized with an allow list. */}
        <div className="article-body" dangerouslySetInnerHTML={{ __html: article.html }} />
        {related.length > 0 ? (
          <section className="related no-print" aria-labelledby="related-title">
            <h2 id="related-title">{t("article.related")}</h2>
            <ul className="article-list">
              {related.map((other) => (
                <li key={other.slug}>
                  <h3>
                    <a href={`/${locale}/guidance/${other.slug}`}>{other.title}</a>
                  </h3>
                  <p>{other.summary}</p>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
      <EmergencyBox locale={locale} />
    </div>
  );
}
