import { describe, expect, it } from "vitest";
import { reportSchema } from "~/domain/reports/report-form";

// Without JavaScript every contact field and the police case number are on the page: what was
// typed into a field the reporter's choice does not use is ignored, never an error.
describe("the report form's schema and the answers that depend on another", () => {
  const valid = {
    idempotencyKey: crypto.randomUUID(),
    role: "candidate",
    country: "dk",
    party: "none",
    level: "2",
    when: new Date().toISOString().slice(0, 10),
    description: "Threatening text messages every night this week.",
    policeTold: "no",
    contactMethod: "anonymous",
    consent: "on",
  };
  const errorsOf = (input: Record<string, string>) => {
    const result = reportSchema.safeParse(input);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
  };

  it("ignores a bad e-mail address or phone number given for a method not chosen", () => {
    expect(errorsOf({ ...valid, contactMethod: "anonymous", contactEmail: "not an address", contactPhone: "call me maybe" })).toEqual({});
    expect(errorsOf({ ...valid, contactMethod: "phone", contactEmail: "not an address", contactPhone: "+45 12 34 56 78" })).toEqual({});
    expect(errorsOf({ ...valid, contactMethod: "email", contactEmail: "me@example.dk", contactPhone: "call me maybe" })).toEqual({});
  });

  it("checks the chosen method's field: required, well-formed, not too long", () => {
    expect(errorsOf({ ...valid, contactMethod: "email" })).toEqual({ contactEmail: "errors.required" });
    expect(errorsOf({ ...valid, contactMethod: "email", contactEmail: "not an address" })).toEqual({ contactEmail: "errors.email" });
    expect(errorsOf({ ...valid, contactMethod: "email", contactEmail: `${"x".repeat(250)}@example.dk` })).toEqual({ contactEmail: "errors.tooLong" });
    expect(errorsOf({ ...valid, contactMethod: "phone", contactEmail: "me@example.dk" })).toEqual({ contactPhone: "errors.required" });
    expect(errorsOf({ ...valid, contactMethod: "phone", contactPhone: "call me maybe" })).toEqual({ contactPhone: "errors.phone" });
  });

  it("checks the police case number only when the police were told", () => {
    expect(errorsOf({ ...valid, policeTold: "no", policeCaseNumber: "9".repeat(61) })).toEqual({});
    expect(errorsOf({ ...valid, policeTold: "yes", policeCaseNumber: "9".repeat(61) })).toEqual({ policeCaseNumber: "errors.tooLong" });
    expect(errorsOf({ ...valid, policeTold: "yes", policeCaseNumber: "4400-12345-00001-26" })).toEqual({});
  });

  it("drops control characters from the texts but keeps their tabs and newlines", () => {
    const result = reportSchema.safeParse({ ...valid, description: "Line one\u0000\u0007\u001b\u007f\u0085\n\tline two, indented.\r\n", where: "\u0000Town hall\u009f" });
    expect(result.success && result.data.description).toBe("Line one\n\tline two, indented.");
    expect(result.success && result.data.where).toBe("Town hall");
    expect(errorsOf({ ...valid, where: "\u0000\u0001" })).toEqual({});
  });

  it("still reports a bad chosen contact field beside other errors, so a reporter sees them all at once", () => {
    expect(errorsOf({ ...valid, description: "short", contactMethod: "email", contactEmail: "not an address" })).toEqual({ description: "errors.describeMore", contactEmail: "errors.email" });
  });
});
