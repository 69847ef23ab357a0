import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { devOutboxEnabled } from "~/mail/mailer-instance.server";
import { latestOutboxMails, outboxContent } from "~/mail/outbox.server";

/**
 * The local outbox: where mail goes when no RESEND_API_KEY is set (development and demos).
 * With Resend configured this page does not exist.
 */
export async function loader(_args: LoaderFunctionArgs) {
  if (!devOutboxEnabled()) throw new Response("Not found", { status: 404 });
  const rows = await latestOutboxMails(await getDb());
  return {
    mails: rows.map((row) => {
      const content = outboxContent(row);
      return { id: row.id, to: content?.to ?? "", subject: content?.subject ?? "", status: row.status, template: row.template, createdAt: row.createdAt.toISOString() };
    }),
  };
}

export const meta: MetaFunction = () => [{ title: "Outbox · Trygg" }, { name: "robots", content: "noindex" }];

export default function DevOutbox() {
  const { mails } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  return (
    <div className="page">
      <h1>{t("outbox.title")}</h1>
      <p className="lead">{t("outbox.lead")}</p>
      <table className="data-table">
        <caption className="visually-hidden">{t("outbox.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("outbox.when")}</th>
            <th scope="col">{t("outbox.to")}</th>
            <th scope="col">{t("outbox.subject")}</th>
            <th scope="col">{t("outbox.status")}</th>
          </tr>
        </thead>
        <tbody>
          {mails.map((mail) => (
            <tr key={mail.id} data-mail-to={mail.to} data-mail-template={mail.template}>
              <td>{mail.createdAt}</td>
              <td>{mail.to}</td>
              <td>
                <a href={`/dev/outbox/${mail.id}`}>{mail.subject}</a>
              </td>
              <td>{mail.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
