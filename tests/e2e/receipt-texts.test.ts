// The receipt says what fits the case it is shown for: numbers of the incident's country (not of
// the page's language), no promise of contact to an anonymous reporter, no "report it to the
// police" to someone who already has, and "you are in danger" only when the reporter said so.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, type HttpClient } from "./support/http-client";
import { reportChoices, validReport } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";

const report = Object.fromEntries(["da", "sv", "nb"].map((locale) => [locale, JSON.parse(fs.readFileSync(`locales/${locale}/report.json`, "utf8"))]));

/** The text of the first element carrying `attribute`, tags stripped. */
function textOf(html: string, attribute: string): string | undefined {
  const match = new RegExp(`<[a-z]+[^>]*${attribute}[^>]*>([\\s\\S]*?)</(?:li|div)>`).exec(html);
  return match?.[1]?.replace(/<[^>]+>/g, "").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ").trim();
}

describe("what the receipt tells the reporter", () => {
  let server: RunningServer;
  let client: HttpClient;
  let choices: { party: string; place: string };
  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000" });
    client = httpClient(server.url);
    choices = await reportChoices(client);
  });
  afterAll(async () => server?.stop());

  async function receipt(locale: string, overrides: Record<string, string>) {
    const answer = await client.post(`/${locale}/report?index`, validReport(choices, overrides), { multipart: true });
    expect(answer.status).toBe(200);
    expect(answer.html).toContain("data-receipt-code");
    return answer.html;
  }

  it("a Danish incident read in Swedish gives the Danish police number", async () => {
    const html = await receipt("sv", {});
    const police = textOf(html, "data-receipt-police")!;
    expect(police).toBe(report.sv.receipt.police.replace("{{number}}", "114"));
    expect(police).not.toContain("114 14");
  });

  it.each(["da", "sv", "nb"])("an anonymous reporter in %s is not promised contact; one who asked for it is", async (locale) => {
    expect(textOf(await receipt(locale, { contactMethod: "anonymous" }), "data-receipt-next")).toBe(report[locale].receipt.next1Anonymous);
    expect(textOf(await receipt(locale, { contactMethod: "email", contactEmail: "kandidat@example.dk" }), "data-receipt-next")).toBe(report[locale].receipt.next1);
  });

  it("someone who told the police is not told to report to the police", async () => {
    const html = await receipt("da", { policeTold: "yes", policeCaseNumber: "0100-12345-00001-26" });
    expect(textOf(html, "data-receipt-police")).toBe(report.da.receipt.policeKnown.replace("{{number}}", "114"));
  });

  it("level 5 without 'I am in danger' says 'if you are in danger'; with it, 'you are in danger'; level 2 says neither", async () => {
    const ifDanger = await receipt("nb", { level: "5" });
    expect(ifDanger).toContain('data-danger-now="if-danger"');
    expect(textOf(ifDanger, "data-danger-now")).toBe(`${report.nb.danger.ifInDanger} 112`);
    const inDanger = await receipt("nb", { level: "5", inDanger: "on" });
    expect(textOf(inDanger, "data-danger-now")).toBe(`${report.nb.danger.callNow} 112`);
    expect(await receipt("nb", { level: "2" })).not.toContain("data-danger-now");
  });
});
