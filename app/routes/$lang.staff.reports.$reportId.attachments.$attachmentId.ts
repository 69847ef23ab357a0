import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { staffAction, staffRoute, type StaffRouteContext } from "~/auth/staff-route.server";
import { recordAudit } from "~/domain/audit.server";
import { extensionFor, type AllowedType } from "~/domain/reports/attachments";
import { findReportAttachment, findVisibleReport } from "~/domain/reports/access.server";
import { staffCipher } from "~/domain/reports/case.server";
import { openCopy, openOriginal } from "~/domain/reports/evidence-files.server";
import { getSealingKeys } from "~/encryption-keys.server";

/**
 * An attachment, decrypted, only for staff who may see its report, always as a download
 * (Content-Disposition: attachment, nosniff), never rendered inline. GET serves the copy without
 * metadata (issue #16); the untouched original comes only from a POST of the case page's
 * "original for the police" form, with its confirmation box ticked, and is audited as such.
 */
const originalSchema = z.object({ intent: z.literal("original"), confirm: z.literal("yes") });

async function openAttachment({ user, privateKey, db }: StaffRouteContext, params: LoaderFunctionArgs["params"]) {
  const report = await findVisibleReport(db, user, params.reportId ?? "");
  if (!report || !/^[0-9a-f-]{36}$/.test(params.attachmentId ?? "")) throw new Response("Not found", { status: 404 });
  const attachment = await findReportAttachment(db, report.id, params.attachmentId);
  // Without a key the report is sealed to, the file cannot be opened: it answers like a missing one.
  const cipher = attachment ? await staffCipher(db, getSealingKeys(), report.id, { user, privateKey }) : null;
  if (!attachment || !cipher) throw new Response("Not found", { status: 404 });
  return { report, attachment, cipher };
}

function download(bytes: Uint8Array, contentType: string, filename: string) {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      // nosniff comes from the security headers of every response; set here too, it was sent twice.
      "Cache-Control": "no-store",
    },
  });
}

const fileName = (reference: string, id: string, contentType: string, suffix: string) => `${reference}-${id.slice(0, 8)}${suffix}.${extensionFor[contentType as AllowedType] ?? "bin"}`;

export async function loader(args: LoaderFunctionArgs) {
  const context = await staffRoute(args, { namespace: "report", roles: ["officer", "administrator"] });
  const { report, attachment, cipher } = await openAttachment(context, args.params);
  const bytes = await openCopy(cipher, attachment);
  if (!bytes) throw new Response("Not found", { status: 404 });
  await recordAudit(context.db, { actorUserId: context.user.id, action: "report.attachment-downloaded", subjectType: "report", subjectId: report.id, ip: context.ip, details: { attachmentId: attachment.id } });
  return download(bytes, attachment.contentType, fileName(report.reference, attachment.id, attachment.contentType, ""));
}

export async function action(args: ActionFunctionArgs) {
  const context = await staffAction(args, { roles: ["officer", "administrator"] });
  const { report, attachment, cipher } = await openAttachment(context, args.params);
  const submission = await context.parse(originalSchema);
  // The explicit confirmation: without it, nothing is released (the box is `required` on the page).
  if (submission.status !== "success") {
    return new Response(context.t("files.original.confirmMissing"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const bytes = openOriginal(cipher, attachment);
  if (!bytes) throw new Response("Not found", { status: 404 });
  await recordAudit(context.db, {
    actorUserId: context.user.id,
    action: "report.attachment-original-downloaded",
    subjectType: "report",
    subjectId: report.id,
    ip: context.ip,
    details: { attachmentId: attachment.id },
  });
  return download(bytes, attachment.contentType, fileName(report.reference, attachment.id, attachment.contentType, "-original"));
}
