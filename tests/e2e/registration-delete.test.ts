import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, type HttpClient } from "./support/http-client";
import { createPublishedEvent, registerForEvent, validEvent } from "./support/scenario";
import { startServer, type RunningServer } from "./support/server";
import { demo } from "./support/staff";

/** An attendee deletes their own registration from the manage link, at any time. */
describe("deleting one's own registration", () => {
  let server: RunningServer;
  let client: HttpClient;
  let organizer: string;

  beforeAll(async () => {
    server = await startServer();
    client = httpClient(server.url);
    organizer = await client.logIn(demo.organizer, "10.64.0.1");
  });
  afterAll(async () => server?.stop());

  it("removes the row, gives the seat to the next on the waitlist, and the link opens nothing afterwards", async () => {
    const eventId = await createPublishedEvent(client, organizer, validEvent({ capacity: "1" }));
    const first = await registerForEvent(client, eventId, "Første Person", "first-delete@example.test");
    const second = await registerForEvent(client, eventId, "Anden Person", "second-delete@example.test");
    const manage = await client.get(`/da/events/manage/${first}`);
    const strings = JSON.parse(fs.readFileSync("locales/da/events.json", "utf8")).manage;
    expect(manage.html).toContain(strings.deleteText);

    const deleted = await client.post(`/da/events/manage/${first}`, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(deleted.location).toBe("/da/events/manage/deleted");
    const landing = await client.get("/da/events/manage/deleted");
    expect(landing.status).toBe(200);
    expect(landing.html).toContain(strings.deletedText);
    expect(landing.headers.get("cache-control")).toContain("no-store");
    expect((await client.get(`/da/events/manage/${first}`)).status).toBe(404);
    // A second try (a resent form) finds nothing and says so without a 500.
    expect((await client.post(`/da/events/manage/${first}`, { intent: "delete" })).status).toBe(409);

    const attendees = (await client.get(`/da/staff/events/${eventId}`, { cookie: organizer })).html;
    expect(attendees).not.toContain("first-delete@example.test");
    expect(attendees).toMatch(/data-attendee="second-delete@example.test" data-status="registered"/);
    expect((await client.get(`/da/events/manage/${second}`)).html).toContain('data-manage-status="registered"');
  });
});
