import type { Locale } from "~/i18n/locales";
import type { EvidenceContents } from "./evidence-items";
import type { ReportContents } from "./report-form";

// i18n-namespaces: report
type Translate = (key: string, options?: Record<string, string | number>) => string;

/** A file as the package lists it. `sha256` comes from `report_attachments.sha256_sealed` once wired; null is said so. */
export interface PackageFile {
  name: string;
  type: string;
  size: string;
  sha256: string | null;
  addedAt: string;
}

export interface PackageItem {
  number: number;
  heading: string;
  forPolice: boolean;
  rows: Array<{ label: string; value: string; kind: "text" | "url" | "quote" }>;
  files: PackageFile[];
}

/**
 * The evidence package for the police, every word already in the report's language (not the
 * viewer's): one model renders the printable page and the saved HTML file alike.
 */
export interface EvidencePackageModel {
  lang: Locale;
  title: string;
  intro: string;
  facts: Array<{ label: string; value: string }>;
  role: { title: string; statement: string; advice: string };
  description: { title: string; text: string };
  itemsTitle: string;
  scope: string;
  items: PackageItem[];
  filesTitle: string;
  fileHeadings: { name: string; type: string; size: string; sha256: string; addedAt: string };
  files: PackageFile[];
  noHash: string;
  timelineTitle: string;
  timeline: Array<{ at: string; text: string }>;
  footer: string;
}

export interface PackageInput {
  locale: Locale;
  reference: string;
  createdAt: Date;
  level: number;
  contents: ReportContents;
  policeCaseNumber: string | null;
  items: Array<{ id: string; number: number; receivedAt: Date; forPolice: boolean; contents: EvidenceContents }>;
  files: Array<{ id: string; name: string; contentType: string; size: number; createdAt: Date; evidenceItemId: string | null; sha256: string | null }>;
  timeline: Array<{ at: Date; type: string; actorKind: string; details: Record<string, string | number | null> }>;
  /** Only the items an officer marked for the police (when some are marked), or all. */
  onlyForPolice: boolean;
  generatedAt: Date;
}

export function formatSize(bytes: number, locale: Locale): string {
  const number = new Intl.NumberFormat(locale === "nb" ? "nb-NO" : locale === "sv" ? "sv-SE" : "da-DK", { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} kB (${bytes} B)`;
  return `${number.format(bytes / 1024 / 1024)} MB (${bytes} B)`;
}

/** When it happened as far as Trygg knows: the time the reporter saw on the platform, else when Trygg received it. */
function sortKey(item: PackageInput["items"][number]): string {
  const { date, time } = item.contents;
  return date ? `${date}T${time ?? "00:00"}` : item.receivedAt.toISOString().slice(0, 16);
}

export function buildEvidencePackage(input: PackageInput, t: Translate, format: (date: Date) => string): EvidencePackageModel {
  const c = input.contents;
  const marked = input.items.filter((item) => item.forPolice);
  const chosen = input.onlyForPolice && marked.length ? marked : input.items;
  const file = (entry: PackageInput["files"][number]): PackageFile => ({ name: entry.name, type: entry.contentType, size: formatSize(entry.size, input.locale), sha256: entry.sha256, addedAt: format(entry.createdAt) });
  const items = [...chosen]
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)) || a.number - b.number)
    .map((item): PackageItem => {
      const x = item.contents;
      const when = [x.date, x.time].filter(Boolean).join(" ");
      const rows: PackageItem["rows"] = [];
      const add = (label: string, value: string | null | undefined, kind: "text" | "url" | "quote" = "text") => {
        if (value) rows.push({ label, value, kind });
      };
      if (x.kind === "online_post") {
        add(t("evidence.postedAsSeen"), when);
        add(t("evidence.receivedByTrygg"), format(item.receivedAt));
        add(t("evidence.fields.online_post.url"), x.url, "url");
        add(t("evidence.fields.online_post.platform"), x.platform);
        add(t("evidence.fields.online_post.profileName"), x.profileName);
        add(t("evidence.fields.online_post.profileUrl"), x.profileUrl, "url");
        add(t("evidence.fields.online_post.quote"), x.quote, "quote");
      } else if (x.kind === "message") {
        add(t("evidence.fields.message.date"), when);
        add(t("evidence.receivedByTrygg"), format(item.receivedAt));
        add(t("evidence.fields.message.channel"), t(`evidence.channels.${x.channel}`));
        add(t("evidence.fields.message.sender"), x.sender);
        add(t("evidence.fields.message.quote"), x.quote, "quote");
      } else {
        add(t("evidence.fields.in_person.date"), when);
        add(t("evidence.receivedByTrygg"), format(item.receivedAt));
        add(t("evidence.fields.in_person.place"), x.place);
        add(t("evidence.fields.in_person.people"), x.people);
        add(t("evidence.fields.in_person.description"), x.description, "quote");
      }
      return {
        number: item.number,
        heading: `${t("evidence.itemNumber", { number: item.number })} · ${t(`evidence.kinds.${x.kind}`)}`,
        forPolice: item.forPolice,
        rows,
        files: input.files.filter((entry) => entry.evidenceItemId === item.id).map(file),
      };
    });
  const facts: EvidencePackageModel["facts"] = [
    { label: t("summary.reference"), value: input.reference },
    { label: t("summary.reported"), value: format(input.createdAt) },
    { label: t("fields.level"), value: `${input.level} – ${t(`levels.${input.level}.label`)}` },
    { label: t("fields.when"), value: [c.when, c.time].filter(Boolean).join(" ") },
  ];
  if (c.where || c.placeName) facts.push({ label: t("fields.where"), value: [c.where, c.placeName].filter(Boolean).join(", ") });
  if (c.perpetrator) facts.push({ label: t("fields.perpetrator"), value: c.perpetrator });
  const policeCase = input.policeCaseNumber ?? c.policeCaseNumber;
  if (policeCase) facts.push({ label: t("fields.policeCaseNumber"), value: policeCase });
  facts.push({ label: t("evidence.generatedAt"), value: format(input.generatedAt) });
  return {
    lang: input.locale,
    title: t("evidence.packageTitle", { reference: input.reference }),
    intro: t("evidence.packageIntro"),
    facts,
    role: {
      title: t("summary.role"),
      statement: t("summary.roleStatement", { role: t(`roles.${c.role}`).toLocaleLowerCase(input.locale), party: c.partyName ?? t("form.independent") }),
      advice: t("evidence.roleAdvice"),
    },
    description: { title: t("fields.description"), text: c.description },
    itemsTitle: t("evidence.itemsTitle", { count: items.length }),
    scope:
      chosen === marked && input.onlyForPolice
        ? t("evidence.scopeMarked", { count: marked.length, total: input.items.length })
        : input.items.length
          ? t("evidence.scopeAll", { count: input.items.length })
          : t("evidence.none"),
    items,
    filesTitle: t("evidence.filesTitle"),
    fileHeadings: { name: t("evidence.fileName"), type: t("evidence.fileType"), size: t("evidence.fileSize"), sha256: "SHA-256", addedAt: t("evidence.fileAdded") },
    files: input.files.filter((entry) => !entry.evidenceItemId || !chosen.some((item) => item.id === entry.evidenceItemId)).map(file),
    noHash: t("evidence.noHash"),
    timelineTitle: t("evidence.timelineTitle"),
    timeline: input.timeline.map((event) => ({ at: format(event.at), text: `${t(`events.${event.type}`)} (${t(`actors.${event.actorKind}`)})` })),
    footer: t("evidence.footer"),
  };
}
