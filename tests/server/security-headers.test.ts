import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isPrivatePath } from "~/server/security-headers.server";

describe("contentSecurityPolicy", () => {
  const policy = contentSecurityPolicy("abc123", { dev: false });
  const directives = Object.fromEntries(
    policy.split("; ").map((directive) => {
      const [name, ...values] = directive.split(" ");
      return [name, values.join(" ")];
    }),
  );

  it("allows scripts only from our origin and with this response's nonce", () => {
    expect(directives["script-src"]).toBe("'self' 'nonce-abc123'");
  });

  it("forbids framing, plugins, base changes and foreign form targets", () => {
    expect(directives["frame-ancestors"]).toBe("'none'");
    expect(directives["object-src"]).toBe("'none'");
    expect(directives["base-uri"]).toBe("'none'");
    expect(directives["form-action"]).toBe("'self'");
  });

  it("names no third-party origin and allows no inline styles in production", () => {
    expect(policy).not.toMatch(/https?:/);
    expect(directives["style-src"]).toBe("'self'");
    expect(directives["default-src"]).toBe("'self'");
  });
});

describe("isPrivatePath", () => {
  it("covers staff pages, the reporter's pages and an attendee's manage page in every language", () => {
    for (const path of ["/da/staff", "/sv/staff/reports/0b0c", "/nb/staff/login", "/da/report", "/sv/report/status", "/nb/events/manage/abc", "/da/staff/events/1/attendees.csv"]) {
      expect(isPrivatePath(path), path).toBe(true);
    }
  });

  it("leaves public guidance and event pages cacheable", () => {
    for (const path of ["/da", "/da/guidance/threat-ladder", "/sv/events", "/nb/events/123", "/da/reporting-guide", "/da/staffing", "/assets/app.js"]) {
      expect(isPrivatePath(path), path).toBe(false);
    }
  });
});
