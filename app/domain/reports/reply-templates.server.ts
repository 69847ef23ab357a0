import { and, asc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@db/client.server";
import { appMeta, replyTemplates, templateLocales, units, type Report, type ReplyTemplate, type TemplateLocale, type TemplateTexts, type User } from "@db/schema";
import { seedReplyTemplates } from "@db/seed/reply-templates-data";
import { recordAudit } from "~/domain/audit.server";

const SEEDED_KEY = "reply_templates_seeded";

/** Once per installation: the national templates it starts with (deleting them later does not bring them back). */
export async function ensureReplyTemplatesSeeded(db: Executor, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await tx.insert(appMeta).values({ key: SEEDED_KEY, value: now.toISOString(), updatedAt: now }).onConflictDoNothing().returning();
    if (!claimed.length) return 0;
    // A millisecond apart: listed in the order written here.
    const at = (index: number) => new Date(now.getTime() + index);
    await tx.insert(replyTemplates).values(seedReplyTemplates.map((template, index) => ({ unitId: null, name: { ...template.name }, body: { ...template.body }, createdAt: at(index), updatedAt: at(index) })));
    return seedReplyTemplates.length;
  });
}

/** The text of a template in a locale; a report in an unknown locale gets the Danish text. */
export function templateText(texts: TemplateTexts, locale: string): string {
  return (templateLocales as readonly string[]).includes(locale) ? texts[locale as TemplateLocale] : texts.da;
}

/** Who may manage which templates: administrators the national ones, officers those of the units they serve. */
export function mayManage(user: User, servedUnitIds: string[], unitId: string | null): boolean {
  if (unitId === null) return user.roles.includes("administrator");
  return user.roles.includes("officer") && servedUnitIds.includes(unitId);
}

function manageableCondition(user: User, servedUnitIds: string[]): SQL {
  const ofUnits = user.roles.includes("officer") && servedUnitIds.length ? inArray(replyTemplates.unitId, servedUnitIds) : sql`false`;
  return user.roles.includes("administrator") ? or(isNull(replyTemplates.unitId), ofUnits)! : ofUnits;
}

/** The templates this person manages, national first, then by unit and name. */
export async function listManageableTemplates(db: Executor, user: User, servedUnitIds: string[]) {
  return db
    .select({ template: replyTemplates, unitName: units.name })
    .from(replyTemplates)
    .leftJoin(units, eq(units.id, replyTemplates.unitId))
    .where(manageableCondition(user, servedUnitIds))
    .orderBy(sql`${replyTemplates.unitId} is not null`, asc(units.name), asc(replyTemplates.createdAt));
}

export async function findManageableTemplate(db: Executor, user: User, servedUnitIds: string[], id: string): Promise<ReplyTemplate | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const [row] = await db
    .select()
    .from(replyTemplates)
    .where(and(eq(replyTemplates.id, id), manageableCondition(user, servedUnitIds)));
  return row;
}

/**
 * The templates offered on one case: the national ones, and those of the officer's own units that
 * the report is routed or escalated to. The name in the page's language, the text in the report's.
 */
export async function templatesForCase(db: Executor, servedUnitIds: string[], report: Pick<Report, "visibleUnitIds" | "locale">, pageLocale: string) {
  const shared = servedUnitIds.filter((id) => report.visibleUnitIds.includes(id));
  const rows = await db
    .select()
    .from(replyTemplates)
    .where(shared.length ? or(isNull(replyTemplates.unitId), inArray(replyTemplates.unitId, shared)) : isNull(replyTemplates.unitId))
    .orderBy(sql`${replyTemplates.unitId} is not null`, asc(replyTemplates.createdAt));
  return rows.map((row) => ({ id: row.id, name: templateText(row.name, pageLocale), text: templateText(row.body, report.locale) }));
}

export interface TemplateInput {
  unitId: string | null;
  name: TemplateTexts;
  body: TemplateTexts;
}

interface Actor {
  user: User;
  servedUnitIds: string[];
  ip: string | null;
  now: Date;
}

const auditSubject = (unitId: string | null) => (unitId ? { subjectType: "unit", subjectId: unitId } : {});

export async function createTemplate(db: Executor, input: TemplateInput, actor: Actor): Promise<{ ok: true; id: string } | { ok: false }> {
  if (!mayManage(actor.user, actor.servedUnitIds, input.unitId)) return { ok: false };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(replyTemplates)
      .values({ unitId: input.unitId, name: input.name, body: input.body, createdBy: actor.user.id, createdAt: actor.now, updatedAt: actor.now })
      .returning({ id: replyTemplates.id });
    await recordAudit(tx, { actorUserId: actor.user.id, action: "reply-template.created", ...auditSubject(input.unitId), ip: actor.ip, details: { templateId: row!.id } });
    return { ok: true as const, id: row!.id };
  });
}

/** Changes the texts (not the unit) of a template this person manages. */
export async function updateTemplate(db: Executor, id: string, input: Omit<TemplateInput, "unitId">, actor: Actor): Promise<{ ok: boolean }> {
  return db.transaction(async (tx) => {
    const existing = await findManageableTemplate(tx, actor.user, actor.servedUnitIds, id);
    if (!existing || !mayManage(actor.user, actor.servedUnitIds, existing.unitId)) return { ok: false };
    await tx.update(replyTemplates).set({ name: input.name, body: input.body, updatedAt: actor.now }).where(eq(replyTemplates.id, id));
    await recordAudit(tx, { actorUserId: actor.user.id, action: "reply-template.updated", ...auditSubject(existing.unitId), ip: actor.ip, details: { templateId: id } });
    return { ok: true };
  });
}

export async function deleteTemplate(db: Executor, id: string, actor: Actor): Promise<{ ok: boolean }> {
  return db.transaction(async (tx) => {
    const existing = await findManageableTemplate(tx, actor.user, actor.servedUnitIds, id);
    if (!existing || !mayManage(actor.user, actor.servedUnitIds, existing.unitId)) return { ok: false };
    await tx.delete(replyTemplates).where(eq(replyTemplates.id, id));
    await recordAudit(tx, { actorUserId: actor.user.id, action: "reply-template.deleted", ...auditSubject(existing.unitId), ip: actor.ip, details: { templateId: id } });
    return { ok: true };
  });
}
