import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedTables, httpClient, type HttpClient, type Upload } from "../support/http-client";
import { fileReport, png, reportChoices, validReport, openCase } from "../support/scenario";
import { startServer, type RunningServer } from "../support/server";

/**
 * Files sent with a reporter's message on the status page are judged by their content, like those
 * of the report form (tests/e2e/reports-http.test.ts): a lying name, a polyglot, markup dressed as
 * an image or too many files are refused with the message's error, and nothing is written.
 */
describe("uploads with a reporter's message", () => {
  let server: RunningServer;
  let client: HttpClient;
  let receipt: { reference: string; code: string };
  let visit = "";

  beforeAll(async () => {
    server = await startServer({ REPORTS_PER_IP_PER_HOUR: "1000" });
    client = httpClient(server.url);
    receipt = await fileReport(client, validReport(await reportChoices(client)));
    visit = (await openCase(client, receipt)).cookie;
  });
  afterAll(async () => server?.stop());

  const reply = (files: Upload[], message = "Here is the photo of the note on my car.") =>
    client.post("/da/report/status", { intent: "message", message }, { cookie: visit, multipart: true, files });

  const refused: Array<[string, Upload[]]> = [
    ["a shell script named .png", [{ name: "photo.png", type: "image/png", bytes: new TextEncoder().encode("#!/bin/sh\nrm -rf /\n") }]],
    ["a PNG with a script after its end", [{ name: "photo.png", type: "image/png", bytes: Buffer.concat([png, Buffer.from("<script>alert(1)</script>")]) }]],
    ["SVG markup named .png", [{ name: "photo.png", type: "image/png", bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') }]],
    ["HTML named .pdf", [{ name: "letter.pdf", type: "application/pdf", bytes: new TextEncoder().encode("<html><body><script>alert(1)</script></body></html>") }]],
    ["a Windows program named .jpg", [{ name: "photo.jpg", type: "image/jpeg", bytes: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200)]) }]],
    ["six files", Array.from({ length: 6 }, (_, index) => ({ name: `${index}.png`, type: "image/png", bytes: png }))],
  ];

  for (const [what, files] of refused) {
    it(`refuses ${what}, writing nothing`, async () => {
      const before = await client.rowCounts();
      const answer = await reply(files);
      expect(answer.status).toBe(400);
      expect(answer.html).toContain('aria-invalid="true"');
      // The case is shown again, with the error beside the message.
      expect(answer.html).toContain(receipt.reference);
      expect(changedTables(before, await client.rowCounts())).toEqual([]);
    });
  }

  it("takes a real PNG, and lists it on the status page", async () => {
    const before = await client.rowCounts();
    const answer = await reply([{ name: "note-on-car.png", type: "image/png", bytes: png }]);
    expect(answer.status).toBe(200);
    expect(answer.html).not.toContain('aria-invalid="true"');
    expect(answer.html).toContain("note-on-car.png");
    expect(changedTables(before, await client.rowCounts())).not.toEqual([]);
  });
});
