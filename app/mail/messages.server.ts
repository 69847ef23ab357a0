import { toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { OutboxAttachment } from "@db/schema";
import { getT } from "~/i18n/i18next.server";
import type { Locale } from "~/i18n/locales";
import { NoticeEmail } from "./templates/NoticeEmail";

/** Every mail Trygg sends, with what it needs. Reports' mails carry no report contents. */
export type MailMessage =
  | { kind: "invite"; name: string; link: string }
  | { kind: "passwordReset"; link: string }
  | { kind: "accountLocked"; link: string }
  | { kind: "officerEmail"; unitName: string; link: string }
  | { kind: "broadcast"; title: string; body: string; link: string }
  | { kind: "reportReceived"; reference: string; level: string; link: string }
  | { kind: "reportEscalated"; reference: string; level: string; link: string }
  | { kind: "transferOffered"; reference: string; link: string }
  | { kind: "reporterUpdate"; reference: string; link: string }
  | { kind: "reportReopened"; reference: string; link: string }
  /** Keyed under `police` in mail.json: a police case with no change for `days` days. */
  | { kind: "police.quietCase"; reference: string; days: string; link: string }
  | {
      kind: "event";
      variant: "registered" | "waitlisted" | "promoted" | "reminder" | "cancelled" | "message";
      title: string;
      when: string;
      /** A reminder for an event later the same day says "today", not "tomorrow". */
      startsToday?: boolean;
      link: string;
      body?: string;
      join?: { url: string; meetingId: string | null; passcode: string | null };
      ics?: string;
    };

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  attachments: OutboxAttachment[];
}

/** Renders a message in the recipient's locale: subject, HTML and plain text. */
export async function renderMail(message: MailMessage, locale: Locale): Promise<RenderedMail> {
  const t = getT(locale, "mail");
  if (message.kind === "event") return renderEventMail(message, locale);
  const values = message as unknown as Record<string, string>;
  const paragraphs =
    message.kind === "broadcast"
      ? message.body.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean)
      : (t(`${message.kind}.paragraphs`, { ...values, returnObjects: true }) as unknown as string[]);
  const subject = t(`${message.kind}.subject`, values);
  const element = NoticeEmail({
    lang: locale,
    preview: subject,
    heading: message.kind === "broadcast" ? message.title : t(`${message.kind}.heading`, values),
    paragraphs,
    action: { label: t(`${message.kind}.action`), url: message.link },
    footer: t("footer"),
  });
  return { subject, ...renderElement(element), attachments: [] };
}

async function renderEventMail(message: Extract<MailMessage, { kind: "event" }>, locale: Locale): Promise<RenderedMail> {
  const t = getT(locale, "mail");
  const values = { title: message.title, when: message.when };
  const subject = t(message.variant === "reminder" && message.startsToday ? "event.reminder.subjectToday" : `event.${message.variant}.subject`, values);
  const paragraphs = [
    t(`event.${message.variant}.lead`, values),
    ...(message.body ? message.body.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean) : []),
    ...(message.join
      ? [
          t("event.join", { url: message.join.url }),
          ...(message.join.meetingId ? [t("event.meetingId", { meetingId: message.join.meetingId })] : []),
          ...(message.join.passcode ? [t("event.passcode", { passcode: message.join.passcode })] : []),
        ]
      : []),
  ];
  const element = NoticeEmail({
    lang: locale,
    preview: subject,
    heading: t(`event.${message.variant}.heading`, values),
    paragraphs,
    action: message.variant === "cancelled" ? undefined : { label: t("event.manage"), url: message.link },
    footer: t("footer"),
  });
  const { html, text } = renderElement(element);
  const attachments = message.ics
    ? [{ filename: "trygg-event.ics", contentType: "text/calendar; charset=utf-8", content: Buffer.from(message.ics).toString("base64") }]
    : [];
  return { subject, html, text, attachments };
}

const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * HTML and plain text of a mail, rendered in one piece. Not @react-email/render's render(): it reads
 * React 18's renderToReadableStream, which writes NUL bytes into the output when a multi-byte
 * character (the preview's zero-width padding) falls on a chunk boundary; PostgreSQL refuses such
 * text, so a mail whose subject had one of those lengths made the whole action fail with a 500.
 */
function renderElement(element: ReactElement): { html: string; text: string } {
  const markup = renderToStaticMarkup(element);
  return { html: `${DOCTYPE}${markup}`, text: toPlainText(markup) };
}
