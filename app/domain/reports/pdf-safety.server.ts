import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFObject } from "pdf-lib";

/**
 * Whether a PDF may be accepted, judged by a real parser (pdf-lib) instead of a block list of bytes
 * (issue #16: a PDF with an /OpenAction JavaScript passed the markup filter). Every object the
 * parser finds is walked, object streams and incremental updates included; the PDF is refused when
 * anything in it can run or carry another file: JavaScript, launch and other non-navigation
 * actions, embedded files and file attachments, XFA forms, rich media. A file the parser cannot
 * load, or that is encrypted (its objects cannot be read), is refused too.
 */

export type PdfVerdict = { ok: true; doc: PDFDocument } | { ok: false; reason: "active" | "unreadable" | "encrypted"; found?: string };

// Names are compared decoded: "/J#61vaScript" is "/JavaScript".
const nameOf = (name: PDFName) => name.asString().slice(1).replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Keys whose presence alone means active content or an embedded file. */
const refusedKeys = new Set(["JS", "JavaScript", "EmbeddedFile", "EmbeddedFiles", "EF", "XFA", "RichMediaContent", "RichMediaSettings"]);
/** Action types (/S) that do more than move within this document or open a link. */
const refusedActions = new Set(["JavaScript", "Launch", "ImportData", "SubmitForm", "RichMediaExecute", "GoToE", "GoToR", "Rendition", "Movie", "Sound"]);
/** Object types (/Type, /Subtype) that carry files or media. */
const refusedTypes = new Set(["EmbeddedFile", "FileAttachment", "RichMedia", "Movie", "Sound", "Screen", "3D"]);

function problemIn(object: PDFObject | undefined, seen: Set<PDFObject>, doc: PDFDocument, depth = 0): string | null {
  if (!object || depth > 64) return null;
  if (object instanceof PDFRef) {
    const target = doc.context.lookup(object);
    if (!target || seen.has(target)) return null;
    seen.add(target);
    return problemIn(target, seen, doc, depth + 1);
  }
  const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
  if (dict) {
    for (const [key, value] of dict.entries()) {
      const name = nameOf(key);
      if (refusedKeys.has(name)) return name;
      if ((name === "S" || name === "Type" || name === "Subtype") && value instanceof PDFName) {
        const kind = nameOf(value);
        if (name === "S" && refusedActions.has(kind)) return kind;
        if (name !== "S" && refusedTypes.has(kind)) return kind;
      }
      const inner = problemIn(value, seen, doc, depth + 1);
      if (inner) return inner;
    }
    return null;
  }
  if (object instanceof PDFArray) {
    for (const item of object.asArray()) {
      const inner = problemIn(item, seen, doc, depth + 1);
      if (inner) return inner;
    }
  }
  return null;
}

export async function checkPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  let doc: PDFDocument;
  try {
    // Loaded even when encrypted, to tell that apart (pdf-lib's error class does not survive instanceof).
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true });
    // A PDF without a readable catalog and page tree is not one we can judge (nor copy).
    doc.catalog.asMap();
    if (!doc.isEncrypted && doc.getPageCount() < 1) throw new Error("no pages");
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  if (doc.isEncrypted) return { ok: false, reason: "encrypted" };
  const seen = new Set<PDFObject>();
  // Every object the parser found, reachable or not, and the trailer's.
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const found = problemIn(object, seen, doc);
    if (found) return { ok: false, reason: "active", found };
  }
  const found = problemIn(doc.catalog, seen, doc);
  if (found) return { ok: false, reason: "active", found };
  return { ok: true, doc };
}
