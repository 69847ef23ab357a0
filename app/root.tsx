import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorKind } from "~/components/error-kind";
import { useNonce } from "~/components/nonce";
import { SiteShell } from "~/components/SiteShell";
import { getConfig, quickExitUrl } from "~/config.server";
import { getT } from "~/i18n/i18next.server";
import { defaultLocale, localeOfPath, locales, pathInLocale } from "~/i18n/locales";
import stylesUrl from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const locale = localeOfPath(url.pathname) ?? defaultLocale;
  const t = getT(locale, "common");
  return {
    // Quick exit goes to the neutral site of the country of the page's language (configurable).
    quickExitUrl: quickExitUrl(getConfig(), locale),
    // Absolute hreflang URLs need the public origin.
    origin: getConfig().PUBLIC_URL?.replace(/\/$/, "") ?? url.origin,
    // A form sent with a body over its limit comes back as this page, saying so (a 413).
    tooLarge: context.bodyTooLarge ? { megabytes: Math.max(1, Math.round(context.bodyTooLarge.limitBytes / (1024 * 1024))), kilobytes: Math.round(context.bodyTooLarge.limitBytes / 1024) } : null,
    // Demo mode has published logins and a readable outbox: every page says so.
    demo: getConfig().DEMO_DATA,
    // An error page has no route of its own to name it: the root gives it a title (WCAG 2.4.2).
    errorTitles: { notFound: t("errors.notFound.title"), forbidden: t("errors.forbidden.title"), generic: t("errors.generic.title") },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) =>
  error ? [{ title: data ? `${data.errorTitles[errorKind(error)]} · Trygg` : "Trygg" }] : [];

export function Layout({ children }: { children: ReactNode }) {
  const { pathname, search } = useLocation();
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const pathLocale = localeOfPath(pathname);
  const locale = pathLocale ?? defaultLocale;
  useEffect(() => {
    // Browser tests wait for this before they click: a click while React hydrates can be lost.
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="referrer" content="no-referrer" />
        <Meta />
        <Links />
        {pathLocale && data
          ? locales.map((target) => (
              <link
                key={target}
                rel="alternate"
                hrefLang={target}
                href={`${data.origin}${pathInLocale(pathname, search, target)}`}
              />
            ))
          : null}
        {pathLocale && data ? <link rel="alternate" hrefLang="x-default" href={`${data.origin}/`} /> : null}
      </head>
      <body>
        {data?.demo ? <DemoBanner /> : null}
        <SiteShell locale={locale} quickExitUrl={data?.quickExitUrl}>
          {data?.tooLarge ? <TooLargeSummary {...data.tooLarge} /> : null}
          {children}
        </SiteShell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Shown above a page when what was sent to it was over the size limit: nothing of it was kept. */
function TooLargeSummary({ megabytes, kilobytes }: { megabytes: number; kilobytes: number }) {
  const { t } = useTranslation("common");
  const limit = kilobytes >= 1024 ? t("tooLarge.megabytes", { count: megabytes }) : t("tooLarge.kilobytes", { count: kilobytes });
  return (
    <div className="error-summary page" role="alert" aria-labelledby="too-large-title" tabIndex={-1} data-body-too-large="">
      <h2 id="too-large-title">{t("tooLarge.title")}</h2>
      <p>{t("tooLarge.text", { limit })}</p>
    </div>
  );
}

function DemoBanner() {
  const { t } = useTranslation("common");
  return (
    <aside className="demo-banner" aria-labelledby="demo-banner-title" data-demo-banner="">
      <p>
        <strong id="demo-banner-title">{t("demo.title")}</strong> {t("demo.text")}
      </p>
    </aside>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const kind = errorKind(error);
  return (
    <div className="page page--narrow">
      <h1>{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.text`)}</p>
    </div>
  );
}
