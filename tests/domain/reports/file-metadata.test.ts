import exifr from "exifr";
import { PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { hasFindings, readFileMetadata, roughPosition } from "~/domain/reports/file-metadata.server";
import { stripFile } from "~/domain/reports/file-strip.server";
import { checkPdf } from "~/domain/reports/pdf-safety.server";
import { attachmentColumns, evidenceView, openCopy, openOriginal, prepareEvidence, sha256Hex } from "~/domain/reports/evidence-files.server";
import { checkEvidence } from "~/domain/reports/evidence-check.server";
import { reportCipher, newReportKey } from "~/domain/sealing/report-keys.server";
import { readReportForm } from "~/domain/reports/upload.server";

// Real files made by real libraries: sharp writes the EXIF (GPS included), pdf-lib the PDFs.

/** A JPEG photo "taken" in Copenhagen (55° 40′ 48″ N, 12° 34′ 12″ E) on a named phone, by a named person. */
export async function jpegWithGps(options: { orientation?: number; width?: number; height?: number } = {}): Promise<Buffer> {
  return sharp({ create: { width: options.width ?? 16, height: options.height ?? 8, channels: 3, background: "#2a6" } })
    .jpeg()
    .withMetadata(options.orientation ? { orientation: options.orientation } : {})
    .withExifMerge({
      IFD0: { Make: "Acme", Model: "Phone 9", Software: "CamApp 4.2", Artist: "Jane Reporter" },
      IFD2: { DateTimeOriginal: "2026:05:01 10:11:12" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "55/1 40/1 48/1", GPSLongitudeRef: "E", GPSLongitude: "12/1 34/1 12/1" },
    })
    .toBuffer();
}

const plainPng = () => sharp({ create: { width: 4, height: 4, channels: 3, background: "#fff" } }).png().toBuffer();

async function pdf(build: (doc: PDFDocument) => void | Promise<void> = () => {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([200, 200]);
  await build(doc);
  return doc.save({ useObjectStreams: false });
}

const u8 = (buffer: Buffer | Uint8Array) => new Uint8Array(buffer);
const contains = (haystack: Uint8Array, needle: string) => Buffer.from(haystack).includes(Buffer.from(needle, "latin1"));

describe("reading a file's metadata", () => {
  it("finds a JPEG's GPS position, phone, program, author and time, and says the place only roughly", async () => {
    const findings = await readFileMetadata("image/jpeg", u8(await jpegWithGps()));
    expect(findings.gps!.latitude).toBeCloseTo(55.68, 5);
    expect(findings.gps!.longitude).toBeCloseTo(12.57, 5);
    expect(findings).toMatchObject({ device: "Acme Phone 9", software: "CamApp 4.2", author: "Jane Reporter", created: "2026-05-01 10:11" });
    expect(roughPosition(findings.gps!)).toEqual({ latitude: "55.68", longitude: "12.57", north: true, east: true });
    expect(roughPosition({ latitude: -33.8568, longitude: -70.6 })).toEqual({ latitude: "33.86", longitude: "70.60", north: false, east: false });
  });

  it("finds EXIF in a PNG, and nothing in a plain screenshot", async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).png().withExif({ IFD0: { Make: "Acme", Artist: "Jane Reporter" } }).toBuffer();
    expect(await readFileMetadata("image/png", u8(png))).toMatchObject({ device: "Acme", author: "Jane Reporter", gps: null });
    expect(hasFindings(await readFileMetadata("image/png", u8(await plainPng())))).toBe(false);
  });

  it("reads a PDF's document information (author, program, time) and notices XMP", async () => {
    const bytes = await pdf((doc) => {
      doc.setAuthor("Jane Reporter");
      doc.setCreator("Writer 7");
      doc.setProducer("PDF maker");
      doc.setCreationDate(new Date("2026-04-02T08:09:00Z"));
    });
    expect(await readFileMetadata("application/pdf", bytes)).toEqual({ gps: null, device: null, software: "Writer 7 PDF maker", author: "Jane Reporter", created: "2026-04-02 08:09", other: false });
    const withXmp = await pdf((doc) => {
      doc.catalog.set(PDFName.of("Metadata"), doc.context.register(doc.context.flateStream("<x:xmpmeta><dc:creator>Jane</dc:creator></x:xmpmeta>", { Type: "Metadata", Subtype: "XML" })));
    });
    expect((await readFileMetadata("application/pdf", withXmp)).other).toBe(true);
    expect(hasFindings(await readFileMetadata("application/pdf", await pdf()))).toBe(false);
  });
});

describe("a copy without metadata", () => {
  it("a JPEG with GPS in, no GPS out, and the original (and its hash) unchanged", async () => {
    const original = u8(await jpegWithGps());
    const before = Buffer.from(original);
    const hash = sha256Hex(original);
    const copy = await stripFile("image/jpeg", original);
    expect(await exifr.parse(Buffer.from(copy), true)).toBeUndefined();
    expect(await exifr.gps(Buffer.from(copy))).toBeUndefined();
    for (const word of ["Acme", "Phone 9", "Jane Reporter", "CamApp", "2026:05:01"]) expect(contains(copy, word), word).toBe(false);
    expect(hasFindings(await readFileMetadata("image/jpeg", copy))).toBe(false);
    expect((await sharp(copy).metadata()).format).toBe("jpeg");
    // The original is untouched: same bytes, same hash, still with its position.
    expect(Buffer.from(original).equals(before)).toBe(true);
    expect(sha256Hex(original)).toBe(hash);
    expect((await readFileMetadata("image/jpeg", original)).gps).not.toBeNull();
  });

  it("turns the picture upright as its EXIF orientation said, since the orientation tag goes too", async () => {
    // Orientation 6: the camera was turned; a 16×8 picture is seen 8×16.
    const copy = await stripFile("image/jpeg", u8(await jpegWithGps({ orientation: 6, width: 16, height: 8 })));
    const meta = await sharp(copy).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([8, 16, undefined]);
  });

  it("drops bytes hidden after the end of a JPEG or PNG (a trailing payload)", async () => {
    const payload = "PK\u0003\u0004 hidden zip payload";
    const jpeg = Buffer.concat([await jpegWithGps(), Buffer.from(payload, "latin1")]);
    const png = Buffer.concat([await plainPng(), Buffer.from(payload, "latin1")]);
    expect(contains(await stripFile("image/jpeg", u8(jpeg)), "hidden zip payload")).toBe(false);
    const pngCopy = await stripFile("image/png", u8(png));
    expect(contains(pngCopy, "hidden zip payload")).toBe(false);
    expect((await sharp(pngCopy).metadata()).format).toBe("png");
  });

  it("a PDF without its document information and XMP, its pages kept", async () => {
    const bytes = await pdf((doc) => {
      doc.setAuthor("Jane Reporter");
      doc.setCreator("Writer 7");
      doc.setTitle("My secret title");
      doc.catalog.set(PDFName.of("Metadata"), doc.context.register(doc.context.stream("<x:xmpmeta>Jane XMP</x:xmpmeta>", { Type: "Metadata", Subtype: "XML" })));
    });
    const copy = await stripFile("application/pdf", bytes);
    for (const word of ["Jane Reporter", "Writer 7", "My secret title", "Jane XMP", "pdf-lib"]) expect(contains(copy, word), word).toBe(false);
    const again = await PDFDocument.load(copy, { updateMetadata: false });
    expect(again.getPageCount()).toBe(1);
    expect(hasFindings(await readFileMetadata("application/pdf", copy))).toBe(false);
    expect(contains(copy, "%PDF-")).toBe(true);
  });

  it("a PDF's copy leaves out objects no page reaches (an old revision's /Info, an orphaned script)", async () => {
    const bytes = await pdf((doc) => {
      doc.context.register(doc.context.obj({ Author: PDFString.of("Old Author Name"), Producer: PDFString.of("Old Producer") }));
      doc.context.register(doc.context.obj({ S: "JavaScript", JS: PDFString.of("orphanScript()") }));
      doc.getPage(0).drawText("Threat letter, page 1");
    });
    const copy = await stripFile("application/pdf", bytes);
    for (const word of ["Old Author Name", "Old Producer", "orphanScript"]) expect(contains(copy, word), word).toBe(false);
    expect((await checkPdf(copy)).ok).toBe(true);
    expect((await PDFDocument.load(copy)).getPageCount()).toBe(1);
  });

  it("a PDF with bytes appended after its end loses them in the copy", async () => {
    const bytes = Buffer.concat([Buffer.from(await pdf()), Buffer.from("\n%% trailing payload after EOF\n")]);
    expect(contains(await stripFile("application/pdf", u8(bytes)), "trailing payload")).toBe(false);
  });
});

/** An action dictionary as a PDF writes it. */
const action = (doc: PDFDocument, entries: Record<string, unknown>) => doc.context.obj(entries as never);

describe("active content in PDFs is refused, judged by pdf-lib", () => {
  it("accepts a plain PDF, one with a web link, and one that opens at its first page", async () => {
    expect((await checkPdf(await pdf())).ok).toBe(true);
    const linked = await pdf((doc) => {
      const page = doc.getPage(0);
      const link = doc.context.register(doc.context.obj({ Type: "Annot", Subtype: "Link", Rect: [0, 0, 50, 50], A: { S: "URI", URI: PDFString.of("https://politi.dk") } }));
      page.node.set(PDFName.of("Annots"), doc.context.obj([link]));
      doc.catalog.set(PDFName.of("OpenAction"), doc.context.obj([page.ref, "Fit"]));
    });
    expect((await checkPdf(linked)).ok).toBe(true);
  });

  const refused: Array<[string, (doc: PDFDocument) => void | Promise<void>]> = [
    ["an /OpenAction that runs JavaScript", (doc) => doc.catalog.set(PDFName.of("OpenAction"), action(doc, { S: "JavaScript", JS: PDFString.of("app.alert(1)") }))],
    ["a launch action", (doc) => doc.catalog.set(PDFName.of("OpenAction"), action(doc, { S: "Launch", F: PDFString.of("cmd.exe") }))],
    ["an embedded file (pdf-lib's attach)", async (doc) => doc.attach(Buffer.from("MZ not a program"), "invoice.exe", { mimeType: "application/octet-stream" })],
    ["document-level JavaScript in /Names", (doc) => doc.catalog.set(PDFName.of("Names"), doc.context.obj({ JavaScript: { Names: [PDFString.of("x"), doc.context.register(action(doc, { S: "JavaScript", JS: PDFString.of("1") }))] } }))],
    ["a page's additional action (/AA) with JavaScript", (doc) => doc.getPage(0).node.set(PDFName.of("AA"), doc.context.obj({ O: action(doc, { S: "JavaScript", JS: PDFString.of("1") }) }))],
    [
      "an annotation whose action is JavaScript",
      (doc) => {
        const annot = doc.context.register(doc.context.obj({ Type: "Annot", Subtype: "Link", Rect: [0, 0, 9, 9], A: { S: "JavaScript", JS: PDFHexString.fromText("app.alert(2)") } }));
        doc.getPage(0).node.set(PDFName.of("Annots"), doc.context.obj([annot]));
      },
    ],
    ["an XFA form", (doc) => doc.catalog.set(PDFName.of("AcroForm"), doc.context.obj({ Fields: [], XFA: PDFString.of("<xdp/>") }))],
    ["a form that submits itself somewhere", (doc) => doc.catalog.set(PDFName.of("OpenAction"), action(doc, { S: "SubmitForm", F: PDFString.of("https://evil.example") }))],
  ];
  for (const [what, build] of refused) {
    it(`refuses ${what}`, async () => {
      const verdict = await checkPdf(await pdf(build));
      expect(verdict.ok).toBe(false);
      expect(!verdict.ok && verdict.reason).toBe("active");
    });
  }

  it("refuses JavaScript whose name is hidden by #-escapes, and JavaScript in an unreachable object", async () => {
    const text = new TextDecoder("latin1").decode(await pdf((doc) => doc.catalog.set(PDFName.of("OpenAction"), action(doc, { S: "JavaScript", JS: PDFString.of("app.alert(1)") }))));
    const escaped = text.replace("/S /JavaScript", "/S /J#61vaScript").replace("/JS ", "/J#53 ");
    expect(escaped).toContain("/J#61vaScript");
    expect(await checkPdf(new TextEncoder().encode(escaped))).toMatchObject({ ok: false, reason: "active" });
    const orphan = await pdf((doc) => {
      doc.context.register(action(doc, { S: "JavaScript", JS: PDFString.of("1") }));
    });
    expect(await checkPdf(orphan)).toMatchObject({ ok: false, reason: "active" });
  });

  it("refuses a PDF the parser cannot read, and an encrypted one", async () => {
    expect(await checkPdf(new TextEncoder().encode("%PDF-1.7\nthis is not a pdf at all"))).toMatchObject({ ok: false, reason: "unreadable" });
    const plain = await PDFDocument.load(await pdf());
    plain.context.trailerInfo.Encrypt = plain.context.register(plain.context.obj({ Filter: "Standard", V: 2, R: 3, O: PDFString.of("x"), U: PDFString.of("y"), P: -4 }));
    expect(await checkPdf(await plain.save({ useObjectStreams: false }))).toMatchObject({ ok: false, reason: "encrypted" });
  });

  it("names the refusal as a field error of the upload, in words the form translates", async () => {
    const form = new FormData();
    const active = await pdf(async (doc) => doc.attach(Buffer.from("x"), "x.txt", { mimeType: "text/plain" }));
    form.append("attachments", new File([Buffer.from(active)], "police.pdf", { type: "application/pdf" }));
    form.append("attachments", new File([new Uint8Array(await jpegWithGps())], "photo.jpg", { type: "image/jpeg" }));
    const read = await readReportForm(new Request("http://x/da/report", { method: "POST", body: form }));
    expect(read.rejected).toEqual([{ name: "police.pdf", error: "files.errors.pdfActive" }]);
    expect(read.fileError).toBe("files.errors.pdfActive");
    expect(read.attachments.map((file) => [file.name, file.evidence?.sha256])).toEqual([["photo.jpg", sha256Hex(u8(await jpegWithGps()))]]);
  });

  it("refuses an image the library cannot decode", async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);
    expect(await checkEvidence({ name: "x.jpg", type: "image/jpeg", bytes: u8(broken) })).toEqual({ error: "files.errors.unreadable" });
  });
});

describe("what is stored for a file, sealed under the report's key", () => {
  const reportId = crypto.randomUUID();
  const cipher = reportCipher(reportId, newReportKey());

  it("a copy only, when the reporter chose it: no original, the hash and the kinds found sealed, the values not kept", async () => {
    const bytes = u8(await jpegWithGps());
    const evidence = await prepareEvidence({ name: "p.jpg", type: "image/jpeg", bytes });
    const id = crypto.randomUUID();
    const columns = attachmentColumns(cipher, id, { name: "p.jpg", type: "image/jpeg", bytes, evidence, choice: "copy" });
    expect(columns.data).toBeNull();
    expect(columns.keptOriginal).toBe(false);
    const hash = sha256Hex(bytes);
    // No plain hash in any column, in hex or raw.
    for (const value of Object.values(columns)) {
      const raw = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
      expect(raw.includes(Buffer.from(hash)) || raw.includes(Buffer.from(hash, "hex"))).toBe(false);
    }
    const row = { id, contentType: "image/jpeg", data: columns.data, strippedData: columns.strippedData, keptOriginal: columns.keptOriginal };
    const copy = await openCopy(cipher, row);
    expect(await exifr.gps(Buffer.from(copy!))).toBeUndefined();
    expect(openOriginal(cipher, row)).toBeNull();
    const view = evidenceView(cipher, { id, sha256Sealed: columns.sha256Sealed, metadataSealed: columns.metadataSealed, keptOriginal: false, hasOriginal: false });
    expect(view).toEqual({ sha256: hash, keptOriginal: false, kinds: ["gps", "device", "software", "author", "created"], place: null, device: null, software: null, author: null, created: null, unreviewed: false });
  });

  it("the original too, when the reporter kept it for the police: byte for byte, with what it says", async () => {
    const bytes = u8(await jpegWithGps());
    const evidence = await prepareEvidence({ name: "p.jpg", type: "image/jpeg", bytes });
    const id = crypto.randomUUID();
    const columns = attachmentColumns(cipher, id, { name: "p.jpg", type: "image/jpeg", bytes, evidence, choice: "original" });
    const row = { id, contentType: "image/jpeg", data: columns.data, strippedData: columns.strippedData, keptOriginal: columns.keptOriginal };
    expect(Buffer.from(openOriginal(cipher, row)!).equals(Buffer.from(bytes))).toBe(true);
    expect(await exifr.gps(Buffer.from((await openCopy(cipher, row))!))).toBeUndefined();
    const view = evidenceView(cipher, { id, sha256Sealed: columns.sha256Sealed, metadataSealed: columns.metadataSealed, keptOriginal: true, hasOriginal: true });
    expect(view).toMatchObject({ sha256: sha256Hex(bytes), keptOriginal: true, place: { latitude: "55.68", longitude: "12.57" }, device: "Acme Phone 9" });
  });

  it("a file without metadata keeps its original (nothing to review) and a copy", async () => {
    const bytes = u8(await plainPng());
    const evidence = await prepareEvidence({ name: "s.png", type: "image/png", bytes });
    const columns = attachmentColumns(cipher, "a", { name: "s.png", type: "image/png", bytes, evidence });
    expect(columns.keptOriginal).toBe(true);
    expect(columns.data).not.toBeNull();
    expect(columns.strippedData).not.toBeNull();
  });

  it("an older file without a stored copy is stripped when it is served", async () => {
    const bytes = u8(await jpegWithGps());
    const columns = attachmentColumns(cipher, "b", { name: "old.jpg", type: "image/jpeg", bytes });
    expect(columns.strippedData).toBeNull();
    const copy = await openCopy(cipher, { id: "b", contentType: "image/jpeg", data: columns.data, strippedData: null });
    expect(await exifr.gps(Buffer.from(copy!))).toBeUndefined();
  });
});
