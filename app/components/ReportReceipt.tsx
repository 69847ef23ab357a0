import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFocusOnMount } from "~/components/useFocusOnMount";
import { useHydrated } from "~/components/useHydrated";
import { useLeaveGuard } from "~/components/leave-guard";
import { countryNumbers, type Locale } from "~/i18n/locales";

export interface ReceiptView {
  reference: string;
  receiptCode: string;
  duplicate: boolean;
  inDanger: boolean;
  severe: boolean;
  country: "dk" | "se" | "no";
  policeTold: boolean;
  anonymous: boolean;
  /** The status page's full address (from PUBLIC_URL), for the printed card. */
  statusUrl: string;
}

/** "TRG-7KQ4-M2XP" → ["TRG-", "7KQ4-", "M2XP"]: a line may break after a group's hyphen, never inside a group. */
export function receiptGroups(value: string): string[] {
  return value.match(/[^-]+-?|-/g) ?? [value];
}

/**
 * A reference or code as groups that never break inside: the text is exactly the value (the
 * <wbr> between groups adds no character), so copying or reading it gives the value itself.
 */
export function GroupedValue({ value, kind }: { value: string; kind: "reference" | "code" }) {
  const data = kind === "reference" ? { "data-reference": value } : { "data-receipt-code": value };
  return (
    <span className="receipt-value" translate="no" {...data}>
      {receiptGroups(value).map((group, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          <span className="receipt-value__group">{group}</span>
        </Fragment>
      ))}
    </span>
  );
}

type CopyState = { kind: "reference" | "code"; ok: boolean } | null;

/** Shown only with JavaScript (the clipboard needs it); without, the value is selected and copied by hand. */
function CopyButton({ value, label, onCopied }: { value: string; label: string; onCopied: (ok: boolean) => void }) {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <button
      type="button"
      className="button--secondary copy-button no-print"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          onCopied(true);
        } catch {
          onCopied(false);
        }
      }}
    >
      {label}
    </button>
  );
}

export function ReportReceipt({ receipt, locale }: { receipt: ReceiptView; locale: Locale }) {
  const { t } = useTranslation("report");
  // The numbers of the country the incident is in, whatever language the page is read in.
  const { emergency, policeNonEmergency } = countryNumbers(receipt.country);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const hydrated = useHydrated();
  const [copied, setCopiedNow] = useState<CopyState>(null);
  // Emptied first, so that copying the same value again is announced again.
  const setCopied = (state: CopyState) => {
    setCopiedNow(null);
    window.setTimeout(() => setCopiedNow(state), 100);
  };
  const [saved, setSaved] = useState(false);
  // Shown once: until the reporter says it is kept, leaving asks first (quick exit never does).
  useLeaveGuard(!saved, t("receipt.leaveConfirm"));
  const copyMessage = copied ? (copied.ok ? t(copied.kind === "reference" ? "receipt.copiedReference" : "receipt.copiedCode") : t("receipt.copyFailed")) : "";
  return (
    <div className="page page--narrow receipt">
      {receipt.inDanger || receipt.severe ? (
        <div className="danger-now" role="alert" data-danger-now={receipt.inDanger ? "in-danger" : "if-danger"}>
          <p>
            {receipt.inDanger ? t("danger.callNow") : t("danger.ifInDanger")}{" "}
            <a className="danger-now__number" href={`tel:${emergency.tel}`}>
              {emergency.shown}
            </a>
          </p>
        </div>
      ) : null}
      <h1 ref={heading} tabIndex={-1}>
        {t("receipt.title")}
      </h1>
      <p className="lead">{receipt.duplicate ? t("receipt.duplicate") : t("receipt.lead")}</p>
      {/* The card is the printed receipt: print shows it alone, on one page. */}
      <section className="receipt-card" aria-labelledby="receipt-card-title" data-receipt-card="">
        <h2 id="receipt-card-title" className="receipt-card__title">
          <span className="receipt-card__site">Trygg</span> · {t("receipt.cardTitle")}
        </h2>
        <dl className="receipt-codes">
          <dt>{t("receipt.reference")}</dt>
          <dd>
            <GroupedValue value={receipt.reference} kind="reference" />
            <CopyButton value={receipt.reference} label={t("receipt.copyReference")} onCopied={(ok) => setCopied({ kind: "reference", ok })} />
          </dd>
          <dt>{t("receipt.code")}</dt>
          <dd>
            <GroupedValue value={receipt.receiptCode} kind="code" />
            <CopyButton value={receipt.receiptCode} label={t("receipt.copyCode")} onCopied={(ok) => setCopied({ kind: "code", ok })} />
          </dd>
        </dl>
        <dl className="receipt-card__facts">
          <dt>{t("receipt.statusAddress")}</dt>
          <dd data-receipt-status-url="">{receipt.statusUrl}</dd>
          <dt>{t("receipt.emergencyNumber")}</dt>
          <dd data-card-emergency="">{emergency.shown}</dd>
          <dt>{t("receipt.policeNumber")}</dt>
          <dd data-card-police="">{policeNonEmergency.shown}</dd>
        </dl>
        <p className="receipt-card__keep">{t("receipt.cardKeep")}</p>
      </section>
      <p className="copy-status" role="status" data-copy-status="">
        {copyMessage}
      </p>
      <p className="receipt-warning">{t("receipt.writeDown")}</p>
      {hydrated ? (
        <p>
          <button type="button" className="button--secondary" data-receipt-print="" onClick={() => window.print()}>
            {t("receipt.save")}
          </button>
        </p>
      ) : (
        <p data-receipt-print-hint="">{t("receipt.printHint")}</p>
      )}
      <ul>
        <li data-receipt-next="">{receipt.anonymous ? t("receipt.next1Anonymous") : t("receipt.next1")}</li>
        <li>
          {t("receipt.next2")} <a href={`/${locale}/report/status`}>{t("receipt.statusLink")}</a>
        </li>
        <li data-receipt-police="">
          {receipt.policeTold ? t("receipt.policeKnown", { number: policeNonEmergency.shown }) : t("receipt.police", { number: policeNonEmergency.shown })}
        </li>
      </ul>
      <div className="field receipt-saved">
        <div className="checkbox">
          <input id="receipt-saved" type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} aria-describedby="receipt-saved-hint" data-receipt-saved="" />
          <label htmlFor="receipt-saved">{t("receipt.savedConfirm")}</label>
        </div>
        <p id="receipt-saved-hint" className="field-hint">
          {t("receipt.savedHint")}
        </p>
      </div>
    </div>
  );
}
