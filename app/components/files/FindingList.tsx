import { useTranslation } from "react-i18next";
import type { FindingKind, FindingsShown } from "~/domain/reports/file-metadata.server";


/**
 * What a file's metadata says, one plain sentence per finding ("This photo contains the place it
 * was taken: near 55.68° N, 12.57° E"). Where only the kinds are known (the reporter sent a copy),
 * the sentence names the kind without its value. No map and no request anywhere.
 */
export function FindingList({ entry, namespace }: { entry: FindingsShown; namespace: "report" | "staff" }) {
  const { t } = useTranslation(namespace);
  const sentence = (kind: FindingKind): string => {
    switch (kind) {
      case "gps":
        return entry.place
          ? t("files.findings.gps", {
              place: t("files.findings.near", {
                latitude: entry.place.latitude,
                north: t(entry.place.north ? "files.findings.north" : "files.findings.south"),
                longitude: entry.place.longitude,
                east: t(entry.place.east ? "files.findings.east" : "files.findings.west"),
              }),
            })
          : t("files.findings.gpsRemoved");
      case "device":
        return entry.device ? t("files.findings.device", { device: entry.device }) : t("files.findings.deviceRemoved");
      case "software":
        return entry.software ? t("files.findings.software", { software: entry.software }) : t("files.findings.softwareRemoved");
      case "author":
        return entry.author ? t("files.findings.author", { author: entry.author }) : t("files.findings.authorRemoved");
      case "created":
        return entry.created ? t("files.findings.created", { created: entry.created }) : t("files.findings.createdRemoved");
      default:
        return t("files.findings.other");
    }
  };
  return (
    <ul className="file-findings">
      {entry.kinds.map((kind) => (
        <li key={kind} data-finding={kind}>
          {sentence(kind)}
        </li>
      ))}
    </ul>
  );
}
