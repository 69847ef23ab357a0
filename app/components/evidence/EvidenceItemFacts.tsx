import { useTranslation } from "react-i18next";
import type { EvidenceContents } from "~/domain/reports/evidence-items";

// i18n-namespaces: report

/** The facts of one item as the reporter gave them: a list of label and value. */
export function EvidenceItemFacts({ contents }: { contents: EvidenceContents }) {
  const { t } = useTranslation("report");
  const when = [contents.date, contents.time].filter(Boolean).join(" ") || null;
  const rows: Array<[string, string | null, "url" | "text" | "quote"]> =
    contents.kind === "online_post"
      ? [
          [t("evidence.fields.online_post.url"), contents.url, "url"],
          [t("evidence.fields.online_post.platform"), contents.platform, "text"],
          [t("evidence.fields.online_post.profileName"), contents.profileName, "text"],
          [t("evidence.fields.online_post.profileUrl"), contents.profileUrl, "url"],
          [t("evidence.postedAsSeen"), when, "text"],
          [t("evidence.fields.online_post.quote"), contents.quote, "quote"],
        ]
      : contents.kind === "message"
        ? [
            [t("evidence.fields.message.channel"), t(`evidence.channels.${contents.channel}`), "text"],
            [t("evidence.fields.message.sender"), contents.sender, "text"],
            [t("evidence.fields.message.date"), when, "text"],
            [t("evidence.fields.message.quote"), contents.quote, "quote"],
          ]
        : [
            [t("evidence.fields.in_person.place"), contents.place, "text"],
            [t("evidence.fields.in_person.date"), when, "text"],
            [t("evidence.fields.in_person.people"), contents.people, "text"],
            [t("evidence.fields.in_person.description"), contents.description, "quote"],
          ];
  return (
    <dl className="evidence-facts">
      {rows
        .filter(([, value]) => value)
        .map(([label, value, kind]) => (
          <div key={label} className="summary-row">
            <dt>{label}</dt>
            <dd className={kind === "quote" ? "preserve-lines" : kind === "url" ? "evidence-url" : undefined} data-evidence-value={kind}>
              {kind === "url" ? (
                <a href={value!} rel="noreferrer noopener" target="_blank">{value}</a>
              ) : kind === "quote" ? (
                <blockquote>{value}</blockquote>
              ) : (
                value
              )}
            </dd>
          </div>
        ))}
    </dl>
  );
}
