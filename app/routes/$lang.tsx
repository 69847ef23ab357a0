import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useParams, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorKind } from "~/components/error-kind";
import { defaultLocale, isLocale } from "~/i18n/locales";

/** Everything public sits under /da, /sv or /nb; any other first segment is a 404. */
export function loader({ params }: LoaderFunctionArgs) {
  if (!isLocale(params.lang)) throw new Response("Not found", { status: 404 });
  return null;
}

export default function LocaleLayout() {
  return <Outlet />;
}

/**
 * An error in a public page: the root's Layout keeps the site shell (quick exit, navigation,
 * emergency numbers) around this, and the root's meta names the page.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const { lang } = useParams();
  const { t } = useTranslation();
  const kind = errorKind(error);
  return (
    <div className="page page--narrow" data-error={kind}>
      <h1>{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.text`)}</p>
      <p>
        <a href={`/${isLocale(lang) ? lang : defaultLocale}`}>{t("errorPage.toStart")}</a>
      </p>
    </div>
  );
}
