import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface LinkedCase {
  members: { id: string; reference: string; status: string }[];
  /** `at` formatted for the page. */
  events: { id: string; at: string; type: string; reportId: string; reference: string; actorKind: string; actorName: string | null; public: boolean; body: string | null }[];
}

/**
 * Linked reports on the case page: the case's reports this officer can open (others are not
 * mentioned), a form to link another by its reference, and one timeline of them all, each entry
 * labelled with its report's reference.
 */
export function LinkedReports({ locale, reportId, linked, formKey, error, typedReference }: { locale: string; reportId: string; linked: LinkedCase | null; formKey: string; error: string | null; typedReference: string }) {
  const { t } = useTranslation("report");
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="formKey" value={formKey} />
    </>
  );
  return (
    <section aria-labelledby="links-title" className="no-print linked-reports" data-linked-reports={linked ? linked.members.length : 0} key={`links-${formKey}`}>
      <h2 id="links-title">{t("links.title")}</h2>
      <p className="field-hint">{t("links.lead")}</p>
      {linked ? (
        <>
          <h3>{t("links.members")}</h3>
          <ul data-linked-members="">
            {linked.members.map((member) => (
              <li key={member.id} data-linked-member={member.reference}>
                {member.id === reportId ? (
                  <span>{member.reference} ({t("links.thisReport")})</span>
                ) : (
                  <a href={`/${locale}/staff/reports/${member.id}`}>{member.reference}</a>
                )}{" "}
                · {t(`staffStatuses.${member.status}`)}
                <Form method="post" className="inline-form">
                  {hidden("unlink")}
                  <input type="hidden" name="memberId" value={member.id} />
                  <button type="submit" className="button--secondary" data-action="unlink">{t("links.unlink", { reference: member.reference })}</button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Form method="post" className="inline-form" data-link-form="">
        {hidden("link")}
        <label htmlFor="link-reference">{t("links.reference")}</label>
        <p id="link-reference-hint" className="field-hint">{t("links.referenceHint")}</p>
        {error ? <p id="link-reference-error" className="field-error">{t(error)}</p> : null}
        <input
          id="link-reference"
          name="reference"
          type="text"
          maxLength={40}
          required
          autoComplete="off"
          defaultValue={typedReference}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "link-reference-hint link-reference-error" : "link-reference-hint"}
        />
        <button type="submit" className="button--secondary" data-action="link">{t("links.link")}</button>
      </Form>
      {linked ? (
        <>
          <h3 id="linked-timeline-title">{t("links.timeline")}</h3>
          <p className="field-hint">{t("links.timelineLead")}</p>
          <ol className="timeline" data-linked-timeline="" aria-labelledby="linked-timeline-title">
            {linked.events.map((event) => (
              <li key={event.id} data-event={event.type} data-event-report={event.reference}>
                <p className="article-meta">
                  <strong>{event.reference}</strong> · {event.at} · {t(`events.${event.type}`)} · {event.actorName ?? t(`actors.${event.actorKind}`)}
                  {event.public ? "" : ` · ${t("case.internal")}`}
                </p>
                {event.body ? <p className="preserve-lines">{event.body}</p> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
