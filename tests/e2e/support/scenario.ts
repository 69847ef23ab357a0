import { expect } from "vitest";
import type { Fields, HttpClient, Upload } from "./http-client";

// A real 1×1 PNG.
export const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/** The Danish demo party (served by the demo officer) and a place, as the report form lists them. */
export async function reportChoices(client: HttpClient) {
  const html = (await client.get("/da/report")).html;
  return {
    party: /<option value="([0-9a-f-]{36})">Fællesskabspartiet \(demo\)<\/option>/.exec(html)![1]!,
    place: /<option value="([0-9a-f-]{36})">Københavns Kommune<\/option>/.exec(html)![1]!,
  };
}

/** A complete, valid report form. */
export function validReport(choices: { party: string; place: string }, overrides: Record<string, string> = {}): Fields {
  return Object.entries({
    idempotencyKey: crypto.randomUUID(),
    role: "candidate",
    country: "dk",
    party: choices.party,
    place: choices.place,
    level: "2",
    when: new Date().toISOString().slice(0, 10),
    description: "Threatening text messages every night this week.",
    policeTold: "no",
    contactMethod: "anonymous",
    consent: "on",
    ...overrides,
  });
}

/** Files a report through the public form; returns its reference and receipt code. */
export async function fileReport(client: HttpClient, fields: Fields, files: Upload[] = [], headers: Record<string, string> = {}) {
  const answer = await client.post("/da/report?index", fields, { multipart: true, files, headers });
  expect(answer.status, answer.html.slice(0, 500)).toBe(200);
  return {
    reference: /data-reference="(TRG-[^"]+)"/.exec(answer.html)![1]!,
    code: /data-receipt-code="([^"]+)"/.exec(answer.html)![1]!,
  };
}

/** The case id of a report, from the officer's queue. */
export async function caseIdOf(client: HttpClient, officerCookie: string, reference: string): Promise<string> {
  const queue = (await client.get("/da/staff/reports", { cookie: officerCookie })).html;
  const row = new RegExp(`<tr[^>]*data-reference="${reference}"[\\s\\S]*?href="/da/staff/reports/([0-9a-f-]{36})"`).exec(queue);
  if (!row) throw new Error(`${reference} is not in the officer's queue`);
  return row[1]!;
}

/** A valid organizer's event form: in a month, registration open until the day before. */
export function validEvent(overrides: Record<string, string> = {}): Fields {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const fields: Fields = Object.entries({
    titleDa: "Sikkerhed på valgmøder",
    descriptionDa: "Hvordan man forbereder et valgmøde.",
    agendaDa: "Velkomst\nGennemgang",
    timeZone: "Europe/Copenhagen",
    date: day(30),
    startTime: "18:00",
    endTime: "19:30",
    capacity: "50",
    deadlineDate: day(29),
    deadlineTime: "12:00",
    joinUrl: "https://meet.example.org/room",
    ...overrides,
  });
  fields.push(["audience", "candidates"]);
  return fields;
}

/** Creates and publishes an event as an organizer; returns its id. */
export async function createPublishedEvent(client: HttpClient, organizerCookie: string, fields: Fields = validEvent()): Promise<string> {
  const created = await client.post("/da/staff/events", fields, { cookie: organizerCookie });
  expect(created.status, created.html.slice(0, 500)).toBe(302);
  const eventId = /\/staff\/events\/([0-9a-f-]{36})$/.exec(created.location!)![1]!;
  const published = await client.post(`/da/staff/events/${eventId}`, { intent: "publish" }, { cookie: organizerCookie });
  expect(published.status).toBe(200);
  return eventId;
}

/** Registers for an event; returns the manage token from the confirmation mail. */
export async function registerForEvent(client: HttpClient, eventId: string, name: string, email: string): Promise<string> {
  const answer = await client.post(`/da/events/${eventId}`, { name, email, role: "candidate" });
  expect(answer.status, answer.html.slice(0, 500)).toBe(200);
  const link = (await client.mailLinks(email)).find((href) => href.includes("/events/manage/"));
  return /\/events\/manage\/([^/?#]+)/.exec(link!)![1]!;
}

/** Opens a case on the status page with reference and code, as the reporter does once per visit; returns the visit cookie ("trygg_visit=…"). */
export async function openCase(client: HttpClient, receipt: { reference: string; code: string }, headers: Record<string, string> = {}) {
  const answer = await client.post("/da/report/status", { intent: "open", reference: receipt.reference, code: receipt.code }, { multipart: true, headers });
  expect(answer.status, answer.html.slice(0, 500)).toBe(200);
  const cookie = /(?:^|[\s,])(trygg_visit=[a-z2-7]{32})/.exec(answer.setCookie)?.[1];
  if (!cookie) throw new Error(`No visit cookie in: ${answer.setCookie}`);
  return { cookie, answer };
}
