import { describe, expect, it } from "vitest";
import { redactPath, requestLogLine } from "~/server/request-log.server";

describe("request log paths", () => {
  it("replace link tokens on every token route", () => {
    expect(redactPath("/da/staff/invite/Qm9vLWJhci1iYXo")).toBe("/da/staff/invite/[token]");
    expect(redactPath("/sv/staff/password-reset/abc")).toBe("/sv/staff/password-reset/[token]");
    expect(redactPath("/nb/staff/verify-email/x1y2z3")).toBe("/nb/staff/verify-email/[token]");
    expect(redactPath("/da/events/manage/T0k3n-value/calendar.ics")).toBe("/da/events/manage/[token]/calendar.ics");
  });
  it("drop query strings and replace anything else that looks like a secret, keeping ids and slugs", () => {
    expect(redactPath("/da/search?q=my+name")).toBe("/da/search");
    expect(redactPath("/da/staff/reports/5f0c2d8e-9b1a-4c3d-8e2f-1a2b3c4d5e6f")).toBe("/da/staff/reports/5f0c2d8e-9b1a-4c3d-8e2f-1a2b3c4d5e6f");
    expect(redactPath("/da/guidance/election-day-contingencies")).toBe("/da/guidance/election-day-contingencies");
    expect(redactPath("/unknown/aGVsbG8gd29ybGQgMTIzNDU2Nzg5")).toBe("/unknown/[redacted]");
  });
  it("write one JSON line with the redacted path", () => {
    const line = requestLogLine({ method: "GET", path: "/da/staff/invite/secret123?x=1", status: 200, ms: 3 });
    expect(JSON.parse(line)).toEqual({ method: "GET", path: "/da/staff/invite/[token]", status: 200, ms: 3 });
    expect(line).not.toContain("\n");
  });
});
