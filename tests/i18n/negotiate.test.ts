import { describe, expect, it } from "vitest";
import { pickLocale } from "~/i18n/accept-language";
import { negotiateLocale } from "~/i18n/i18next.server";

const request = (acceptLanguage?: string) =>
  new Request("http://localhost/", { headers: acceptLanguage ? { "Accept-Language": acceptLanguage } : {} });

describe("negotiateLocale", () => {
  it.each([
    [undefined, "da"],
    ["en-US,en;q=0.9", "da"],
    ["sv-SE,sv;q=0.9,en;q=0.8", "sv"],
    ["nb-NO,nb;q=0.9", "nb"],
    ["no", "nb"],
    ["nn-NO", "nb"],
    ["en;q=0.9,da;q=0.8", "da"],
    ["de,sv;q=0.5", "sv"],
  ])("Accept-Language %s → %s", async (header, expected) => {
    expect(await negotiateLocale(request(header))).toBe(expected);
  });
});

describe("pickLocale", () => {
  it("follows q-values, not order", () => {
    expect(pickLocale("da;q=0.2,sv;q=0.9")).toBe("sv");
  });
  it("ignores languages refused with q=0 and malformed parts", () => {
    expect(pickLocale("sv;q=0,nb;q=0.4,;;,*")).toBe("nb");
  });
});
