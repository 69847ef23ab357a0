import { desc, eq } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { outbox, type OutboxContent, type OutboxRow } from "@db/schema";
import { openOutboxContent, sealOutboxContent } from "~/domain/sealing/server-sealed.server";
import type { KeyRing } from "~/domain/sealing/server-key.server";
import { getKeyRing } from "~/encryption-keys.server";
import type { Locale } from "~/i18n/locales";
import { renderMail, type MailMessage } from "./messages.server";

export interface OutgoingMail {
  to: string;
  locale: Locale;
  message: MailMessage;
  /** One key, one mail: enqueuing the same key again does nothing. */
  idempotencyKey: string;
  /** The report the mail is about: its rows go when the report is purged. */
  reportId?: string;
  /** When the cause happened: the mail is queued, and due, from then (the caller's clock, not the database's). */
  now: Date;
}

/**
 * Puts a mail in the outbox. Call it inside the transaction of the change that causes the mail,
 * so both are committed or neither is; the worker sends it afterwards. Recipient, subject and
 * bodies are sealed with the server key until the provider has accepted the mail.
 */
export async function enqueueMail(db: Executor, mail: OutgoingMail, ring: KeyRing = getKeyRing()): Promise<void> {
  const rendered = await renderMail(mail.message, mail.locale);
  const content: OutboxContent = { to: mail.to, subject: rendered.subject, html: rendered.html, text: rendered.text, attachments: rendered.attachments };
  await db
    .insert(outbox)
    .values({
      idempotencyKey: mail.idempotencyKey,
      sealed: sealOutboxContent(ring, mail.idempotencyKey, content),
      template: mail.message.kind,
      locale: mail.locale,
      reportId: mail.reportId ?? null,
      createdAt: mail.now,
      nextAttemptAt: mail.now,
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey });
}

/** A mail's contents while it still has them (null once sent through a provider). */
export function outboxContent(row: Pick<OutboxRow, "idempotencyKey" | "sealed" | "legacyPlain">, ring: KeyRing = getKeyRing()): OutboxContent | null {
  if (row.sealed) return openOutboxContent(ring, row.idempotencyKey, row.sealed);
  return row.legacyPlain ?? null;
}

/** Outbox rows queued before sealing, sealed now (part of the sealing migration). */
export async function sealLegacyOutbox(db: Executor, ring: KeyRing = getKeyRing()): Promise<number> {
  const rows = await db.select().from(outbox).where(eq(outbox.status, "pending"));
  let sealed = 0;
  for (const row of rows) {
    if (!row.legacyPlain) continue;
    await db.update(outbox).set({ sealed: sealOutboxContent(ring, row.idempotencyKey, row.legacyPlain), legacyPlain: null }).where(eq(outbox.id, row.id));
    sealed++;
  }
  return sealed;
}

/** One mail of the outbox, by id (the development outbox pages). */
export async function findOutboxMail(db: Executor, id: string): Promise<OutboxRow | undefined> {
  const [mail] = await db.select().from(outbox).where(eq(outbox.id, id));
  return mail;
}

/** The latest 200 mails of the outbox, newest first (the development outbox page). */
export async function latestOutboxMails(db: Executor): Promise<OutboxRow[]> {
  return db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(200);
}
