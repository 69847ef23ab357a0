import { describe, expect, it } from "vitest";
import { headingId, htmlToText, renderMarkdown } from "~/domain/guidance/markdown.server";

describe("renderMarkdown", () => {
  const source = [
    "Intro with **bold**.",
    "",
    "## Før valgkampen",
    "",
    "- Read [the ladder](threat-ladder) and [SKR](https://skr.se/).",
    "- Call [112](tel:112).",
    "",
    "### Details & more",
    "",
    "## Før valgkampen",
    "",
    "Text.",
  ].join("\n");
  const rendered = renderMarkdown(source, "da");

  it("makes anchors and a table of contents from ## and ### headings, unique ids", () => {
    expect(rendered.toc).toEqual([
      { id: "før-valgkampen", text: "Før valgkampen", depth: 2 },
      { id: "details-more", text: "Details & more", depth: 3 },
      { id: "før-valgkampen-2", text: "Før valgkampen", depth: 2 },
    ]);
    expect(rendered.html).toContain('<h2 id="før-valgkampen">');
  });

  it("points article links to the locale's guidance and marks external links", () => {
    expect(rendered.html).toContain('<a href="/da/guidance/threat-ladder">the ladder</a>');
    expect(rendered.html).toContain('<a href="https://skr.se/" rel="noreferrer noopener">SKR</a>');
    expect(rendered.html).toContain('<a href="tel:112" rel="noreferrer noopener">112</a>');
    expect(rendered.articleLinks).toEqual(["threat-ladder"]);
    expect(rendered.problems).toEqual([]);
  });

  it("gives plain text without markup, once", () => {
    expect(rendered.text).toBe(
      "Intro with bold. Før valgkampen Read the ladder and SKR. Call 112. Details & more Før valgkampen Text.",
    );
  });

  it("drops raw HTML and dangerous links, and reports them", () => {
    const hostile = renderMarkdown('<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) <b onclick="x">b</b>', "sv");
    expect(hostile.html).not.toMatch(/<img|onerror|javascript:|onclick/);
    expect(hostile.problems.length).toBeGreaterThanOrEqual(2);
  });
});

describe("helpers", () => {
  it("headingId keeps letters of any script", () => {
    expect(headingId("Hvem skal du kontakte?")).toBe("hvem-skal-du-kontakte");
    expect(headingId("Säkerhet & IT")).toBe("säkerhet-it");
  });
  it("htmlToText decodes entities", () => {
    expect(htmlToText("<p>a &amp; b &lt;c&gt; &#8211;</p>")).toBe("a & b <c> –");
  });
});
