import { z } from "zod";

/** The coverage page's filters, from its query string (shared by the page and its CSV). */
export const coverageFilterSchema = z.object({
  country: z.enum(["dk", "se", "no"]).optional().catch(undefined),
  status: z.enum(["no-primary", "unverified", "verified"]).optional().catch(undefined),
});

export function coverageFilterFrom(url: URL) {
  return coverageFilterSchema.parse({
    country: url.searchParams.get("country") || undefined,
    status: url.searchParams.get("status") || undefined,
  });
}
