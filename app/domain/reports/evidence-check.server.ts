import { prepareEvidence, type EvidenceFile } from "./evidence-files.server";
import { checkPdf } from "./pdf-safety.server";
import type { IncomingAttachment } from "./submit.server";

export type EvidenceError = "files.errors.pdfActive" | "files.errors.pdfUnreadable" | "files.errors.pdfEncrypted" | "files.errors.unreadable";

/**
 * The checks of issue #16 after the type and markup checks of attachments.ts: a PDF judged by
 * pdf-lib (no JavaScript, launch actions or embedded files; it must load and not be encrypted),
 * then the file's hash, metadata and copy without metadata. A file that fails is refused by name.
 */
export async function checkEvidence(file: IncomingAttachment): Promise<{ file: EvidenceFile } | { error: EvidenceError }> {
  if (file.type === "application/pdf") {
    const verdict = await checkPdf(file.bytes);
    if (!verdict.ok) return { error: verdict.reason === "active" ? "files.errors.pdfActive" : verdict.reason === "encrypted" ? "files.errors.pdfEncrypted" : "files.errors.pdfUnreadable" };
  }
  try {
    return { file: { ...file, evidence: await prepareEvidence(file) } };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { error: "files.errors.unreadable" };
  }
}
