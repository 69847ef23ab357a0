import { expect } from "vitest";
import { currentCode } from "./staff";

/** Form fields in order; a name may repeat (checkbox groups, or an attacker's duplicated field). */
export type Fields = Array<[string, string]>;
export interface Upload {
  name: string;
  type: string;
  bytes: Uint8Array;
  field?: string;
}

export interface PostOptions {
  cookie?: string;
  headers?: Record<string, string>;
  /** Send multipart/form-data instead of a urlencoded body. */
  multipart?: boolean;
  files?: Upload[];
  /** A raw urlencoded body, for bytes URLSearchParams would not produce (bad UTF-8). */
  rawBody?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  html: string;
  location: string | null;
  setCookie: string;
}

/** A plain-HTTP client for one server, as a script (or an attacker) would use it. */
export function httpClient(baseUrl: string) {
  async function answer(response: Response): Promise<Answer> {
    return {
      status: response.status,
      headers: response.headers,
      html: await response.text(),
      location: response.headers.get("location"),
      setCookie: response.headers.get("set-cookie") ?? "",
    };
  }

  async function get(path: string, options: { cookie?: string; headers?: Record<string, string> } = {}) {
    const response = await fetch(`${baseUrl}${path}`, {
      redirect: "manual",
      headers: { ...(options.cookie ? { Cookie: options.cookie } : {}), ...options.headers },
    });
    return answer(response);
  }

  async function post(path: string, fields: Fields | Record<string, string>, options: PostOptions = {}) {
    const list = Array.isArray(fields) ? fields : Object.entries(fields);
    let body: BodyInit;
    const headers: Record<string, string> = { Origin: baseUrl, ...(options.cookie ? { Cookie: options.cookie } : {}) };
    if (options.multipart || options.files?.length) {
      const form = new FormData();
      for (const [name, value] of list) form.append(name, value);
      for (const file of options.files ?? []) form.append(file.field ?? "attachments", new Blob([Buffer.from(file.bytes)], { type: file.type }), file.name);
      body = form;
    } else {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = options.rawBody ?? new URLSearchParams(list).toString();
    }
    const response = await fetch(`${baseUrl}${path}`, { method: "POST", redirect: "manual", headers: { ...headers, ...options.headers }, body });
    return answer(response);
  }

  /** Rows per table, from the demo-only /dev/row-counts. */
  async function rowCounts(): Promise<Record<string, number>> {
    const response = await fetch(`${baseUrl}/dev/row-counts`);
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, number>;
  }

  /** A verified staff session cookie ("trygg_session=…"), through the login and two-factor forms. */
  async function logIn(login: { email: string; password: string; totpSecret: string }, ip = "10.9.9.9"): Promise<string> {
    const headers = { "X-Forwarded-For": ip };
    const first = await post("/da/staff/login", { email: login.email, password: login.password }, { headers });
    expect(first.status, `login of ${login.email}`).toBe(302);
    const pending = first.setCookie.split(";")[0]!;
    // A code is single-use: when another session of this file used the current one, try the next step.
    for (const offset of [0, 1, -1]) {
      const verified = await post("/da/staff/two-factor", { code: currentCode(login.totpSecret, offset) }, { cookie: pending, headers });
      if (verified.status === 302) return verified.setCookie.split(";")[0]!;
    }
    throw new Error(`Two-factor step failed for ${login.email}`);
  }

  /** The links in the newest outbox mail to `to` (demo outbox), optionally of one template. */
  async function mailLinks(to: string, template?: string): Promise<string[]> {
    const list = (await get("/dev/outbox")).html;
    const rows = [...list.matchAll(/<tr data-mail-to="([^"]*)" data-mail-template="([^"]*)">[\s\S]*?href="(\/dev\/outbox\/[0-9a-f-]{36})"/g)];
    const row = rows.find((match) => match[1] === to && (!template || match[2] === template));
    if (!row) throw new Error(`No mail to ${to}${template ? ` (${template})` : ""} in the outbox`);
    const mail = (await get(row[3]!)).html;
    return [...mail.matchAll(/<li><a href="([^"]+)">/g)].map((match) => match[1]!.replaceAll("&amp;", "&"));
  }

  return { baseUrl, get, post, rowCounts, logIn, mailLinks };
}

export type HttpClient = ReturnType<typeof httpClient>;

/** Tables whose rows change on refused input by design: failure counters and the audit trail of failures. */
export const BOOKKEEPING_TABLES = ["throttles", "audit_log"];

/** The tables whose row count differs between two snapshots, except those in `ignore`. */
export function changedTables(before: Record<string, number>, after: Record<string, number>, ignore: string[] = BOOKKEEPING_TABLES) {
  return Object.keys({ ...before, ...after })
    .filter((table) => !ignore.includes(table) && before[table] !== after[table])
    .map((table) => `${table}: ${before[table]} → ${after[table]}`);
}
