import { describe, expect, it } from "vitest";
import { checkAttachment, extensionFor, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "~/domain/reports/attachments";
import { MAX_REPORT_BODY_BYTES, readReportForm } from "~/domain/reports/upload.server";

// Small real files: a 1×1 PNG, a 1×1 JPEG (JFIF, with its end marker), and a one-page PDF.
const png = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));
const jpeg = new Uint8Array(
  Buffer.concat([
    Buffer.from("/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=", "base64"),
    Buffer.from([0xff, 0xd9]),
  ]),
);
function minimalPdf(): Uint8Array {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"];
  let text = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(text.length);
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(text);
}
const pdf = minimalPdf();

const join = (...parts: Array<Uint8Array | string>) => new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part)))));

describe("checkAttachment", () => {
  it("takes a real PNG, JPEG and PDF, by their content", () => {
    expect(checkAttachment(png)).toEqual({ ok: true, type: "image/png" });
    expect(checkAttachment(jpeg)).toEqual({ ok: true, type: "image/jpeg" });
    expect(checkAttachment(pdf)).toEqual({ ok: true, type: "application/pdf" });
  });

  it("allows only PNG, JPEG and PDF, with the extensions png, jpg and pdf", () => {
    expect(extensionFor).toEqual({ "image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf" });
  });

  it("refuses other formats and text, whatever they would be named", () => {
    const others: Array<[string, Uint8Array]> = [
      ["GIF", join("GIF89a", new Uint8Array(20))],
      ["WebP", join("RIFF\x24\x00\x00\x00WEBPVP8 ", new Uint8Array(20))],
      ["ZIP / Office document", join("PK\x03\x04", new Uint8Array(30))],
      ["Windows program", join("MZ", new Uint8Array(200))],
      ["ELF program", join("\x7fELF", new Uint8Array(60))],
      ["shell script", join("#!/bin/sh\nrm -rf /\n")],
      ["plain text", join("hello")],
      ["SVG", join('<svg xmlns="http://www.w3.org/2000/svg"/>')],
      ["HTML", join("<!doctype html><p>hi</p>")],
      ["a PNG signature cut short", png.slice(0, 7)],
      ["a PDF signature without its dash", join("%PDF1.4\n")],
      ["a JPEG signature cut short", jpeg.slice(0, 2)],
      ["a PNG signature after a leading byte", join("\x00", png)],
      ["a UTF-8 byte order mark before a PDF", join("\xef\xbb\xbf", pdf)],
    ];
    for (const [what, bytes] of others) expect(checkAttachment(bytes), what).toEqual({ ok: false, reason: "type" });
  });

  it("refuses an empty file as empty", () => {
    expect(checkAttachment(new Uint8Array(0))).toEqual({ ok: false, reason: "empty" });
  });

  it("takes a file of exactly 10 MB and refuses one byte more, before looking at its content", () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(10 * 1024 * 1024);
    const atLimit = new Uint8Array(MAX_ATTACHMENT_BYTES);
    atLimit.set(png);
    expect(checkAttachment(atLimit)).toEqual({ ok: true, type: "image/png" });
    const over = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    over.set(png);
    expect(checkAttachment(over)).toEqual({ ok: false, reason: "size" });
    // Size wins over the content: an oversized text file is too large, not of the wrong type.
    expect(checkAttachment(new Uint8Array(MAX_ATTACHMENT_BYTES + 1).fill(0x41))).toEqual({ ok: false, reason: "size" });
  });

  it("refuses polyglots: an allowed file with markup or script anywhere in it", () => {
    const polyglots: Array<[string, Uint8Array]> = [
      ["JPEG with trailing HTML", join(jpeg, "<html><body>hi</body></html>")],
      ["JPEG with a trailing script", join(jpeg, "<script>alert(1)</script>")],
      ["PNG with a trailing script (upper case)", join(png, "<SCRIPT>alert(1)</SCRIPT>")],
      ["PNG with SVG after its end", join(png, '<svg onload="alert(1)"/>')],
      ["PNG with an iframe", join(png, '<iframe src="https://evil.example">')],
      ["PNG with PHP", join(png, "<?php system($_GET['c']); ?>")],
      ["PNG whose signature is followed by HTML", join(png.slice(0, 8), "<html>")],
      ["PDF with a javascript: link", join(pdf.slice(0, -6), "<< /A << /S /URI /URI (javascript:alert(1)) >> >>\n%%EOF\n")],
      ["PDF with HTML inside a stream", join(pdf.slice(0, -6), "4 0 obj\n<< /Length 20 >>\nstream\n<html><script>x</script>\nendstream\nendobj\n%%EOF\n")],
      ["JPEG with markup inside a comment segment, before the image data", join(jpeg.slice(0, 2), "\xff\xfe\x00\x1a<script>alert(1)</script>", jpeg.slice(2))],
      ["the marker split by nothing but case", join(png, "<ScRiPt>")],
    ];
    for (const [what, bytes] of polyglots) expect(checkAttachment(bytes), what).toEqual({ ok: false, reason: "polyglot" });
  });

  it("looks at every byte, not only the first kilobytes", () => {
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES);
    big.set(png);
    big.set(Buffer.from("<script>"), MAX_ATTACHMENT_BYTES - 8);
    expect(checkAttachment(big)).toEqual({ ok: false, reason: "polyglot" });
  });

  it("reads a view into a larger buffer by its own bytes only", () => {
    // The bytes before the view hold a script; the view itself is a clean PNG.
    const backing = join("<script>alert(1)</script>", png, "<script>");
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 25, png.length);
    expect(Buffer.from(view)).toEqual(Buffer.from(png));
    expect(checkAttachment(view)).toEqual({ ok: true, type: "image/png" });
  });
});

const form = (files: Array<{ name: string; type: string; bytes: Uint8Array }>, fields: Record<string, string> = { description: "Someone followed me home." }) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const file of files) data.append("attachments", new File([Buffer.from(file.bytes)], file.name, { type: file.type }));
  return new Request("http://localhost/da/report", { method: "POST", body: data });
};

describe("readReportForm", () => {

  it("keeps the text fields and takes the files by content, ignoring the claimed type and name", async () => {
    const read = await readReportForm(
      form([
        { name: "photo.png", type: "image/png", bytes: png },
        { name: "scan.txt", type: "text/plain", bytes: jpeg },
        { name: "letter", type: "application/octet-stream", bytes: pdf },
      ]),
    );
    expect(read.formData.get("description")).toBe("Someone followed me home.");
    expect(read.formData.getAll("attachments")).toEqual([]);
    expect(read.rejected).toEqual([]);
    expect(read.fileError).toBeUndefined();
    expect(read.attachments.map(({ name, type }) => ({ name, type }))).toEqual([
      { name: "photo.png", type: "image/png" },
      { name: "scan.txt", type: "image/jpeg" },
      { name: "letter", type: "application/pdf" },
    ]);
    expect(Buffer.from(read.attachments[1]!.bytes)).toEqual(Buffer.from(jpeg));
  });

  it("refuses lying names by content, each by name, and keeps the good ones", async () => {
    const read = await readReportForm(
      form([
        { name: "photo.png", type: "image/png", bytes: png },
        { name: "photo2.png", type: "image/png", bytes: join('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') },
        { name: "letter.pdf", type: "application/pdf", bytes: join("<html><body><script>alert(1)</script></body></html>") },
        { name: "cat.jpg", type: "image/jpeg", bytes: join(jpeg, "<script>alert(1)</script>") },
      ]),
    );
    expect(read.attachments.map((file) => file.name)).toEqual(["photo.png"]);
    expect(read.rejected).toEqual([
      { name: "photo2.png", error: "errors.fileType" },
      { name: "letter.pdf", error: "errors.fileType" },
      { name: "cat.jpg", error: "errors.polyglot" },
    ]);
    // The field's error is the first refused file's.
    expect(read.fileError).toBe("errors.fileType");
  });

  it("says errors.polyglot first when the first refused file is a polyglot", async () => {
    const read = await readReportForm(form([{ name: "a.png", type: "image/png", bytes: join(png, "<iframe>") }, { name: "b.png", type: "image/png", bytes: join("GIF89a") }]));
    expect(read.rejected.map((file) => file.error)).toEqual(["errors.polyglot", "errors.fileType"]);
    expect(read.fileError).toBe("errors.polyglot");
  });

  it("takes five files and refuses all of six", async () => {
    expect(MAX_ATTACHMENTS).toBe(5);
    const five = await readReportForm(form(Array.from({ length: 5 }, (_, index) => ({ name: `${index}.png`, type: "image/png", bytes: png }))));
    expect(five.attachments).toHaveLength(5);
    expect(five.rejected).toEqual([]);
    const six = await readReportForm(form(Array.from({ length: 6 }, (_, index) => ({ name: `${index}.png`, type: "image/png", bytes: png }))));
    expect(six.attachments).toEqual([]);
    expect(six.rejected).toHaveLength(6);
    expect(six.rejected.every((file) => file.error === "errors.tooManyFiles")).toBe(true);
    expect(six.fileError).toBe("errors.tooManyFiles");
  });

  it("refuses a file over 10 MB as errors.fileSize", async () => {
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(png);
    const read = await readReportForm(form([{ name: "big.png", type: "image/png", bytes: big }]));
    expect(read.attachments).toEqual([]);
    expect(read.rejected).toEqual([{ name: "big.png", error: "errors.fileSize" }]);
    expect(read.fileError).toBe("errors.fileSize");
  });

  it("leaves out an empty file part (a file field left empty) without an error", async () => {
    const read = await readReportForm(form([{ name: "", type: "application/octet-stream", bytes: new Uint8Array(0) }, { name: "photo.png", type: "image/png", bytes: png }]));
    expect(read.attachments.map((file) => file.name)).toEqual(["photo.png"]);
    expect(read.rejected).toEqual([]);
  });

  it("does not count empty file parts towards the limit of five", async () => {
    const files = [...Array.from({ length: 5 }, (_, index) => ({ name: `${index}.png`, type: "image/png", bytes: png })), { name: "", type: "application/octet-stream", bytes: new Uint8Array(0) }];
    const read = await readReportForm(form(files));
    expect(read.attachments).toHaveLength(5);
    expect(read.rejected).toEqual([]);
  });

  it("ignores a text value sent under the file field", async () => {
    const data = new FormData();
    data.append("attachments", "not a file");
    data.append("attachments", new File([Buffer.from(png)], "photo.png", { type: "image/png" }));
    const read = await readReportForm(new Request("http://localhost/da/report", { method: "POST", body: data }));
    expect(read.attachments.map((file) => file.name)).toEqual(["photo.png"]);
    expect(read.formData.has("attachments")).toBe(false);
  });

  it("names a refused file with an empty file name 'file'", async () => {
    const body = '--b\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\nContent-Type: image/png\r\n\r\nGIF89a\r\n--b--\r\n';
    const request = new Request("http://localhost/da/report", { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=b" }, body });
    const read = await readReportForm(request);
    expect(read.rejected).toEqual([{ name: "file", error: "errors.fileType" }]);
  });

  it("keeps a file's content the same whatever its name holds (path separators, NUL, a very long name)", async () => {
    const names = ["../../etc/passwd.png", "..\\..\\windows\\photo.png", "photo\u0000.png", `${"a".repeat(5000)}.png`];
    const read = await readReportForm(form(names.map((name) => ({ name, type: "image/png", bytes: png }))));
    expect(read.attachments).toHaveLength(4);
    for (const file of read.attachments) {
      expect(file.type).toBe("image/png");
      expect(Buffer.from(file.bytes)).toEqual(Buffer.from(png));
    }
    // The names kept are only the last path part, without control characters, at most 200 long.
    expect(read.attachments.map((file) => file.name)).toEqual(["passwd.png", "photo.png", "photo.png", "a".repeat(200)]);
  });

  it("answers 400 (a thrown Response, not a 500) to a body that is no form", async () => {
    const request = new Request("http://localhost/da/report", { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=x" }, body: "--y\r\ngarbage" });
    const thrown = await readReportForm(request).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
  });

  it("the request handler's cap is five full files and a megabyte of fields", () => {
    expect(MAX_REPORT_BODY_BYTES).toBe(5 * 10 * 1024 * 1024 + 1024 * 1024);
  });
});

// Issue #16: what the block list above missed, by a hand probe. It looks for markup words only, so
// a PDF whose /OpenAction runs JavaScript (no "<script", no "javascript:") and a JPEG carrying
// another file after its end both passed it. The list stays; behind it now, pdf-lib judges every
// PDF (pdf-safety.server.ts) and every file gets a copy re-encoded without metadata, which is what
// officers download (file-strip.server.ts): the trailing payload is not in it.
describe("what the markup filter alone missed (issue #16)", () => {
  const openActionJs = join(
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n",
    "4 0 obj\n<< /S /JavaScript /JS (app.launchURL\\(\"https://evil.example\"\\)) >>\nendobj\ntrailer\n<< /Root 1 0 R /Size 5 >>\n%%EOF\n",
  );
  const jpegWithZip = join(jpeg, "PK\x03\x04\x14\x00\x00\x00 hidden archive: secret.txt");

  it("the markup filter still passes them: it is not the only check any more", () => {
    expect(checkAttachment(openActionJs)).toEqual({ ok: true, type: "application/pdf" });
    expect(checkAttachment(jpegWithZip)).toEqual({ ok: true, type: "image/jpeg" });
  });

  it("a PDF with /OpenAction JavaScript is refused on upload, by name", async () => {
    const read = await readReportForm(form([{ name: "invoice.pdf", type: "application/pdf", bytes: openActionJs }, { name: "photo.png", type: "image/png", bytes: png }]));
    expect(read.rejected).toEqual([{ name: "invoice.pdf", error: "files.errors.pdfActive" }]);
    expect(read.attachments.map((file) => file.name)).toEqual(["photo.png"]);
  });

  it("a JPEG with a file after its end is taken, and its copy without metadata has no trailing payload", async () => {
    const read = await readReportForm(form([{ name: "cat.jpg", type: "image/jpeg", bytes: jpegWithZip }]));
    expect(read.rejected).toEqual([]);
    const [file] = read.attachments;
    expect(Buffer.from(file!.bytes).includes(Buffer.from("hidden archive"))).toBe(true);
    expect(Buffer.from(file!.evidence!.stripped).includes(Buffer.from("hidden archive"))).toBe(false);
    expect(Buffer.from(file!.evidence!.stripped).includes(Buffer.from("PK\x03\x04", "latin1"))).toBe(false);
  });
});
