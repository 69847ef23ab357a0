import { useTranslation } from "react-i18next";
import { useFocusOnMount } from "~/components/useFocusOnMount";
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
}

export function ReportReceipt({ receipt, locale }: { receipt: ReceiptView; locale: Locale }) {
  const { t } = useTranslation("report");
  // The numbers of the country the incident is in, whatever language the page is read in.
  const { emergency, policeNonEmergency } = countryNumbers(receipt.country);
  const heading = useFocusOnMount<HTMLHeadingElement>();
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
      <dl className="receipt-codes">
        <dt>{t("receipt.reference")}</dt>
        <dd data-reference="">{receipt.reference}</dd>
        <dt>{t("receipt.code")}</dt>
        <dd data-receipt-code="">{receipt.receiptCode}</dd>
      </dl>
      <p className="receipt-warning">{t("receipt.writeDown")}</p>
      <ul>
        <li data-receipt-next="">{receipt.anonymous ? t("receipt.next1Anonymous") : t("receipt.next1")}</li>
        <li>
          {t("receipt.next2")} <a href={`/${locale}/report/status`}>{t("receipt.statusLink")}</a>
        </li>
        <li data-receipt-police="">
          {receipt.policeTold ? t("receipt.policeKnown", { number: policeNonEmergency.shown }) : t("receipt.police", { number: policeNonEmergency.shown })}
        </li>
      </ul>
      <p className="no-print">{t("receipt.printHint")}</p>
    </div>
  );
}

