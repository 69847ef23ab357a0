import { describe, expect, it } from "vitest";
import { routeReport, type RoutingUnit } from "~/domain/reports/routing";

const unit = (id: string, kind: RoutingUnit["kind"], extra: Partial<RoutingUnit> = {}): RoutingUnit => ({
  id,
  kind,
  country: "dk",
  parentId: null,
  areaUnitId: null,
  hasActivePrimary: true,
  ...extra,
});

// Denmark: one region with two municipalities; a party with a district covering that region.
const base: RoutingUnit[] = [
  unit("national", "national"),
  unit("region-h", "region"),
  unit("region-n", "region"),
  unit("copenhagen", "municipality", { parentId: "region-h" }),
  unit("dragoer", "municipality", { parentId: "region-h", hasActivePrimary: false }),
  unit("aalborg", "municipality", { parentId: "region-n", hasActivePrimary: false }),
  unit("party", "party"),
  unit("district-h", "party-district", { parentId: "party", areaUnitId: "region-h" }),
  unit("se-national", "national", { country: "se" }),
];
const without = (ids: string[], changes: Record<string, Partial<RoutingUnit>> = {}) =>
  base.map((entry) => (ids.includes(entry.id) ? { ...entry, hasActivePrimary: false } : { ...entry, ...changes[entry.id] }));

describe("routeReport", () => {
  it("party and a municipality in the district's region → the district", () => {
    expect(routeReport({ country: "dk", partyId: "party", placeId: "copenhagen" }, base)).toEqual({ unitId: "district-h", reason: "party-district" });
  });
  it("party and a region → the district covering that region", () => {
    expect(routeReport({ country: "dk", partyId: "party", placeId: "region-h" }, base)).toEqual({ unitId: "district-h", reason: "party-district" });
  });
  it("party, but the district has no active primary → the party", () => {
    expect(routeReport({ country: "dk", partyId: "party", placeId: "copenhagen" }, without(["district-h"]))).toEqual({ unitId: "party", reason: "party" });
  });
  it("party, and no district covers the area → the party", () => {
    expect(routeReport({ country: "dk", partyId: "party", placeId: "aalborg" }, base)).toEqual({ unitId: "party", reason: "party" });
  });
  it("party without a place → the party", () => {
    expect(routeReport({ country: "dk", partyId: "party", placeId: null }, base)).toEqual({ unitId: "party", reason: "party" });
  });
  it("party with neither district nor party officer → the national queue", () => {
    expect(routeReport({ country: "dk", partyId: "party", placeId: "copenhagen" }, without(["district-h", "party"]))).toEqual({ unitId: "national", reason: "national" });
  });
  it("no party, a municipality with a primary → the municipality", () => {
    expect(routeReport({ country: "dk", partyId: null, placeId: "copenhagen" }, base)).toEqual({ unitId: "copenhagen", reason: "municipality" });
  });
  it("no party, a municipality without one → its region", () => {
    expect(routeReport({ country: "dk", partyId: null, placeId: "dragoer" }, base)).toEqual({ unitId: "region-h", reason: "region" });
  });
  it("no party, a region → the region", () => {
    expect(routeReport({ country: "dk", partyId: null, placeId: "region-h" }, base)).toEqual({ unitId: "region-h", reason: "region" });
  });
  it("no party, neither municipality nor region has a primary → the national queue", () => {
    expect(routeReport({ country: "dk", partyId: null, placeId: "aalborg" }, without(["region-n"]))).toEqual({ unitId: "national", reason: "national" });
  });
  it("nothing given → the national queue of that country", () => {
    expect(routeReport({ country: "dk", partyId: null, placeId: null }, base)).toEqual({ unitId: "national", reason: "national" });
    expect(routeReport({ country: "se", partyId: null, placeId: null }, base)).toEqual({ unitId: "se-national", reason: "national" });
  });
  it("ignores a party or place from another country", () => {
    expect(routeReport({ country: "se", partyId: "party", placeId: "copenhagen" }, base)).toEqual({ unitId: "se-national", reason: "national" });
  });
  it("fails loudly when a country has no national queue", () => {
    expect(() => routeReport({ country: "no", partyId: null, placeId: null }, base)).toThrow(/national queue/);
  });
});
