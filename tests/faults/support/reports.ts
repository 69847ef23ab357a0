import { afterAll } from "vitest";
import { openDatabase } from "@db/client.server";
import { migrationsDir } from "../../setup/database";
import { httpClient } from "../../e2e/support/http-client";
import { reportChoices } from "../../e2e/support/scenario";
import type { DataStore } from "../../e2e/support/server";

export type ReportChoices = Awaited<ReturnType<typeof reportChoices>>;

/** The demo party and Copenhagen, read from the report form of the server at `baseUrl`. */
export const reportFormOptions = (baseUrl: string): Promise<ReportChoices> => reportChoices(httpClient(baseUrl));

/** A realistic report, routed to the demo officer (demo party in Copenhagen). */
export function realisticReport(choices: ReportChoices, index: number): Record<string, string> {
  return {
    idempotencyKey: crypto.randomUUID(),
    role: "candidate",
    country: "dk",
    party: choices.party,
    place: choices.place,
    level: String((index % 6) + 1),
    when: "2026-11-20",
    time: "21:30",
    where: "Outside the party office on Nørrebrogade",
    description: `Report ${index}: a man followed me from the stand to my car and said he knows where my children go to school. He has written similar things to me online for two weeks.`,
    perpetrator: "Tall man, grey jacket, around 50",
    policeTold: "no",
    contactMethod: "anonymous",
    consent: "on",
  };
}

export type SubmitOutcome =
  | { kind: "receipt"; reference: string; code: string }
  | { kind: "answer"; status: number }
  | { kind: "failed"; error: string };

/** Posts the report form as a browser without JavaScript would, and reads the receipt. */
export async function submitReport(baseUrl: string, fields: Record<string, string>, timeoutMs = 60_000): Promise<SubmitOutcome> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  try {
    const response = await fetch(`${baseUrl}/da/report?index`, { method: "POST", body, headers: { Origin: baseUrl }, signal: AbortSignal.timeout(timeoutMs) });
    const html = await response.text();
    const reference = /data-reference="(TRG-[^"]+)"/.exec(html)?.[1];
    const code = /data-receipt-code="([^"]+)"/.exec(html)?.[1];
    if (response.status === 200 && reference && code) return { kind: "receipt", reference, code };
    return { kind: "answer", status: response.status };
  } catch (error) {
    return { kind: "failed", error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Opens a server's database from the test (the server must be stopped when it is PGlite). */
export function openStore(store: DataStore) {
  return openDatabase(store.databaseUrl ? { url: store.databaseUrl, migrationsDir } : { dataDir: store.dataDir, migrationsDir });
}

/** Resolves once `condition` holds, polling; rejects with `message` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, message: string, timeoutMs = 60_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A list of clean-ups run in reverse order after the file's tests, whatever happened. */
export function cleanUpAfterAll(): Array<() => Promise<unknown>> {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return cleanups;
}

/** A fault-test server's environment: mail through the Resend stub, no report rate limit, fast jobs. */
export function faultServerEnv(stubUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { RESEND_API_KEY: "re_fault_test", RESEND_BASE_URL: stubUrl, REPORTS_PER_IP_PER_HOUR: "100000", JOB_INTERVAL_MS: "50", ...extra };
}
