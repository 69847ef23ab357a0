import { Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";
import type { Locale } from "~/i18n/locales";
import { slugPattern } from "./front-matter";

export interface TocEntry {
  id: string;
  text: string;
  depth: 2 | 3;
}

export interface RenderedMarkdown {
  /** Sanitized HTML, safe to insert as is. */
  html: string;
  toc: TocEntry[];
  /** Plain text of the body, for the search index. */
  text: string;
  /** Slugs of other articles this body links to. */
  articleLinks: string[];
  /** Problems a content author must fix: raw HTML, an H1. */
  problems: string[];
}

/** A heading's anchor: lower case letters and digits of any script, joined by hyphens. */
export function headingId(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFC")
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "") || "section"
  );
}

const allowedTags = ["h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre", "hr", "br", "table", "thead", "tbody", "tr", "th", "td"];

/**
 * Renders an article body: Markdown (GFM) to HTML with heading anchors and a table of contents,
 * links to other articles made absolute for the locale, then sanitized with an allow list.
 */
export function renderMarkdown(markdown: string, locale: Locale): RenderedMarkdown {
  const toc: TocEntry[] = [];
  const articleLinks: string[] = [];
  const problems: string[] = [];
  const usedIds = new Set<string>();

  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }: Tokens.Heading) {
        const inner = this.parser.parseInline(tokens);
        if (depth === 1) problems.push(`has an H1 ("${text}"): the title comes from the front matter`);
        let id = headingId(text);
        for (let n = 2; usedIds.has(id); n++) id = `${headingId(text)}-${n}`;
        usedIds.add(id);
        if (depth === 2 || depth === 3) toc.push({ id, text, depth });
        const level = Math.max(2, Math.min(depth, 4));
        return `<h${level} id="${id}">${inner}</h${level}>\n`;
      },
      html({ text }: Tokens.HTML | Tokens.Tag) {
        problems.push(`contains raw HTML (${text.trim().slice(0, 40)})`);
        return "";
      },
      link({ href, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        if (slugPattern.test(href)) {
          articleLinks.push(href);
          return `<a href="/${locale}/guidance/${href}">${inner}</a>`;
        }
        if (/^https:\/\//.test(href) || /^(mailto|tel):/.test(href)) {
          return `<a href="${href}" rel="noreferrer noopener">${inner}</a>`;
        }
        problems.push(`has a link that is neither an article slug nor https/mailto/tel: ${href}`);
        return inner;
      },
    },
  });

  const raw = marked.parse(markdown, { async: false });
  const html = sanitizeHtml(raw, {
    allowedTags,
    allowedAttributes: { a: ["href", "rel"], h2: ["id"], h3: ["id"], h4: ["id"], th: ["align"], td: ["align"] },
    allowedSchemes: ["https", "mailto", "tel"],
    allowProtocolRelative: false,
  });
  return { html, toc, text: htmlToText(html), articleLinks: [...new Set(articleLinks)], problems };
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/** The words of sanitized HTML, for the search index: inline tags vanish, block tags become spaces. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/?(?:a|strong|em|code|br)\b[^>]*>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_match, name: string) => entities[name]!)
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCodePoint(Number(code)))
    .replace(/\s+/g, " ")
    .trim();
}
