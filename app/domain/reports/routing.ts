import type { RoutingReason, UnitKind } from "@db/schema";

export interface RoutingUnit {
  id: string;
  kind: UnitKind;
  country: string;
  parentId: string | null;
  areaUnitId: string | null;
  /** An active staff member is the unit's primary officer. */
  hasActivePrimary: boolean;
}

export interface RoutingRequest {
  country: string;
  /** A party unit, or null for "independent / none". */
  partyId: string | null;
  /** A municipality or region the report concerns, or null. */
  placeId: string | null;
}

export interface RoutingDecision {
  unitId: string;
  reason: RoutingReason;
}

/**
 * Picks exactly one unit: the most specific one with an active primary officer (docs/design.md).
 * With a party: the party's district for the area, else the party. Without: the municipality,
 * else its region. Nothing found: the country's national queue. Pure: the caller loads units.
 */
export function routeReport(request: RoutingRequest, units: RoutingUnit[]): RoutingDecision {
  const inCountry = units.filter((unit) => unit.country === request.country);
  const byId = new Map(inCountry.map((unit) => [unit.id, unit]));
  const national = inCountry.find((unit) => unit.kind === "national");
  if (!national) throw new Error(`No national queue for country ${request.country}`);

  const place = request.placeId ? byId.get(request.placeId) : undefined;
  const municipality = place?.kind === "municipality" ? place : undefined;
  const region = place?.kind === "region" ? place : municipality?.parentId ? byId.get(municipality.parentId) : undefined;

  const party = request.partyId ? byId.get(request.partyId) : undefined;
  if (party?.kind === "party") {
    const district = region
      ? inCountry.find((unit) => unit.kind === "party-district" && unit.parentId === party.id && unit.areaUnitId === region.id && unit.hasActivePrimary)
      : undefined;
    if (district) return { unitId: district.id, reason: "party-district" };
    if (party.hasActivePrimary) return { unitId: party.id, reason: "party" };
    return { unitId: national.id, reason: "national" };
  }
  if (municipality?.hasActivePrimary) return { unitId: municipality.id, reason: "municipality" };
  if (region?.hasActivePrimary) return { unitId: region.id, reason: "region" };
  return { unitId: national.id, reason: "national" };
}
