import { parseWithZod } from "@conform-to/zod/v4";
import { invalidInput } from "~/domain/form-errors";
import { data } from "@remix-run/node";
import type { z } from "zod";

/** Parses a form body with the same zod schema the browser uses. */
export async function parseForm<Schema extends z.ZodType>(request: Request, schema: Schema) {
  return parseWithZod(await request.formData(), { schema, error: invalidInput });
}

/** A 400 answer carrying conform's result: field errors and an error summary on the page. */
export function invalid(result: unknown, status = 400) {
  return data({ result }, { status });
}

export function clientIp(context: { clientIp?: string | null }): string | null {
  return context.clientIp ?? null;
}
