import { z } from "zod";

/** Topics in the order the guidance index shows them. */
export const guidanceTopics = [
  "preparation",
  "contacts",
  "events",
  "premises",
  "it-security",
  "online",
  "threats",
  "personal",
  "police",
  "election-day",
] as const;
export type GuidanceTopic = (typeof guidanceTopics)[number];

export const audiences = ["candidates", "officers", "election-officials"] as const;
export type Audience = (typeof audiences)[number];

export const countries = ["dk", "se", "no"] as const;
export type Country = (typeof countries)[number];

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What every article's front matter must say. */
export const frontMatterSchema = z
  .object({
    title: z.string().trim().min(3).max(120),
    summary: z.string().trim().min(20).max(240),
    topic: z.enum(guidanceTopics),
    order: z.number().int().min(1).max(99),
    audience: z.array(z.enum(audiences)).min(1),
    updated: z.union([z.date(), z.string()]).transform((value, context) => {
      const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) {
        context.addIssue({ code: "custom", message: "must be an ISO date (YYYY-MM-DD)" });
        return z.NEVER;
      }
      return text;
    }),
    countries: z.array(z.enum(countries)).min(1).optional(),
    related: z.array(z.string().regex(slugPattern)).max(5).default([]),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;
