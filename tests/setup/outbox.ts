import type { Executor } from "@db/client.server";
import { outbox, type OutboxContent, type OutboxRow } from "@db/schema";
import { outboxContent } from "~/mail/outbox.server";

export type OpenedMail = OutboxRow & OutboxContent;

/** Every outbox row that still has its contents, opened with the test key ring. */
export async function openedOutbox(db: Executor): Promise<OpenedMail[]> {
  const rows = await db.select().from(outbox);
  return rows.flatMap((row) => {
    const content = outboxContent(row);
    return content ? [{ ...row, ...content }] : [];
  });
}

export async function mailsTo(db: Executor, address: string): Promise<OpenedMail[]> {
  return (await openedOutbox(db)).filter((mail) => mail.to === address);
}
