import { checkAttachment, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "./attachments";
import { checkEvidence } from "./evidence-check.server";
import type { IncomingAttachment } from "./submit.server";

// Five files of 10 MB and the text fields: the request handler refuses anything larger while it
// streams (app/server/body-limit.server.ts), before this module sees the body.
export const MAX_REPORT_BODY_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024;

export type UploadError =
  | "errors.tooLarge"
  | "errors.fileSize"
  | "errors.fileType"
  | "errors.tooManyFiles"
  | "errors.polyglot"
  | "files.errors.pdfActive"
  | "files.errors.pdfUnreadable"
  | "files.errors.pdfEncrypted"
  | "files.errors.unreadable";

/** A file refused on upload, by name, so the form can say which one to attach again. */
export interface RejectedFile {
  name: string;
  error: UploadError;
}

/**
 * A file's name as it may be shown and stored: the last path part, no control characters, at most
 * 200 characters (the name is the reporter's label for the file; downloads use a generated one).
 */
export function cleanFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? "";
  const clean = last.replace(/[\p{Cc}\u2028\u2029]/gu, "").trim().slice(0, 200);
  return clean || "file";
}

/**
 * Reads a report form (multipart or urlencoded), already capped by the request handler, and checks
 * every file by its size and content. Returns the form fields, the files that passed, the files
 * refused (by name), and the error to show on the file field when any was. The platform's parser
 * keeps one copy of each file; Remix's multipart parser kept the body, its chunks and the files
 * (three copies of a 48 MB report).
 */
export async function readReportForm(request: Request): Promise<{ formData: FormData; attachments: IncomingAttachment[]; rejected: RejectedFile[]; fileError?: UploadError }> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("Bad request", { status: 400 });
  }
  const files = formData.getAll("attachments").filter((value): value is File => typeof value === "object" && value !== null && "arrayBuffer" in value && value.size > 0);
  formData.delete("attachments");
  if (files.length > MAX_ATTACHMENTS) return { formData, attachments: [], rejected: files.map((file) => ({ name: cleanFileName(file.name), error: "errors.tooManyFiles" })), fileError: "errors.tooManyFiles" };
  const attachments: IncomingAttachment[] = [];
  const rejected: RejectedFile[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const checked = checkAttachment(bytes);
    const name = cleanFileName(file.name);
    if (!checked.ok) {
      rejected.push({ name, error: checked.reason === "size" ? "errors.fileSize" : checked.reason === "polyglot" ? "errors.polyglot" : "errors.fileType" });
      continue;
    }
    // Issue #16: what the markup check cannot see, a real parser judges (active PDF content), and
    // every file gets its hash, metadata and copy without metadata now, or is refused.
    const deeper = await checkEvidence({ name, type: checked.type, bytes });
    if ("error" in deeper) rejected.push({ name, error: deeper.error });
    else attachments.push(deeper.file);
  }
  return rejected.length ? { formData, attachments, rejected, fileError: rejected[0]!.error } : { formData, attachments, rejected };
}
