import { Form, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { EvidenceCaseView, EvidenceItemRow } from "~/domain/reports/evidence-view";
import { EvidenceItemFacts } from "./EvidenceItemFacts";

// i18n-namespaces: report

function ItemMark({ item }: { item: EvidenceItemRow }) {
  const { t } = useTranslation("report");
  return (
    <div className="checkbox evidence-mark">
      <input type="hidden" name="shownId" value={item.id} />
      <input type="checkbox" id={`mark-${item.id}`} name="itemId" value={item.id} defaultChecked={item.forPolice} data-mark-item={item.number} />
      <label htmlFor={`mark-${item.id}`}>
        {t("evidence.markLabel", { number: item.number })}
        {item.forPolice && item.markedBy ? <span className="field-hint"> ({t("evidence.markedBy", { name: item.markedBy, at: item.markedAt })})</span> : null}
      </label>
    </div>
  );
}

function ItemHeading({ item }: { item: EvidenceItemRow }) {
  const { t } = useTranslation("report");
  return (
    <p className="article-meta">
      <strong>{t("evidence.itemNumber", { number: item.number })}</strong> · {t(`evidence.kinds.${item.kind}`)} · {t("evidence.receivedAt", { at: item.receivedAt })}
      {item.later ? ` · ${t("evidence.cameLater")}` : ""}
      {item.forPolice ? <> · <span className="badge" data-for-police="">{t("evidence.forPolice")}</span></> : null}
    </p>
  );
}

/**
 * The case page's evidence: typed items in the order received, pasted posts grouped by profile
 * (collapsed), and one form to mark items "for the police" — per item, or every post of a profile.
 */
export function EvidenceList({ view, action, packageHref, formKey }: { view: EvidenceCaseView; action: string; packageHref: string; formKey: string }) {
  const { t } = useTranslation("report");
  const [search] = useSearchParams();
  const saved = search.get("evidence");
  return (
    <section aria-labelledby="evidence-title" data-evidence-list={view.total}>
      <h2 id="evidence-title" tabIndex={-1}>{t("evidence.caseTitle", { count: view.total })}</h2>
      {saved === "saved" || saved === "profile" ? (
        <p className="notice notice--done" role="status" data-evidence-saved={search.get("changed") ?? ""}>
          {t("evidence.marksSaved", { count: Number(search.get("changed") ?? 0) || 0 })}
        </p>
      ) : null}
      {view.total === 0 ? <p>{t("evidence.none")}</p> : <p>{t("evidence.caseLead", { count: view.forPolice })}</p>}
      <p className="no-print">
        <a href={packageHref} data-evidence-package="">{t("evidence.openPackage")}</a>
      </p>
      {view.total ? (
        <Form method="post" action={action} className="stacked-form">
          <input type="hidden" name="intent" value="marks" />
          <input type="hidden" name="formKey" value={formKey} />
          {view.typed.length ? (
            <ol className="evidence-items">
              {view.typed.map((item) => (
                <li key={item.id} data-evidence-row={item.kind}>
                  <ItemHeading item={item} />
                  <EvidenceItemFacts contents={item.contents} />
                  <ItemMark item={item} />
                </li>
              ))}
            </ol>
          ) : null}
          {view.groups.length ? (
            <>
              <h3>{t("evidence.groupsTitle")}</h3>
              {view.groups.map((group) => (
                <details key={group.key} className="evidence-group" data-profile-group={group.profileName ?? ""}>
                  <summary>
                    {group.profileName ? t("evidence.groupSummary", { profile: group.profileName, platform: group.platform, count: group.items.length }) : t("evidence.groupNoProfile", { platform: group.platform, count: group.items.length })}
                    {group.forPolice ? ` · ${t("evidence.groupMarked", { count: group.forPolice })}` : ""}
                  </summary>
                  <button type="submit" name="profile" value={group.key} className="button--secondary" data-action="mark-profile">
                    {t("evidence.markProfile", { count: group.items.length })}
                  </button>
                  <ol className="evidence-items">
                    {group.items.map((item) => (
                      <li key={item.id} data-evidence-row={item.kind}>
                        <ItemHeading item={item} />
                        <p className="evidence-url">{item.contents.kind === "online_post" ? item.contents.url : null}</p>
                        <ItemMark item={item} />
                      </li>
                    ))}
                  </ol>
                </details>
              ))}
            </>
          ) : null}
          <button type="submit" data-action="save-marks">{t("evidence.saveMarks")}</button>
        </Form>
      ) : null}
    </section>
  );
}
