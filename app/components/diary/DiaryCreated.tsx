import { useTranslation } from "react-i18next";
import { GroupedValue } from "~/components/ReportReceipt";
import { useFocusOnMount } from "~/components/useFocusOnMount";

/** The diary's reference and code, shown once: without them nobody, Trygg included, can open it again. */
export function DiaryCreated({ reference, code, deletesOn }: { reference: string; code: string; deletesOn: string }) {
  const { t } = useTranslation("report");
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="receipt-card" aria-labelledby="diary-created-title" data-diary-created="">
      <h2 id="diary-created-title" ref={heading} tabIndex={-1} className="receipt-card__title">
        <span className="receipt-card__site">Trygg</span> · {t("diary.createdTitle")}
      </h2>
      <dl className="receipt-codes">
        <dt>{t("diary.reference")}</dt>
        <dd>
          <GroupedValue value={reference} kind="reference" />
        </dd>
        <dt>{t("diary.code")}</dt>
        <dd>
          <GroupedValue value={code} kind="code" />
        </dd>
      </dl>
      <p className="receipt-warning">{t("diary.writeDown")}</p>
      <p>{t("diary.createdDeletes", { date: deletesOn })}</p>
    </section>
  );
}
