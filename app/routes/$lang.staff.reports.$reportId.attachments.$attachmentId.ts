import type { LoaderFunctionArgs } from "@remix-run/node";
import { staffRoute } from "~/auth/staff-route.server";
import { recordAudit } from "~/domain/audit.server";
import { extensionFor, type AllowedType } from "~/domain/reports/attachments";
import { findReportAttachment, findVisibleReport } from "~/domain/reports/access.server";
import { staffCipher } from "~/domain/reports/case.server";
import { getSealingKeys } from "~/encryption-keys.server";

/**
 * An attachment, decrypted, only for staff who may see its report, always as a download
 * (Content-Disposition: attachment, nosniff), never rendered inline.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const { user, privateKey, db, ip } = await staffRoute(args, { namespace: "report", roles: ["officer", "administrator"] });
  const report = await findVisibleReport(db, user, params.reportId ?? "");
  if (!report || !/^[0-9a-f-]{36}$/.test(params.attachmentId ?? "")) throw new Response("Not found", { status: 404 });
  const attachment = await findReportAttachment(db, report.id, params.attachmentId);
  // Without a key the report is sealed to, the file cannot be opened: it answers like a missing one.
  const cipher = attachment ? await staffCipher(db, getSealingKeys(), report.id, { user, privateKey }) : null;
  if (!attachment || !cipher) throw new Response("Not found", { status: 404 });
  const bytes = cipher.openFile(attachment.id, Buffer.from(attachment.data));
  await recordAudit(db, { actorUserId: user.id, action: "report.attachment-downloaded", subjectType: "report", subjectId: report.id, ip, details: { attachmentId: attachment.id } });
  const filename = `${report.reference}-${attachment.id.slice(0, 8)}.${extensionFor[attachment.contentType as AllowedType] ?? "bin"}`;
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      // nosniff comes from the security headers of every response; set here too, it was sent twice.
      "Cache-Control": "no-store",
    },
  });
}
