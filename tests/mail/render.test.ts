import { describe, expect, it } from "vitest";
import { renderMail } from "~/mail/messages.server";

/**
 * React 18's streaming renderer (behind @react-email/render's render()) wrote NUL bytes into a mail
 * when a multi-byte character of the preview padding fell on a chunk boundary: broadcast titles of
 * 36–48 characters did. PostgreSQL refuses NUL in text, so sending such a broadcast, or registering
 * for an event with such a title, answered 500.
 */
describe("mail rendering", () => {
  it("never puts a NUL or a replacement character in a mail, whatever the subject's length", async () => {
    const bad: number[] = [];
    for (let length = 1; length <= 140; length++) {
      const mail = await renderMail({ kind: "broadcast", title: "t".repeat(length), body: "A body of a broadcast.", link: "https://trygg.example/da/staff" }, "da");
      const all = mail.html + mail.text + mail.subject;
      if (all.includes("\u0000") || all.includes("\ufffd")) bad.push(length);
      expect(mail.html).toMatch(/^<!DOCTYPE html PUBLIC/);
      expect(mail.html).toContain(`<h1 style="font-size:22px;line-height:1.3">${"t".repeat(length)}</h1>`);
      expect(mail.text).toContain("A body of a broadcast.");
    }
    expect(bad).toEqual([]);
  });
});
