import type { Executor } from "@db/client.server";
import { outbox } from "@db/schema";
import type { Locale } from "~/i18n/locales";
import { renderMail, type MailMessage } from "./messages.server";

export interface OutgoingMail {
  to: string;
  locale: Locale;
  message: MailMessage;
  /** One key, one mail: enqueuing the same key again does nothing. */
  idempotencyKey: string;
}

/**
 * Puts a mail in the outbox. Call it inside the transaction of the change that causes the mail,
 * so both are committed or neither is; the worker sends it afterwards.
 */
export async function enqueueMail(db: Executor, mail: OutgoingMail): Promise<void> {
  const rendered = await renderMail(mail.message, mail.locale);
  await db
    .insert(outbox)
    .values({
      idempotencyKey: mail.idempotencyKey,
      toAddress: mail.to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      template: mail.message.kind,
      locale: mail.locale,
      attachments: rendered.attachments,
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey });
}
