import { renderToStaticMarkup } from "react-dom/server";
import { EvidencePackage } from "~/components/evidence/EvidencePackage";
import evidencePackageCss from "~/styles/evidence-package.css?raw";
import type { EvidencePackageModel } from "~/domain/reports/evidence-package";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The package as one self-contained HTML file: inline CSS, no scripts, no address it loads anything from. */
export function evidencePackageFile(model: EvidencePackageModel): string {
  const body = renderToStaticMarkup(<EvidencePackage model={model} />);
  return `<!doctype html>\n<html lang="${model.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(model.title)}</title><style>${evidencePackageCss}</style></head><body>${body}</body></html>\n`;
}

/** The file's name: the reference and the date, nothing from the report's contents. */
export function evidencePackageFileName(reference: string, now: Date): string {
  return `trygg-${reference.replace(/[^A-Za-z0-9-]/g, "")}-${now.toISOString().slice(0, 10)}.html`;
}
