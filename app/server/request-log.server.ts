/**
 * What a request log line may say of a path: link tokens (invitations, password resets, e-mail
 * confirmations, event manage links) and anything else that looks like a secret are replaced,
 * so a copy of the logs hands out no link. Ids (UUIDs) and slugs stay.
 */
const TOKEN_ROUTES = /^(\/[a-z]{2}\/(?:staff\/(?:invite|password-reset|verify-email)|events\/manage))\/([^/]+)(.*)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET_LIKE = /^[A-Za-z0-9_~.%+=-]{20,}$/;

export function redactPath(path: string): string {
  const bare = path.split(/[?#]/)[0] ?? "";
  const routed = TOKEN_ROUTES.exec(bare);
  const withoutTokens = routed ? `${routed[1]}/[token]${routed[3]}` : bare;
  return withoutTokens
    .split("/")
    .map((segment) => (segment !== "[token]" && !UUID.test(segment) && SECRET_LIKE.test(segment) && /\d/.test(segment) ? "[redacted]" : segment))
    .join("/");
}

export interface RequestLogFields {
  method: string;
  path: string;
  status: number;
  ms: number;
  cached?: boolean;
}

/** What the request log says of a request: method, redacted path, status, milliseconds. Never queries, bodies or cookies. */
export function requestLogFields(fields: RequestLogFields): RequestLogFields {
  return { ...fields, path: redactPath(fields.path) };
}

/** The same as one JSON line. */
export function requestLogLine(fields: RequestLogFields): string {
  return JSON.stringify(requestLogFields(fields));
}
