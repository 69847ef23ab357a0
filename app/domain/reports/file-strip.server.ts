import { PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from "pdf-lib";
import sharp from "sharp";
import type { AllowedType } from "./attachments";

/**
 * A copy of a file without its metadata (issue #16), made by a real image or PDF library, not by
 * cutting bytes. Images are decoded and encoded again by sharp: the pixels turned upright as the
 * EXIF orientation says, and nothing else kept (no EXIF, GPS, XMP, IPTC, ICC, comments, and no
 * bytes after the picture's end, where a payload could hide). PDFs are loaded by pdf-lib, their
 * document information and every XMP stream removed, and their pages copied into a new document
 * (so bytes the parser did not take, such as a trailing payload, and objects no page reaches are
 * gone too).
 */

/** Thrown for an image the library cannot decode: the file is refused, never stored unchecked. */
export class UnreadableFileError extends Error {}

async function stripImage(type: "image/png" | "image/jpeg", bytes: Uint8Array): Promise<Uint8Array> {
  try {
    // failOn "error": a slightly damaged photo from a phone still makes a copy; a non-image does not.
    const image = sharp(bytes, { failOn: "error", limitInputPixels: 100_000_000 }).rotate();
    const out = type === "image/png" ? await image.png({ compressionLevel: 9 }).toBuffer() : await image.jpeg({ quality: 92, chromaSubsampling: "4:4:4" }).toBuffer();
    return new Uint8Array(out);
  } catch (error) {
    throw new UnreadableFileError(error instanceof Error ? error.message : "unreadable image");
  }
}

/** Removes a PDF's document information and XMP metadata from a loaded document, in place. */
export function clearPdfMetadata(doc: PDFDocument): void {
  const { context } = doc;
  const info = context.trailerInfo.Info;
  if (info instanceof PDFRef) context.delete(info);
  context.trailerInfo.Info = undefined;
  const metadataKey = PDFName.of("Metadata");
  const pieceInfoKey = PDFName.of("PieceInfo");
  for (const [, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
    if (!dict) continue;
    for (const key of [metadataKey, pieceInfoKey]) {
      const value = dict.get(key);
      if (value instanceof PDFRef) context.delete(value);
      if (value !== undefined) dict.delete(key);
    }
  }
}

/**
 * The pages, copied into a new document: only what they reach comes along, so objects left over
 * from earlier revisions (an old /Info, an orphaned script) are not in the copy. Document-level
 * extras (outline, named destinations, form) are not kept either: the copy is for reading.
 */
async function stripPdf(bytes: Uint8Array): Promise<Uint8Array> {
  const source = await PDFDocument.load(bytes, { updateMetadata: false });
  clearPdfMetadata(source);
  const copy = await PDFDocument.create({ updateMetadata: false });
  for (const page of await copy.copyPages(source, source.getPageIndices())) copy.addPage(page);
  clearPdfMetadata(copy);
  return copy.save({ useObjectStreams: false });
}

export async function stripFile(type: AllowedType, bytes: Uint8Array): Promise<Uint8Array> {
  return type === "application/pdf" ? stripPdf(bytes) : stripImage(type, bytes);
}
