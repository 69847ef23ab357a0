import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { devOutboxEnabled } from "~/mail/mailer-instance.server";
import { findOutboxMail, outboxContent } from "~/mail/outbox.server";

/** One mail from the local outbox, as its plain-text part, with its links made clickable. */
export async function loader({ params }: LoaderFunctionArgs) {
  if (!devOutboxEnabled() || !z.uuid().safeParse(params.id).success) throw new Response("Not found", { status: 404 });
  const mail = await findOutboxMail(await getDb(), params.id!);
  const content = mail ? outboxContent(mail) : null;
  if (!mail || !content) throw new Response("Not found", { status: 404 });
  const links = [...new Set(content.text.match(/https?:\/\/[^\s)\]]+/g) ?? [])];
  return { mail: { id: mail.id, to: content.to, subject: content.subject, text: content.text, attachments: content.attachments.map((a) => a.filename) }, links };
}

export const meta: MetaFunction = () => [{ title: "Outbox · Trygg" }, { name: "robots", content: "noindex" }];

export default function DevOutboxMail() {
  const { mail, links } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  return (
    <div className="page page--narrow">
      <p>
        <a href="/dev/outbox">{t("outbox.title")}</a>
      </p>
      <h1>{mail.subject}</h1>
      <p>
        {t("outbox.to")}: {mail.to}
      </p>
      {links.length ? (
        <ul data-mail-links="">
          {links.map((link) => (
            <li key={link}>
              <a href={link}>{link}</a>
            </li>
          ))}
        </ul>
      ) : null}
      {mail.attachments.length ? (
        <ul data-mail-attachments="">
          {mail.attachments.map((name, index) => (
            <li key={index}>
              <a href={`/dev/outbox/${mail.id}/attachments/${index}`}>{name}</a>
            </li>
          ))}
        </ul>
      ) : null}
      <pre className="mail-text">{mail.text}</pre>
    </div>
  );
}
