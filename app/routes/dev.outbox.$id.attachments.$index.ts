import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { devOutboxEnabled } from "~/mail/mailer-instance.server";
import { findOutboxMail, outboxContent } from "~/mail/outbox.server";

/** An attachment of a mail in the local outbox (the .ics of an event confirmation, say). */
export async function loader({ params }: LoaderFunctionArgs) {
  const index = Number(params.index);
  if (!devOutboxEnabled() || !z.uuid().safeParse(params.id).success || !Number.isInteger(index)) throw new Response("Not found", { status: 404 });
  const mail = await findOutboxMail(await getDb(), params.id!);
  const attachment = mail ? outboxContent(mail)?.attachments[index] : undefined;
  if (!attachment) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(Buffer.from(attachment.content, "base64")), {
    headers: { "Content-Type": attachment.contentType, "Content-Disposition": `attachment; filename="${attachment.filename.replace(/[^\w.-]/g, "_")}"` },
  });
}
