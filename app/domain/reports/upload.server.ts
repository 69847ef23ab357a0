import {
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { checkAttachment, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "./attachments";
import type { IncomingAttachment } from "./submit.server";

// Five files of 10 MB and the text fields: anything larger is refused before it is read.
export const MAX_REPORT_BODY_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024;

export type UploadError = "errors.tooLarge" | "errors.fileSize" | "errors.fileType" | "errors.tooManyFiles" | "errors.polyglot";

/**
 * Reads a report form (multipart or urlencoded) with a size cap, and checks every file by its
 * content. Returns the form fields and the files, or the error to show on the file field.
 */
export async function readReportForm(request: Request): Promise<{ formData: FormData; attachments: IncomingAttachment[]; fileError?: UploadError }> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_REPORT_BODY_BYTES) throw new Response("Payload too large", { status: 413 });
  const contentType = request.headers.get("Content-Type") ?? "";
  let formData: FormData;
  try {
    formData = contentType.startsWith("multipart/form-data")
      ? await unstable_parseMultipartFormData(
          request,
          unstable_composeUploadHandlers(unstable_createMemoryUploadHandler({ maxPartSize: MAX_ATTACHMENT_BYTES })),
        )
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { formData: new FormData(), attachments: [], fileError: "errors.fileSize" };
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
