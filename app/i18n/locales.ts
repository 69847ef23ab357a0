/** The portal's locales and what each one means for a reader: country, numbers, search language. */
export const locales = ["da", "sv", "nb"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "da";

/** UI string namespaces: one JSON file per namespace in locales/<locale>/. */
export const namespaces = ["common", "guidance", "mail", "staff", "report", "events"] as const;
export type Namespace = (typeof namespaces)[number];

export interface LocaleInfo {
  country: "dk" | "se" | "no";
  /** Shown as written; `tel` is the dialable form. */
  emergency: { shown: string; tel: string };
  policeNonEmergency: { shown: string; tel: string };
  /** Where 112 is not every service (Norway: police only), the fire and ambulance numbers. */
  fire?: { shown: string; tel: string };
  ambulance?: { shown: string; tel: string };
  /** The neutral site quick exit replaces the page with: the national weather service. */
  quickExitUrl: string;
  /** PostgreSQL text search configuration for the locale's language. */
  textSearchConfig: "danish" | "swedish" | "norwegian";
  /** BCP 47 tag for dates and numbers. */
  intlTag: string;
  timeZone: string;
}

export const localeInfo: Record<Locale, LocaleInfo> = {
  da: {
    country: "dk",
    emergency: { shown: "112", tel: "112" },
    policeNonEmergency: { shown: "114", tel: "114" },
    quickExitUrl: "https://www.dmi.dk/",
    textSearchConfig: "danish",
    intlTag: "da-DK",
    timeZone: "Europe/Copenhagen",
  },
  sv: {
    country: "se",
    emergency: { shown: "112", tel: "112" },
    policeNonEmergency: { shown: "114 14", tel: "11414" },
    quickExitUrl: "https://www.smhi.se/",
    textSearchConfig: "swedish",
    intlTag: "sv-SE",
    timeZone: "Europe/Stockholm",
  },
  nb: {
    country: "no",
    emergency: { shown: "112", tel: "112" },
    policeNonEmergency: { shown: "02800", tel: "02800" },
    fire: { shown: "110", tel: "110" },
    ambulance: { shown: "113", tel: "113" },
    quickExitUrl: "https://www.yr.no/",
    textSearchConfig: "norwegian",
    intlTag: "nb-NO",
    timeZone: "Europe/Oslo",
  },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** The locale of a path such as `/sv/guidance`, or undefined when it has none. */
export function localeOfPath(pathname: string): Locale | undefined {
  const first = pathname.split("/")[1];
  return isLocale(first) ? first : undefined;
}

/** The same page in another locale: `/da/guidance?q=x` → `/sv/guidance?q=x`. */
export function pathInLocale(pathname: string, search: string, target: Locale): string {
  const rest = localeOfPath(pathname) ? pathname.split("/").slice(2).join("/") : "";
  return `/${target}${rest ? `/${rest}` : ""}${search}`;
}

/** The numbers of the country a report is about (not of the page's language): 112 and the police. */
export function countryNumbers(country: LocaleInfo["country"]): Pick<LocaleInfo, "emergency" | "policeNonEmergency"> {
  const info = Object.values(localeInfo).find((entry) => entry.country === country) ?? localeInfo.da;
  return { emergency: info.emergency, policeNonEmergency: info.policeNonEmergency };
}
