/**
 * Seed data for organizational units (regions, counties and demo parties).
 *
 * Danish municipality names follow the Indenrigs- og Sundhedsministeriet
 * contact list for the kommunal- og regionalvalg of 18 November 2025.
 * Regions and counties are listed in official code order; municipalities are
 * listed in Danish alphabetical order within each region.
 *
 * Plain data only — no executable code.
 */

export interface SeedRegion {
  /** Official name, e.g. "Region Hovedstaden". */
  name: string;
  /** Municipalities in this region (official names). */
  municipalities: string[];
}

export interface SeedParty {
  country: "dk" | "se" | "no";
  name: string;
  /** Districts of the party; each covers exactly one region/county (by its exact `name` above). */
  districts: { name: string; regionName: string }[];
}

/** The 5 Danish regions with all 98 municipalities. */
export const denmarkRegions: SeedRegion[] = [
  {
    name: "Region Hovedstaden",
    municipalities: [
      "Albertslund Kommune",
      "Allerød Kommune",
      "Ballerup Kommune",
      "Bornholms Regionskommune",
      "Brøndby Kommune",
      "Dragør Kommune",
      "Egedal Kommune",
      "Fredensborg Kommune",
      "Frederiksberg Kommune",
      "Frederikssund Kommune",
      "Furesø Kommune",
      "Gentofte Kommune",
      "Gladsaxe Kommune",
      "Glostrup Kommune",
      "Gribskov Kommune",
      "Halsnæs Kommune",
      "Helsingør Kommune",
      "Herlev Kommune",
      "Hillerød Kommune",
      "Hvidovre Kommune",
      "Høje-Taastrup Kommune",
      "Hørsholm Kommune",
      "Ishøj Kommune",
      "Københavns Kommune",
      "Lyngby-Taarbæk Kommune",
      "Rudersdal Kommune",
      "Rødovre Kommune",
      "Tårnby Kommune",
      "Vallensbæk Kommune",
    ],
  },
  {
    name: "Region Sjælland",
    municipalities: [
      "Faxe Kommune",
      "Greve Kommune",
      "Guldborgsund Kommune",
      "Holbæk Kommune",
      "Kalundborg Kommune",
      "Køge Kommune",
      "Lejre Kommune",
      "Lolland Kommune",
      "Næstved Kommune",
      "Odsherred Kommune",
      "Ringsted Kommune",
      "Roskilde Kommune",
      "Slagelse Kommune",
      "Solrød Kommune",
      "Sorø Kommune",
      "Stevns Kommune",
      "Vordingborg Kommune",
    ],
  },
  {
    name: "Region Syddanmark",
    municipalities: [
      "Assens Kommune",
      "Billund Kommune",
      "Esbjerg Kommune",
      "Fanø Kommune",
      "Fredericia Kommune",
      "Faaborg-Midtfyn Kommune",
      "Haderslev Kommune",
      "Kerteminde Kommune",
      "Kolding Kommune",
      "Langeland Kommune",
      "Middelfart Kommune",
      "Nordfyns Kommune",
      "Nyborg Kommune",
      "Odense Kommune",
      "Svendborg Kommune",
      "Sønderborg Kommune",
      "Tønder Kommune",
      "Varde Kommune",
      "Vejen Kommune",
      "Vejle Kommune",
      "Ærø Kommune",
      "Aabenraa Kommune",
    ],
  },
  {
    name: "Region Midtjylland",
    municipalities: [
      "Favrskov Kommune",
      "Hedensted Kommune",
      "Herning Kommune",
      "Holstebro Kommune",
      "Horsens Kommune",
      "Ikast-Brande Kommune",
      "Lemvig Kommune",
      "Norddjurs Kommune",
      "Odder Kommune",
      "Randers Kommune",
      "Ringkøbing-Skjern Kommune",
      "Samsø Kommune",
      "Silkeborg Kommune",
      "Skanderborg Kommune",
      "Skive Kommune",
      "Struer Kommune",
      "Syddjurs Kommune",
      "Viborg Kommune",
      "Aarhus Kommune",
    ],
  },
  {
    name: "Region Nordjylland",
    municipalities: [
      "Brønderslev Kommune",
      "Frederikshavn Kommune",
      "Hjørring Kommune",
      "Jammerbugt Kommune",
      "Læsø Kommune",
      "Mariagerfjord Kommune",
      "Morsø Kommune",
      "Rebild Kommune",
      "Thisted Kommune",
      "Vesthimmerlands Kommune",
      "Aalborg Kommune",
    ],
  },
];

/** The 21 Swedish regions (municipalities not included). */
export const swedenRegions: SeedRegion[] = [
  { name: "Region Stockholm", municipalities: [] },
  { name: "Region Uppsala", municipalities: [] },
  { name: "Region Sörmland", municipalities: [] },
  { name: "Region Östergötland", municipalities: [] },
  { name: "Region Jönköpings län", municipalities: [] },
  { name: "Region Kronoberg", municipalities: [] },
  { name: "Region Kalmar län", municipalities: [] },
  { name: "Region Gotland", municipalities: [] },
  { name: "Region Blekinge", municipalities: [] },
  { name: "Region Skåne", municipalities: [] },
  { name: "Region Halland", municipalities: [] },
  { name: "Västra Götalandsregionen", municipalities: [] },
  { name: "Region Värmland", municipalities: [] },
  { name: "Region Örebro län", municipalities: [] },
  { name: "Region Västmanland", municipalities: [] },
  { name: "Region Dalarna", municipalities: [] },
  { name: "Region Gävleborg", municipalities: [] },
  { name: "Region Västernorrland", municipalities: [] },
  { name: "Region Jämtland Härjedalen", municipalities: [] },
  { name: "Region Västerbotten", municipalities: [] },
  { name: "Region Norrbotten", municipalities: [] },
];

/** The 15 Norwegian counties (fylker) in force from 1 January 2024 (municipalities not included). */
export const norwayCounties: SeedRegion[] = [
  { name: "Oslo", municipalities: [] },
  { name: "Rogaland", municipalities: [] },
  { name: "Møre og Romsdal", municipalities: [] },
  { name: "Nordland", municipalities: [] },
  { name: "Østfold", municipalities: [] },
  { name: "Akershus", municipalities: [] },
  { name: "Buskerud", municipalities: [] },
  { name: "Innlandet", municipalities: [] },
  { name: "Vestfold", municipalities: [] },
  { name: "Telemark", municipalities: [] },
  { name: "Agder", municipalities: [] },
  { name: "Vestland", municipalities: [] },
  { name: "Trøndelag", municipalities: [] },
  { name: "Troms", municipalities: [] },
  { name: "Finnmark", municipalities: [] },
];

/**
 * Fictional demo parties, clearly marked as demo.
 *
 * Some regions/counties are deliberately left without a district, so that
 * routing falls back to the national party.
 */
export const demoParties: SeedParty[] = [
  {
    country: "dk",
    name: "Fællesskabspartiet (demo)",
    districts: [
      {
        name: "Fællesskabspartiet, Storkreds Hovedstaden (demo)",
        regionName: "Region Hovedstaden",
      },
      {
        name: "Fællesskabspartiet, Storkreds Sjælland (demo)",
        regionName: "Region Sjælland",
      },
      {
        name: "Fællesskabspartiet, Storkreds Midtjylland (demo)",
        regionName: "Region Midtjylland",
      },
    ],
  },
  {
    country: "dk",
    name: "Grønt Fremskridt (demo)",
    districts: [
      {
        name: "Grønt Fremskridt, Storkreds Hovedstaden (demo)",
        regionName: "Region Hovedstaden",
      },
      {
        name: "Grønt Fremskridt, Storkreds Syddanmark (demo)",
        regionName: "Region Syddanmark",
      },
      {
        name: "Grønt Fremskridt, Storkreds Midtjylland (demo)",
        regionName: "Region Midtjylland",
      },
    ],
  },
  {
    country: "se",
    name: "Framtidspartiet (demo)",
    districts: [
      {
        name: "Framtidspartiet, distrikt Stockholm (demo)",
        regionName: "Region Stockholm",
      },
      {
        name: "Framtidspartiet, distrikt Skåne (demo)",
        regionName: "Region Skåne",
      },
      {
        name: "Framtidspartiet, distrikt Västra Götaland (demo)",
        regionName: "Västra Götalandsregionen",
      },
    ],
  },
  {
    country: "se",
    name: "Gemenskapslistan (demo)",
    districts: [
      {
        name: "Gemenskapslistan, distrikt Stockholm (demo)",
        regionName: "Region Stockholm",
      },
      {
        name: "Gemenskapslistan, distrikt Uppsala (demo)",
        regionName: "Region Uppsala",
      },
      {
        name: "Gemenskapslistan, distrikt Västerbotten (demo)",
        regionName: "Region Västerbotten",
      },
    ],
  },
  {
    country: "no",
    name: "Fellesskapspartiet (demo)",
    districts: [
      {
        name: "Fellesskapspartiet, Oslo fylkeslag (demo)",
        regionName: "Oslo",
      },
      {
        name: "Fellesskapspartiet, Vestland fylkeslag (demo)",
        regionName: "Vestland",
      },
      {
        name: "Fellesskapspartiet, Trøndelag fylkeslag (demo)",
        regionName: "Trøndelag",
      },
    ],
  },
  {
    country: "no",
    name: "Kystlista (demo)",
    districts: [
      {
        name: "Kystlista, Møre og Romsdal fylkeslag (demo)",
        regionName: "Møre og Romsdal",
      },
      {
        name: "Kystlista, Nordland fylkeslag (demo)",
        regionName: "Nordland",
      },
      {
        name: "Kystlista, Troms fylkeslag (demo)",
        regionName: "Troms",
      },
      {
        name: "Kystlista, Finnmark fylkeslag (demo)",
        regionName: "Finnmark",
      },
    ],
  },
];
