export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type AllowedType = "image/png" | "image/jpeg" | "application/pdf";

const signatures: Array<[AllowedType, number[]]> = [
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]],
];

// Markup or code inside an image or PDF makes it a polyglot that a browser or viewer might run.
const hostileMarkers = /<script|<html|<svg|<iframe|<\?php|javascript:/i;

/**
 * What a file really is, from its first bytes, or a reason to refuse it. The file name and the
 * type the browser claims are not trusted.
 */
export function checkAttachment(bytes: Uint8Array): { ok: true; type: AllowedType } | { ok: false; reason: "type" | "size" | "empty" | "polyglot" } {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, reason: "size" };
  const match = signatures.find(([, signature]) => signature.every((byte, index) => bytes[index] === byte));
  if (!match) return { ok: false, reason: "type" };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  if (hostileMarkers.test(text)) return { ok: false, reason: "polyglot" };
  return { ok: true, type: match[0] };
}

export const extensionFor: Record<AllowedType, string> = { "image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf" };
