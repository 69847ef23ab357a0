import { diaryEntryKinds, noteSchema, type DiaryEntryInput, type DiaryEntryKind } from "./diary-entry";
import { fieldName, readEvidenceForm } from "./evidence-items";

/** The note form's field names (the item forms use the evidence fieldset's, `evidence[0].<field>`). */
export const noteFields = { date: "note.date", time: "note.time", text: "note.text" } as const;

/**
 * One diary entry from an add form: its kind, and either the entry or field errors keyed by the
 * form's names (messages are keys in the `report` namespace). Never throws.
 */
export function readDiaryEntryForm(formData: FormData): { kind: DiaryEntryKind | null; entry: DiaryEntryInput | null; errors: Record<string, string[]> } {
  const kindValue = formData.get("entryKind");
  const kind = diaryEntryKinds.find((candidate) => candidate === kindValue) ?? null;
  if (!kind) return { kind: null, entry: null, errors: { entryKind: ["diary.errors.kind"] } };
  if (kind === "note") {
    const parsed = noteSchema.safeParse({ kind: "note", date: formData.get(noteFields.date), time: formData.get(noteFields.time), text: formData.get(noteFields.text) });
    if (parsed.success) return { kind, entry: parsed.data, errors: {} };
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const name = noteFields[String(issue.path[0]) as keyof typeof noteFields] ?? noteFields.text;
      (errors[name] ??= []).push(issue.message.includes(".") ? issue.message : "evidence.errors.invalid");
    }
    return { kind, entry: null, errors };
  }
  // An item form holds one fieldset, of its own kind: anything else in the body is ignored.
  const only = new FormData();
  for (const [name, value] of formData.entries()) if (name.startsWith("evidence[0].") && typeof value === "string") only.append(name, value);
  only.set(fieldName(0, "kind"), kind);
  const read = readEvidenceForm(only);
  if (Object.keys(read.errors).length) return { kind, entry: null, errors: read.errors };
  const [item] = read.items;
  if (!item) return { kind, entry: null, errors: { [fieldName(0, kind === "online_post" ? "url" : kind === "message" ? "quote" : "description")]: ["diary.errors.entryEmpty"] } };
  return { kind, entry: item, errors: {} };
}
