import { checkAttachment, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "./attachments";
import type { IncomingAttachment } from "./submit.server";

// Five files of 10 MB and the text fields: the request handler refuses anything larger while it
// streams (app/server/body-limit.server.ts), before this module sees the body.
export const MAX_REPORT_BODY_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024;

export type UploadError = "errors.tooLarge" | "errors.fileSize" | "errors.fileType" | "errors.tooManyFiles" | "errors.polyglot";

/**
 * Reads a report form (multipart or urlencoded), already capped by the request handler, and checks
 * every file by its size and content. Returns the form fields and the files, or the error to show
 * on the file field. The platform's parser keeps one copy of each file; Remix's multipart parser
 * kept the body, its chunks and the files (three copies of a 48 MB report).
 */
export async function readReportForm(request: Request): Promise<{ formData: FormData; attachments: IncomingAttachment[]; fileError?: UploadError }> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("Bad request", { status: 400 });
  }
  const files = formData.getAll("attachments").filter((value): value is File => typeof value === "object" && value !== null && "arrayBuffer" in value && value.size > 0);
  formData.delete("attachments");
  if (files.length > MAX_ATTACHMENTS) return { formData, attachments: [], fileError: "errors.tooManyFiles" };
  const attachments: IncomingAttachment[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const checked = checkAttachment(bytes);
    if (!checked.ok) {
      const fileError = checked.reason === "size" ? "errors.fileSize" : checked.reason === "polyglot" ? "errors.polyglot" : "errors.fileType";
      return { formData, attachments: [], fileError };
    }
    attachments.push({ name: file.name || "file", type: checked.type, bytes });
  }
  return { formData, attachments };
}
