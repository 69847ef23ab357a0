import { z } from "zod";
import { describePostAddress, normalisePostAddress, parsePostAddresses, type PostAddress, type PostListResult } from "./post-addresses";

/**
 * Evidence items of a report: an online post, a message received, an event in person. What the
 * reporter typed is checked here (pure, shared by the browser and the server); it is stored
 * sealed by app/domain/reports/evidence.server.ts.
 */

export const evidenceKinds = ["online_post", "message", "in_person"] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];
export const messageChannels = ["sms", "call", "email", "letter", "other"] as const;
export type MessageChannel = (typeof messageChannels)[number];
export const evidenceSources = ["form", "bulk"] as const;
export type EvidenceSource = (typeof evidenceSources)[number];

/** Items typed one by one in one submission (the hate-storm list is apart: up to 500 more). */
export const MAX_TYPED_ITEMS = 20;
/** Without JavaScript the form shows one item of each kind, at these positions. */
export const noScriptItemKinds: readonly EvidenceKind[] = evidenceKinds;

/** The sealed part of an item: all of it, nothing personal is kept in plain. */
export type EvidenceContents =
  | {
      kind: "online_post";
      url: string | null;
      platform: string | null;
      profileName: string | null;
      profileUrl: string | null;
      /** As the reporter saw it on the platform: a date and, if known, a time. */
      date: string | null;
      time: string | null;
      quote: string | null;
    }
  | { kind: "message"; channel: MessageChannel; sender: string | null; date: string | null; time: string | null; quote: string | null }
  | { kind: "in_person"; place: string | null; date: string | null; time: string | null; people: string | null; description: string | null };

// Control characters have no place in evidence; tabs and newlines stay in long texts.
const clean = (value: string) => value.replace(/(?![\t\n\r])\p{Cc}/gu, "").trim();
const line = (max: number) => z.preprocess((value) => (typeof value === "string" ? clean(value) || null : null), z.string().max(max, "evidence.errors.tooLong").nullable());
const date = z.preprocess((value) => (typeof value === "string" && value.trim() ? value.trim() : null), z.iso.date("evidence.errors.date").nullable());
const time = z.preprocess((value) => (typeof value === "string" && value.trim() ? value.trim() : null), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "evidence.errors.time").nullable());
const address = z.preprocess(
  (value) => (typeof value === "string" && value.trim() ? value.trim() : null),
  z
    .string()
    .max(2000, "evidence.errors.tooLong")
    .nullable()
    .transform((value, context) => {
      if (value === null) return null;
      const normalised = normalisePostAddress(value);
      if (!normalised) context.addIssue({ code: "custom", message: "evidence.errors.url" });
      return normalised;
    }),
);

export const onlinePostSchema = z
  .object({ kind: z.literal("online_post"), url: address, profileName: line(200), profileUrl: address, platform: line(60), date, time, quote: line(5000) })
  .superRefine((value, context) => {
    if (!value.url) context.addIssue({ code: "custom", path: ["url"], message: "evidence.errors.urlRequired" });
  });
export const messageSchema = z.object({
  kind: z.literal("message"),
  channel: z.enum(messageChannels, "evidence.errors.channel"),
  sender: line(300),
  date,
  time,
  quote: line(5000),
});
export const inPersonSchema = z
  .object({ kind: z.literal("in_person"), place: line(300), date, time, people: line(1000), description: line(5000) })
  .superRefine((value, context) => {
    if (!value.description && !value.place) context.addIssue({ code: "custom", path: ["description"], message: "evidence.errors.describe" });
  });
export const evidenceItemSchema = z.discriminatedUnion("kind", [onlinePostSchema, messageSchema, inPersonSchema]);
export type EvidenceItemInput = z.output<typeof evidenceItemSchema>;

/** The fields each kind's fieldset has (the form's names are `evidence[N].<field>`). */
export const itemFields: Record<EvidenceKind, readonly string[]> = {
  online_post: ["url", "profileName", "profileUrl", "platform", "date", "time", "quote"],
  message: ["channel", "sender", "date", "time", "quote"],
  in_person: ["place", "date", "time", "people", "description"],
};

export const fieldName = (index: number, field: string) => `evidence[${index}].${field}`;
export const POST_LIST_FIELD = "evidencePostList";
export const POST_LIST_SKIP_FIELD = "evidencePostListSkipBad";

/** The item as it is sealed: a post's platform and profile filled in from its address when not typed. */
export function itemContents(item: EvidenceItemInput): EvidenceContents {
  if (item.kind !== "online_post") return item;
  const described = item.url ? describePostAddress(item.url) : null;
  return {
    ...item,
    platform: item.platform ?? described?.platform ?? null,
    profileName: item.profileName ?? described?.profile ?? null,
    profileUrl: item.profileUrl ?? described?.profileUrl ?? null,
  };
}

/** A post from the hate-storm list, as an item. */
export function bulkPostContents(post: PostAddress): EvidenceContents {
  return { kind: "online_post", url: post.url, platform: post.platform, profileName: post.profile, profileUrl: post.profileUrl, date: null, time: null, quote: null };
}

export interface EvidenceFormResult {
  items: EvidenceItemInput[];
  /** The hate-storm list, read; null when the box was empty. */
  posts: PostAddress[] | null;
  /** Field errors by form name; the messages are keys in the `report` namespace. */
  errors: Record<string, string[]>;
  /** What the list held: counts to tell the reporter. */
  postSummary: { stored: number; duplicates: number; skippedLines: number[] } | null;
}

const PROBLEM_LINES_SHOWN = 30;

/**
 * Reads the evidence part of a form: the typed items (a fieldset left empty is no item) and the
 * pasted list. A list with lines that are not addresses is refused with their line numbers, unless
 * the reporter asked to skip them: in a storm they decide, and nothing they pasted is dropped
 * without their say. Never throws.
 */
export function readEvidenceForm(formData: FormData): EvidenceFormResult {
  const errors: Record<string, string[]> = {};
  const items: EvidenceItemInput[] = [];
  const indexes = new Set<number>();
  for (const key of formData.keys()) {
    const match = /^evidence\[(\d{1,3})\]\.kind$/.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  const ordered = [...indexes].sort((a, b) => a - b);
  let filled = 0;
  for (const index of ordered) {
    const kind = z.enum(evidenceKinds).safeParse(formData.get(fieldName(index, "kind")));
    if (!kind.success) {
      errors[fieldName(index, "kind")] = ["evidence.errors.kind"];
      continue;
    }
    const raw: Record<string, unknown> = { kind: kind.data };
    let empty = true;
    for (const field of itemFields[kind.data]) {
      const value = formData.get(fieldName(index, field));
      const text = typeof value === "string" ? value : "";
      raw[field] = text;
      // A channel chosen alone is not an item: the select always has a value.
      if (text.trim() && field !== "channel") empty = false;
    }
    if (empty) continue;
    if (++filled > MAX_TYPED_ITEMS) {
      errors[fieldName(index, "kind")] = ["evidence.errors.tooManyItems"];
      continue;
    }
    const parsed = evidenceItemSchema.safeParse(raw);
    if (parsed.success) items.push(parsed.data);
    else
      for (const issue of parsed.error.issues) {
        const name = fieldName(index, String(issue.path[0] ?? "kind"));
        (errors[name] ??= []).push(issue.message.startsWith("evidence.") ? issue.message : "evidence.errors.invalid");
      }
  }
  const { posts, postSummary } = readPostList(formData, errors);
  return { items, posts, errors, postSummary };
}

function readPostList(formData: FormData, errors: Record<string, string[]>): Pick<EvidenceFormResult, "posts" | "postSummary"> {
  const value = formData.get(POST_LIST_FIELD);
  const text = typeof value === "string" ? value : "";
  if (!text.trim()) return { posts: null, postSummary: null };
  const result: PostListResult = parsePostAddresses(text);
  if (!result.ok) {
    errors[POST_LIST_FIELD] = [result.reason === "tooMany" ? "evidence.errors.tooManyPosts" : "evidence.errors.listTooLarge"];
    return { posts: null, postSummary: null };
  }
  const skippedLines = result.problems.map((problem) => problem.line);
  if (skippedLines.length && formData.get(POST_LIST_SKIP_FIELD) !== "on") {
    errors[POST_LIST_FIELD] = [`evidence.errors.badLines|${skippedLines.slice(0, PROBLEM_LINES_SHOWN).join(", ")}${skippedLines.length > PROBLEM_LINES_SHOWN ? " …" : ""}|${skippedLines.length}`];
    return { posts: null, postSummary: null };
  }
  if (result.posts.length === 0) {
    errors[POST_LIST_FIELD] = ["evidence.errors.noAddresses"];
    return { posts: null, postSummary: null };
  }
  return { posts: result.posts, postSummary: { stored: result.posts.length, duplicates: result.duplicates, skippedLines } };
}

/** An error message key with its values (`key|lines|count`), as the form shows it. */
export function errorMessage(error: string): { key: string; values: Record<string, string> } {
  const [key, lines, count] = error.split("|");
  return { key: key!, values: { lines: lines ?? "", count: count ?? "" } };
}
