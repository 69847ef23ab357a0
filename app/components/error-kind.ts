import { isRouteErrorResponse } from "@remix-run/react";

/** Which of the `errors.*` texts an error page shows: 404 and 403 have their own, the rest one. */
export function errorKind(error: unknown): "notFound" | "forbidden" | "generic" {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return status === 404 ? "notFound" : status === 403 ? "forbidden" : "generic";
}
