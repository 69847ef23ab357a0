import exifr from "exifr";
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import type { AllowedType } from "./attachments";

/**
 * What a file says about where, when, on what and by whom it was made (issue #16): the reporter is
 * shown it in plain words before sending, and chooses to keep the original or send a copy without
 * it. Images are read by exifr (EXIF, GPS, XMP, IPTC), PDFs by pdf-lib (document information, XMP).
 */
export interface FileFindings {
  /** Where the photo was taken, as the file has it. */
  gps: { latitude: number; longitude: number } | null;
  /** Camera or phone: make and model. */
  device: string | null;
  /** The program that made or last saved the file. */
  software: string | null;
  /** A person's name: EXIF Artist, IPTC By-line, XMP creator, PDF Author. */
  author: string | null;
  /** When it was made, as written in the file ("2026-05-01 10:11"), without a time zone. */
  created: string | null;
  /** Other descriptive metadata (a title, subject, keywords, comments, an XMP packet). */
  other: boolean;
}

export const noFindings: FileFindings = { gps: null, device: null, software: null, author: null, created: null, other: false };

export function hasFindings(findings: FileFindings): boolean {
  return Boolean(findings.gps || findings.device || findings.software || findings.author || findings.created || findings.other);
}

/** The kinds of metadata found, without their values (what is kept when the reporter sends a copy). */
export type FindingKind = "gps" | "device" | "software" | "author" | "created" | "other";
export function findingKinds(findings: FileFindings): FindingKind[] {
  return (["gps", "device", "software", "author", "created", "other"] as const).filter((kind) => Boolean(findings[kind]));
}

const text = (value: unknown): string | null => {
  if (Array.isArray(value)) return text(value.filter((part) => typeof part === "string").join(", "));
  if (value && typeof value === "object" && "value" in value) return text((value as { value: unknown }).value);
  if (typeof value !== "string") return null;
  // Control characters and padding NULs out; a bounded length for the page.
  const clean = value.replace(/[\p{Cc}]/gu, " ").replace(/\s+/g, " ").trim();
  return clean ? clean.slice(0, 120) : null;
};

const joined = (...parts: unknown[]) => text(parts.map(text).filter((part): part is string => Boolean(part)).filter((part, index, all) => all.indexOf(part) === index).join(" "));

/** "2026:05:01 10:11:12" (EXIF) or an ISO date → "2026-05-01 10:11". */
function exifDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 16).replace("T", " ");
  const raw = text(value);
  const match = raw ? /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(raw) : null;
  if (!match) return null;
  return match[4] ? `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}` : `${match[1]}-${match[2]}-${match[3]}`;
}

/** Degrees from exifr's [deg, min, sec] and its N/S/E/W reference. */
function degrees(value: unknown, ref: unknown, negative: string): number | null {
  if (!Array.isArray(value) || value.length === 0 || !value.every((part) => typeof part === "number" && Number.isFinite(part))) return null;
  const [deg = 0, min = 0, sec = 0] = value as number[];
  const result = deg + min / 60 + sec / 3600;
  return ref === negative ? -result : result;
}

async function imageFindings(bytes: Uint8Array): Promise<FileFindings> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      tiff: true,
      exif: true,
      gps: true,
      xmp: true,
      iptc: true,
      icc: false,
      jfif: false,
      ihdr: false,
      interop: false,
      makerNote: false,
      userComment: true,
      reviveValues: false,
      mergeOutput: true,
    })) as Record<string, unknown> | undefined;
  } catch {
    // A block exifr cannot read is reported as "other metadata": the reporter is still asked.
    return { ...noFindings, other: true };
  }
  if (!tags) return noFindings;
  const latitude = degrees(tags.GPSLatitude, tags.GPSLatitudeRef, "S");
  const longitude = degrees(tags.GPSLongitude, tags.GPSLongitudeRef, "W");
  const gps = latitude !== null && longitude !== null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180 && !(latitude === 0 && longitude === 0) ? { latitude, longitude } : null;
  const other = ["ImageDescription", "XPTitle", "XPComment", "XPSubject", "XPKeywords", "UserComment", "Copyright", "ObjectName", "Caption", "Keywords", "title", "description", "subject", "Headline", "City", "Country", "Sub-location", "Location"].some(
    (tag) => text(tags[tag]) !== null,
  );
  return {
    gps,
    device: joined(tags.Make, tags.Model),
    software: text(tags.Software) ?? text(tags.CreatorTool),
    author: text(tags.Artist) ?? text(tags.XPAuthor) ?? text(tags.Byline) ?? text(tags["By-line"]) ?? text(tags.creator),
    created: exifDate(tags.DateTimeOriginal) ?? exifDate(tags.CreateDate) ?? exifDate(tags.DateCreated) ?? exifDate(tags.DateTime),
    other,
  };
}

/** The document information and XMP of a PDF that pdf-lib has loaded. */
export function pdfFindings(doc: PDFDocument): FileFindings {
  const created = doc.getCreationDate() ?? doc.getModificationDate();
  const hasXmp = doc.catalog.get(PDFName.of("Metadata")) !== undefined;
  const info = doc.context.lookup(doc.context.trailerInfo.Info);
  const otherInfo = info instanceof PDFDict && [doc.getTitle(), doc.getSubject(), doc.getKeywords()].some((value) => text(value) !== null);
  return {
    gps: null,
    device: null,
    software: joined(doc.getCreator(), doc.getProducer()),
    author: text(doc.getAuthor()),
    created: created ? exifDate(created) : null,
    other: hasXmp || otherInfo,
  };
}

async function pdfFileFindings(bytes: Uint8Array): Promise<FileFindings> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return pdfFindings(doc);
}

/** What the file's metadata says. A PDF that does not load throws (pdf-safety refuses those first). */
export async function readFileMetadata(type: AllowedType, bytes: Uint8Array): Promise<FileFindings> {
  return type === "application/pdf" ? pdfFileFindings(bytes) : imageFindings(bytes);
}

/** A position as shown to people: two decimals (about a kilometre) and the hemispheres, for "near 55.68° N, 12.57° E". */
export function roughPosition(gps: { latitude: number; longitude: number }): { latitude: string; longitude: string; north: boolean; east: boolean } {
  return { latitude: Math.abs(gps.latitude).toFixed(2), longitude: Math.abs(gps.longitude).toFixed(2), north: gps.latitude >= 0, east: gps.longitude >= 0 };
}

/** What a page shows of a file's findings: their kinds, and the values where they are known. */
export interface FindingsShown {
  kinds: FindingKind[];
  /** Rounded to two decimals (about a kilometre): no map, no request anywhere. */
  place: ReturnType<typeof roughPosition> | null;
  device: string | null;
  software: string | null;
  author: string | null;
  created: string | null;
}

/** The findings as shown: kinds from `kinds`, values from `values` (null when only the kinds were kept). */
export function findingsShown(kinds: FindingKind[], values: FileFindings | null): FindingsShown {
  return {
    kinds,
    place: values?.gps ? roughPosition(values.gps) : null,
    device: values?.device ?? null,
    software: values?.software ?? null,
    author: values?.author ?? null,
    created: values?.created ?? null,
  };
}
