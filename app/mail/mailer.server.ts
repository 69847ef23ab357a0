import { Resend } from "resend";
import type { OutboxContent } from "@db/schema";

export interface MailToSend {
  idempotencyKey: string;
  content: OutboxContent;
}

export interface Mailer {
  kind: "resend" | "local";
  /** Sends one mail; resolves with the provider's id, throws when it was not accepted. */
  send(mail: MailToSend): Promise<string>;
}

export interface MailerOptions {
  apiKey?: string;
  baseUrl?: string;
  from: string;
}

/**
 * Resend when an API key is configured; otherwise mail stays in the outbox table, readable at
 * /dev/outbox. The Resend client is made on first use, so tests can point it at a local stub.
 */
export function createMailer(options: MailerOptions): Mailer {
  if (!options.apiKey) {
    return { kind: "local", send: async (mail) => `local-${mail.idempotencyKey.slice(0, 40)}` };
  }
  let client: Resend | undefined;
  return {
    kind: "resend",
    async send({ idempotencyKey, content: row }) {
      client ??= new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
      const { data, error } = await client.emails.send(
        {
          from: options.from,
          to: [row.to],
          subject: row.subject,
          html: row.html,
          text: row.text,
          attachments: row.attachments.map((attachment) => ({
            filename: attachment.filename,
            content: attachment.content,
            contentType: attachment.contentType,
          })),
        },
        // The outbox row's key: a retry after a lost answer is not a second mail.
        { idempotencyKey },
      );
      if (error || !data) throw new Error(`Resend refused the mail: ${error?.name ?? "unknown"}: ${error?.message ?? ""}`);
      return data.id;
    },
  };
}
