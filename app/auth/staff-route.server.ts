import { parseWithZod } from "@conform-to/zod/v4";
import type { Submission } from "@conform-to/react";
import type { AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import type { TFunction } from "i18next";
import type { $ZodType, input, output } from "zod/v4/core";
import type { Database } from "@db/client.server";
import type { Session, StaffRole, User } from "@db/schema";
import { getDb } from "~/db.server";
import { invalidInput } from "~/domain/form-errors";
import type { Locale, Namespace } from "~/i18n/locales";
import { localeAndT } from "~/i18n/route.server";
import { clientIp } from "./forms.server";
import { requireStaff } from "./guards.server";

/**
 * The preamble every staff loader and action shares, in one place (after the Epic Stack's
 * `requireUserId` and saas-starter's `validatedActionWithUser`): the `$lang` locale and its
 * translator, a fully signed-in staff session (login redirect, 403 for a missing role), the
 * database and the client's address. A form is parsed by conform, so the page gets every
 * field's error, typed from the schema.
 */

/** What a staff loader or action is called with (Remix's LoaderFunctionArgs and ActionFunctionArgs both fit). */
export interface StaffRouteArgs {
  params: Params;
  request: Request;
  context: AppLoadContext;
}

export interface StaffRouteOptions {
  /** The translation namespace of `t` (the page's own). Default "staff". */
  namespace?: Namespace;
  /** One of these roles is needed; without it the answer is 403. Any signed-in staff member when absent. */
  roles?: StaffRole[];
}

export interface StaffRouteContext {
  locale: Locale;
  t: TFunction;
  user: User;
  session: Session;
  /** The account's private key, unwrapped from the session (null for an account without keys). */
  privateKey: Buffer | null;
  db: Database;
  ip: string | null;
}

/** conform's submission of a schema: what the form sent, every field's errors, or the typed value. */
export type StaffSubmission<Schema extends $ZodType> = Submission<input<Schema>, string[], output<Schema>>;

export interface ParseOptions {
  /**
   * conform's coercion of form values ("" → undefined, "12" → 12 for a number schema). On by default;
   * off, the schema sees the strings as sent (a schema that tells "" from a missing field).
   */
  coerce?: boolean;
}

export interface StaffActionContext extends StaffRouteContext {
  formData: FormData;
  /** Parses the form with a schema (zod's async refinements allowed): the full conform submission. */
  parse<Schema extends $ZodType>(schema: Schema, options?: ParseOptions): Promise<StaffSubmission<Schema>>;
}

/** A schema, or one built with the route's context in hand (to check against the database in a refinement). */
export type SchemaSource<Schema extends $ZodType> = Schema | ((context: StaffRouteContext) => Schema | Promise<Schema>);

/** A staff loader's (or a form-less action's) preamble. */
export async function staffRoute(args: StaffRouteArgs, options: StaffRouteOptions = {}): Promise<StaffRouteContext> {
  const { locale, t } = localeAndT(args.params, options.namespace ?? "staff");
  const { user, session, privateKey } = await requireStaff(args.request, locale, options.roles);
  return { locale, t, user, session, privateKey, db: await getDb(), ip: clientIp(args.context) };
}

/** Parses form data as the staff forms do: conform, with "errors.invalid" for issues without a message. */
export function parseStaffForm<Schema extends $ZodType>(formData: FormData, schema: Schema, options: ParseOptions = {}): Promise<StaffSubmission<Schema>> {
  return parseWithZod(formData, { schema, async: true, error: invalidInput, disableAutoCoercion: options.coerce === false });
}

/**
 * A staff action with a form in more than one shape (one schema per intent): the preamble, the form
 * data and `parse` for the schema the intent calls for. The session is checked before the body is read.
 */
export async function staffAction(args: StaffRouteArgs, options: StaffRouteOptions = {}): Promise<StaffActionContext> {
  const context = await staffRoute(args, options);
  const formData = await args.request.formData();
  return { ...context, formData, parse: (schema, parseOptions) => parseStaffForm(formData, schema, parseOptions) };
}

/**
 * A staff action with one form: the preamble and conform's submission of the schema (or of the
 * schema built from the context, for refinements that ask the database).
 */
export async function staffForm<Schema extends $ZodType>(
  args: StaffRouteArgs,
  schema: SchemaSource<Schema>,
  options: StaffRouteOptions & ParseOptions = {},
): Promise<StaffActionContext & { submission: StaffSubmission<Schema> }> {
  const context = await staffAction(args, options);
  const resolved = typeof schema === "function" ? await schema(context) : schema;
  return { ...context, submission: await context.parse(resolved, options) };
}

/**
 * The first field error of a submission's result, and its field: for pages that show one message
 * above the form (beside the full result, which they also get). The field is "" for a form error.
 */
export function firstError(result: { error?: Record<string, string[] | null> | null }): { field: string; message: string } | null {
  for (const [name, messages] of Object.entries(result.error ?? {})) {
    const message = messages?.[0];
    if (message) return { field: name.split(".").at(-1)?.replace(/\[\d+\]$/, "") ?? "", message };
  }
  return null;
}
