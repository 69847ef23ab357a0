import { useTranslation } from "react-i18next";

/** A page whose feature is not built yet says so, and says where help is now. */
export function ComingSoon({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <div className="page page--narrow">
      <h1>{title}</h1>
      <p className="lead">{t("coming.text")}</p>
      <p>{t("coming.help")}</p>
    </div>
  );
}
