import type { EvidenceContents, EvidenceSource } from "./evidence-items";

/** An item as pages show it: dates already formatted (on the server, in the page's language). */
export interface EvidenceItemRow {
  id: string;
  number: number;
  kind: EvidenceContents["kind"];
  source: EvidenceSource;
  receivedAt: string;
  forPolice: boolean;
  markedBy: string | null;
  markedAt: string | null;
  /** Came with a later message from the reporter, not with the report. */
  later: boolean;
  contents: EvidenceContents;
  profileKey: string | null;
}

export interface EvidenceProfileGroup {
  key: string;
  platform: string;
  profileName: string | null;
  profileUrl: string | null;
  items: EvidenceItemRow[];
  forPolice: number;
}

export interface EvidenceCaseView {
  /** Items typed one by one, in the order Trygg received them. */
  typed: EvidenceItemRow[];
  /** Pasted post addresses, grouped by profile, the biggest group first. */
  groups: EvidenceProfileGroup[];
  total: number;
  forPolice: number;
}

interface SourceItem {
  id: string;
  source: EvidenceSource;
  receivedAt: Date;
  forPolice: boolean;
  markedAt: Date | null;
  markedByName: string | null;
  messageEventId: string | null;
  contents: EvidenceContents;
}

export function profileKeyOf(contents: EvidenceContents): string | null {
  if (contents.kind !== "online_post" || !contents.profileName) return null;
  return `${contents.platform ?? ""}:${contents.profileName.toLowerCase()}`;
}

/** Numbers the items in the order received (the number the package uses too) and groups the pasted posts by profile. */
export function evidenceCaseView(items: SourceItem[], format: (date: Date) => string): EvidenceCaseView {
  const rows: EvidenceItemRow[] = items.map((item, index) => ({
    id: item.id,
    number: index + 1,
    kind: item.contents.kind,
    source: item.source,
    receivedAt: format(item.receivedAt),
    forPolice: item.forPolice,
    markedBy: item.markedByName,
    markedAt: item.markedAt ? format(item.markedAt) : null,
    later: item.messageEventId !== null,
    contents: item.contents,
    profileKey: profileKeyOf(item.contents),
  }));
  const groups = new Map<string, EvidenceProfileGroup>();
  for (const row of rows.filter((candidate) => candidate.source === "bulk")) {
    const contents = row.contents.kind === "online_post" ? row.contents : null;
    const key = row.profileKey ?? `${contents?.platform ?? ""}:`;
    const group = groups.get(key) ?? { key, platform: contents?.platform ?? "", profileName: contents?.profileName ?? null, profileUrl: contents?.profileUrl ?? null, items: [], forPolice: 0 };
    group.items.push(row);
    if (row.forPolice) group.forPolice++;
    groups.set(key, group);
  }
  return {
    typed: rows.filter((row) => row.source === "form"),
    groups: [...groups.values()].sort((a, b) => Number(a.profileName === null) - Number(b.profileName === null) || b.items.length - a.items.length || a.key.localeCompare(b.key)),
    total: rows.length,
    forPolice: rows.filter((row) => row.forPolice).length,
  };
}
