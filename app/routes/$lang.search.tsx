import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { searchGuidanceCached } from "~/domain/guidance/guidance.server";
import type { GuidanceSearchResult } from "~/domain/guidance/search.server";
import { localeAndT } from "~/i18n/route.server";

const searchSchema = z.object({
  q: z
    .string()
    // Control characters (Unicode's Cc) carry no meaning in a search; drop them rather than refuse.
    .transform((value) => value.replace(/\p{Cc}/gu, " ").trim())
    .pipe(z.string().max(200, "search.tooLong")),
});

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "guidance");
  const raw = new URL(request.url).searchParams.get("q") ?? "";
  const title = t("search.title");
  const parsed = searchSchema.safeParse({ q: raw });
  if (!parsed.success) {
    const message = t(parsed.error.issues[0]?.message ?? "search.tooLong");
    return data({ locale, title, query: raw.slice(0, 200), error: message, results: null }, { status: 400 });
  }
  const query = parsed.data.q;
  let results: GuidanceSearchResult[] | null = null;
  if (query) {
    results = await searchGuidanceCached(await getDb(), locale, query);
  }
  return { locale, title, query, error: null, results };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) =>
  loaderData ? [{ title: `${loaderData.query ? `${loaderData.query} · ` : ""}${loaderData.title} · Trygg` }] : [];

export default function SearchPage() {
  const { locale, query, error, results } = useLoaderData<typeof loader>();
  const { t } = useTranslation("guidance");
  return (
    <div className="page page--narrow">
      <h1>{t("search.title")}</h1>
      {error ? (
        <div className="error-summary" role="alert" aria-labelledby="search-errors-title" tabIndex={-1}>
          <h2 id="search-errors-title">{t("search.errorSummary")}</h2>
          <ul>
            <li>
              <a href="#search-q">{error}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <form method="get" action={`/${locale}/search`} role="search" className="search-form" noValidate>
        <label htmlFor="search-q">{t("search.label")}</label>
        <p id="search-hint" className="field-hint">
          {t("search.hint")}
        </p>
        {error ? (
          <p id="search-error" className="field-error">
            {error}
          </p>
        ) : null}
        <div className="search-inline__row">
          <input
            id="search-q"
            type="search"
            name="q"
            defaultValue={query}
            maxLength={200}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "search-hint search-error" : "search-hint"}
          />
          <button type="submit">{t("search.submit")}</button>
        </div>
      </form>
      {results ? (
        <section aria-labelledby="search-results-title" className="search-results">
          <h2 id="search-results-title">
            {results.length > 0 ? t("search.results", { count: results.length, query }) : t("search.none", { query })}
          </h2>
          {results.length === 0 ? (
            <p>
              <a href={`/${locale}/guidance`}>{t("article.all")}</a>
            </p>
          ) : (
            <ol className="article-list">
              {results.map((result) => (
                <li key={result.slug}>
                  <h3>
                    <a href={`/${locale}/guidance/${result.slug}`}>{result.title}</a>
                  </h3>
                  <p className="article-meta">{t(`topics.${result.topic}`)}</p>
                  <p className="snippet">
                    {result.snippet.map((part, index) =>
                      part.hit ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
                    )}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
    </div>
  );
}
