import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { findAuthToken } from "~/domain/staff/auth-tokens.server";
import { confirmOfficerEmail } from "~/domain/staff/units.server";
import { localeAndT } from "~/i18n/route.server";

// Confirmation takes a button press (POST), so a mail scanner that follows links cannot do it.
export async function loader({ params }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "staff");
  const valid = Boolean(await findAuthToken(await getDb(), "officer-email", params.token ?? "", new Date()));
  return data({ locale, title: t("verifyEmail.title"), valid }, { status: valid ? 200 : 410 });
}

export async function action({ params }: ActionFunctionArgs) {
  localeAndT(params, "staff");
  const officer = await confirmOfficerEmail(await getDb(), params.token ?? "", new Date());
  return data({ confirmed: Boolean(officer) }, { status: officer ? 200 : 410 });
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export default function VerifyEmail() {
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  return (
    <div className="page page--narrow">
      <h1>{t("verifyEmail.title")}</h1>
      {actionData ? (
        <p className="lead" role="status">
          {actionData.confirmed ? t("verifyEmail.done") : t("verifyEmail.expired")}
        </p>
      ) : valid ? (
        <Form method="post">
          <p className="lead">{t("verifyEmail.lead")}</p>
          <button type="submit">{t("verifyEmail.submit")}</button>
        </Form>
      ) : (
        <p className="lead">{t("verifyEmail.expired")}</p>
      )}
    </div>
  );
}
