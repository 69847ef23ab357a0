import type { TemplateTexts } from "@db/schema";

/**
 * The national reply templates a new installation starts with: short, calm, with no blame and no
 * pressure. The police template in each language gives that language's country's numbers
 * (content/*: 112 / 114 in Denmark, 112 / 114 14 in Sweden, 112 / 02800 in Norway).
 */
export const seedReplyTemplates: ReadonlyArray<{ name: TemplateTexts; body: TemplateTexts }> = [
  {
    name: { da: "Vi har modtaget din rapport", sv: "Vi har tagit emot din rapport", nb: "Vi har mottatt rapporten din" },
    body: {
      da: "Tak, fordi du fortalte os om det. Vi har læst din rapport, og jeg følger din sag. Du har ikke gjort noget forkert ved at sige det. Skriv her, hvis der sker mere, eller hvis du har brug for noget.",
      sv: "Tack för att du berättade det för oss. Vi har läst din rapport, och jag följer ditt ärende. Du har inte gjort något fel genom att säga till. Skriv här om något mer händer eller om du behöver något.",
      nb: "Takk for at du fortalte oss om dette. Vi har lest rapporten din, og jeg følger saken din. Du har ikke gjort noe galt ved å si ifra. Skriv her hvis noe mer skjer, eller hvis du trenger noe.",
    },
  },
  {
    name: { da: "Hvornår kan vi ringe?", sv: "När kan vi ringa?", nb: "Når kan vi ringe?" },
    body: {
      da: "Jeg vil gerne tale med dig i telefonen, hvis du har lyst. Skriv et tidspunkt, hvor det er trygt for dig at tale, og hvilket nummer jeg skal ringe til. Det er helt i orden at sige nej.",
      sv: "Jag vill gärna prata med dig i telefon om du vill. Skriv en tid när det känns tryggt för dig att prata, och vilket nummer jag ska ringa. Det går helt bra att säga nej.",
      nb: "Jeg vil gjerne snakke med deg på telefon hvis du ønsker det. Skriv et tidspunkt da det er trygt for deg å snakke, og hvilket nummer jeg skal ringe. Det er helt i orden å si nei.",
    },
  },
  {
    name: { da: "Er du i fare: ring til politiet", sv: "Är du i fara: ring polisen", nb: "Er du i fare: ring politiet" },
    body: {
      da: "Hvis du er i fare nu, så ring 112. Hvis det ikke haster, kan du ringe til politiet på 114. Fortæl, at du er kandidat, og nævn gerne referencen på din rapport. Vi er her stadig, og du kan skrive til os bagefter.",
      sv: "Om du är i fara nu, ring 112. Om det inte är akut kan du ringa polisen på 114 14. Berätta att du är kandidat, och nämn gärna referensen till din rapport. Vi finns kvar här, och du kan skriva till oss efteråt.",
      nb: "Hvis du er i fare nå, ring 112. Hvis det ikke haster, kan du ringe politiet på 02800. Fortell at du er kandidat, og nevn gjerne referansen til rapporten din. Vi er her fortsatt, og du kan skrive til oss etterpå.",
    },
  },
];
