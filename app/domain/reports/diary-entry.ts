import { z } from "zod";
import { evidenceItemSchema, type EvidenceItemInput } from "./evidence-items";

/**
 * What a diary entry can be: any evidence item (an online post, a message received, an event in
 * person), or a plain note of what happened. Pure: the diary page checks its form with it.
 */

const clean = (value: string) => value.replace(/(?![\t\n\r])\p{Cc}/gu, "").trim();

export const noteSchema = z.object({
  kind: z.literal("note"),
  date: z.preprocess((value) => (typeof value === "string" && value.trim() ? value.trim() : null), z.iso.date("evidence.errors.date").nullable()),
  time: z.preprocess((value) => (typeof value === "string" && value.trim() ? value.trim() : null), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "evidence.errors.time").nullable()),
  text: z.preprocess((value) => (typeof value === "string" ? clean(value) : ""), z.string().min(3, "diary.errors.noteEmpty").max(5000, "evidence.errors.tooLong")),
});
export type DiaryNote = z.output<typeof noteSchema>;

export type DiaryEntryInput = DiaryNote | EvidenceItemInput;

export const diaryEntryKinds = ["note", "online_post", "message", "in_person"] as const;
export type DiaryEntryKind = (typeof diaryEntryKinds)[number];

export function isEvidenceItem(entry: DiaryEntryInput): entry is EvidenceItemInput {
  return entry.kind !== "note";
}

/** The date an entry is about, for ordering (the day it happened if given, else when it was added). */
export function entryDay(entry: { addedAt: string; input: DiaryEntryInput }): string {
  return entry.input.date ?? entry.addedAt.slice(0, 10);
}

export { evidenceItemSchema };
