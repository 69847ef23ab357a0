import type { Executor } from "@db/client.server";
import type { Report } from "@db/schema";
import type { ReportCipher } from "~/domain/sealing/report-keys.server";
import { formatDateTime } from "~/i18n/dates";
import { getT } from "~/i18n/i18next.server";
import { isLocale, localeInfo } from "~/i18n/locales";
import { reportContents } from "./case.server";
import { evidencePackageData } from "./evidence.server";
import { buildEvidencePackage, type EvidencePackageModel } from "./evidence-package";

/**
 * The evidence package of a report, in the REPORT's language (the police read what the reporter
 * wrote, with labels in the same language), opened with the report's key.
 */
export async function loadEvidencePackage(
  db: Executor,
  cipher: ReportCipher,
  report: Report,
  options: { audience: "staff" | "reporter"; onlyForPolice: boolean; now: Date },
): Promise<{ model: EvidencePackageModel; itemCount: number; markedCount: number }> {
  const locale = isLocale(report.locale) ? report.locale : "da";
  const t = getT(locale, "report");
  const data = await evidencePackageData(db, cipher, report, options.audience);
  const model = buildEvidencePackage(
    {
      locale,
      reference: report.reference,
      createdAt: report.createdAt,
      level: report.threatLevel,
      contents: reportContents(cipher, report),
      policeCaseNumber: report.policeCaseSealed ? cipher.openText("police", report.policeCaseSealed) : null,
      items: data.items.map((item, index) => ({ id: item.id, number: index + 1, receivedAt: item.receivedAt, forPolice: item.forPolice, contents: item.contents })),
      files: data.files,
      timeline: data.timeline,
      onlyForPolice: options.onlyForPolice,
      generatedAt: options.now,
    },
    (key, values) => t(key, values),
    (date) => formatDateTime(locale, date, { style: "seconds" }),
  );
  model.intro = `${model.intro} ${t("evidence.timeZone", { zone: localeInfo[locale].timeZone })}`;
  return { model, itemCount: data.items.length, markedCount: data.items.filter((item) => item.forPolice).length };
}
