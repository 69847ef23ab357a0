import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { reportAttachments } from "@db/schema";
import type { ReportCipher } from "~/domain/sealing/report-keys.server";
import { findingKinds, findingsShown, hasFindings, readFileMetadata, type FileFindings, type FindingKind, type FindingsShown } from "./file-metadata.server";
import { stripFile, UnreadableFileError } from "./file-strip.server";
import type { IncomingAttachment } from "./submit.server";

/**
 * An uploaded file as evidence (issue #16): its SHA-256 as uploaded, what its metadata says, and a
 * copy without metadata. The reporter chooses, for a file with metadata, whether the police get the
 * untouched original too; without that choice the file is not filed (the form asks first).
 *
 * What is stored (report_attachments, all sealed under the report's key):
 * - `sha256_sealed`: the hex SHA-256 of the bytes as uploaded, always, so the original can be
 *   checked later; sealed, as a bare hash would let anyone with the database confirm that a known
 *   picture is in a report;
 * - `stripped_data`: the copy without metadata, always; officers download it by default;
 * - `data`: the untouched original, only when kept (`kept_original`): the reporter chose it, or the
 *   file had no metadata to review (then nothing private is in it beyond what the copy shows, and
 *   the police keep the file exactly as it was sent);
 * - `metadata_sealed`: what was found; with the original kept, the values (they are in the file
 *   anyway), with a copy only, just the kinds ("position, device"), so the place the reporter
 *   chose not to send is not kept in another column.
 */

export type FileChoice = "original" | "copy";

export interface Evidence {
  sha256: string;
  findings: FileFindings;
  stripped: Uint8Array;
}

export interface EvidenceFile extends IncomingAttachment {
  evidence: Evidence;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Reads and strips one file. Throws UnreadableFileError for an image that does not decode. */
export async function prepareEvidence(file: IncomingAttachment): Promise<Evidence> {
  const [findings, stripped] = await Promise.all([readFileMetadata(file.type, file.bytes), stripFile(file.type, file.bytes)]);
  return { sha256: sha256Hex(file.bytes), findings, stripped };
}

/** Each file with its evidence, or refused by name when it cannot be read. */
export async function withEvidence<T extends IncomingAttachment>(files: T[]): Promise<{ ready: Array<T & EvidenceFile>; unreadable: T[] }> {
  const ready: Array<T & EvidenceFile> = [];
  const unreadable: T[] = [];
  for (const file of files) {
    try {
      ready.push({ ...file, evidence: file.evidence ?? (await prepareEvidence(file)) });
    } catch (error) {
      // An image sharp cannot decode, or a PDF pdf-lib cannot write again: refused, never stored unchecked.
      if (!(error instanceof UnreadableFileError) && !(error instanceof Error)) throw error;
      unreadable.push(file);
    }
  }
  return { ready, unreadable };
}

/** What is sealed in `metadata_sealed`. */
interface SealedFindings {
  kinds: FindingKind[];
  values: FileFindings | null;
}

/**
 * The columns of one attachment row. A file without prepared evidence (filed by code that did not
 * prepare it) keeps its bytes as the original, and the download strips it when it is served.
 */
export function attachmentColumns(cipher: ReportCipher, attachmentId: string, file: IncomingAttachment & { evidence?: Evidence; choice?: FileChoice }) {
  const evidence = file.evidence;
  const sha256 = evidence?.sha256 ?? sha256Hex(file.bytes);
  const found = evidence ? hasFindings(evidence.findings) : false;
  // With metadata, the original only by the reporter's choice; without, it is kept (see above).
  const keptOriginal = !evidence || !found || file.choice === "original";
  const sealedFindings: SealedFindings | null = evidence ? { kinds: findingKinds(evidence.findings), values: keptOriginal ? evidence.findings : null } : null;
  return {
    size: file.bytes.length,
    data: keptOriginal ? cipher.sealFile(attachmentId, file.bytes) : null,
    strippedData: evidence ? cipher.sealFile(`${attachmentId}:copy`, evidence.stripped) : null,
    sha256Sealed: cipher.sealAttachmentText(attachmentId, "sha256", sha256),
    metadataSealed: sealedFindings ? cipher.sealAttachmentText(attachmentId, "metadata", JSON.stringify(sealedFindings)) : null,
    keptOriginal,
  };
}

/** The copy an officer downloads by default: the stored copy, or (for files from before it) one made now. */
export async function openCopy(cipher: ReportCipher, row: { id: string; contentType: string; data: Buffer | null; strippedData: Buffer | null }): Promise<Uint8Array | null> {
  if (row.strippedData) return new Uint8Array(cipher.openFile(`${row.id}:copy`, row.strippedData));
  if (!row.data) return null;
  const original = new Uint8Array(cipher.openFile(row.id, row.data));
  try {
    return await stripFile(row.contentType as IncomingAttachment["type"], original);
  } catch {
    return null;
  }
}

export function openOriginal(cipher: ReportCipher, row: { id: string; data: Buffer | null; keptOriginal: boolean }): Uint8Array | null {
  return row.keptOriginal && row.data ? new Uint8Array(cipher.openFile(row.id, row.data)) : null;
}

/** What the case page shows about a file's evidence. */
/** What was found, by kind; the values only where the original is kept. */
export interface EvidenceView extends FindingsShown {
  sha256: string | null;
  keptOriginal: boolean;
  /** Filed before files were reviewed (no record of what was found). */
  unreviewed: boolean;
}

export function evidenceView(cipher: ReportCipher, row: { id: string; sha256Sealed: string | null; metadataSealed: string | null; keptOriginal: boolean; hasOriginal: boolean }): EvidenceView {
  const sealed = row.metadataSealed ? (JSON.parse(cipher.openAttachmentText(row.id, "metadata", row.metadataSealed)) as SealedFindings) : null;
  const values = sealed?.values ?? null;
  return {
    sha256: row.sha256Sealed ? cipher.openAttachmentText(row.id, "sha256", row.sha256Sealed) : null,
    keptOriginal: row.keptOriginal && row.hasOriginal,
    ...findingsShown(sealed?.kinds ?? [], values),
    unreviewed: sealed === null,
  };
}

/** The columns the case page reads for a file's evidence (never the bytes). */
export const evidenceColumns = {
  sha256Sealed: reportAttachments.sha256Sealed,
  metadataSealed: reportAttachments.metadataSealed,
  keptOriginal: reportAttachments.keptOriginal,
  hasOriginal: sql<boolean>`(${reportAttachments.data} is not null)`.mapWith(Boolean),
};
