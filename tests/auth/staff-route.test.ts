import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { User } from "@db/schema";
import { createSession } from "~/auth/session.server";
import { firstError, staffAction, staffForm, staffRoute, type StaffRouteArgs } from "~/auth/staff-route.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { createStaffUser } from "../setup/staff";

// The helper reads the process's database; here it is this file's fresh one.
const current = vi.hoisted(() => ({ database: undefined as TestDatabase | undefined }));
vi.mock("~/db.server", () => ({
  getDb: async () => current.database!.db,
  getDatabase: async () => current.database!,
  closeDatabase: async () => {},
}));

/** What the helper threw (a redirect or a 403 Response), or what it returned. */
async function thrown(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

const schema = z.object({
  name: z.string({ error: "errors.required" }).trim().min(2, "errors.tooShort"),
  email: z.string({ error: "errors.required" }).pipe(z.email("errors.email")),
  count: z.number({ error: "errors.required" }).int().min(1, "errors.tooSmall"),
});

describe("staff route helper", () => {
  let database: TestDatabase;
  let officer: User;
  let cookie: string;
  const url = "http://localhost/da/staff/things?x=1";

  const args = (options: { cookie?: string; form?: Record<string, string | string[]>; lang?: string } = {}): StaffRouteArgs => {
    const headers: Record<string, string> = options.cookie ? { Cookie: options.cookie } : {};
    let body: URLSearchParams | undefined;
    if (options.form) {
      body = new URLSearchParams();
      for (const [name, value] of Object.entries(options.form)) for (const one of [value].flat()) body.append(name, one);
    }
    const request = new Request(url, body ? { method: "POST", headers, body } : { headers });
    return { params: { lang: options.lang ?? "da" }, request, context: { clientIp: "203.0.113.9" } };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    current.database = database;
    officer = (await createStaffUser(database.db, { email: "officer@trygg.test", roles: ["officer"] })).user;
    const { token } = await createSession(database.db, officer.id, new Date(), { twoFactorVerified: true });
    cookie = `trygg_session=${token}`;
  });
  afterAll(async () => database?.close());

  it("sends a request without a session to the login page, keeping where it was going", async () => {
    for (const run of [() => staffRoute(args()), () => staffForm(args({ form: { name: "Ada" } }), schema)]) {
      const answer = await thrown(run);
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toBe(`/da/staff/login?next=${encodeURIComponent("/da/staff/things?x=1")}`);
    }
  });

  it("answers 404 for a language that is not one", async () => {
    expect((await thrown(() => staffRoute(args({ cookie, lang: "fi" })))).status).toBe(404);
  });

  it("answers 403 to a role the page does not allow, before reading the form", async () => {
    const request = args({ cookie, form: { name: "Ada" } });
    expect((await thrown(() => staffForm(request, schema, { roles: ["administrator"] }))).status).toBe(403);
    expect(request.request.bodyUsed).toBe(false);
    expect((await thrown(() => staffRoute(args({ cookie }), { roles: ["organizer", "administrator"] }))).status).toBe(403);
  });

  it("gives a loader the locale, translator, person, session, database and address", async () => {
    const context = await staffRoute(args({ cookie }), { namespace: "report", roles: ["officer"] });
    expect(context.locale).toBe("da");
    expect(context.user.id).toBe(officer.id);
    expect(context.session.userId).toBe(officer.id);
    expect(context.db).toBe(database.db);
    expect(context.ip).toBe("203.0.113.9");
    expect(context.t("queue.title")).not.toBe("queue.title");
  });

  it("returns conform's submission with every field's error for an invalid form", async () => {
    const { submission } = await staffForm(args({ cookie, form: { name: "A", email: "not an email", count: "0" } }), schema);
    expect(submission.status).toBe("error");
    const reply = submission.reply();
    expect(reply.error).toEqual({ name: ["errors.tooShort"], email: ["errors.email"], count: ["errors.tooSmall"] });
    // What was typed comes back for the form.
    expect(reply.initialValue).toMatchObject({ name: "A", email: "not an email", count: "0" });
    expect(firstError(reply)).toEqual({ field: "name", message: "errors.tooShort" });
  });

  it("names issues without a message by the shared translation key, never in zod's English", async () => {
    const { submission } = await staffForm(args({ cookie, form: { choice: "c", many: ["a", "b"] } }), z.object({ choice: z.enum(["a", "b"]), many: z.string() }));
    expect(submission.reply().error).toEqual({ choice: ["errors.invalid"], many: ["errors.invalid"] });
  });

  it("returns the typed value of a valid form", async () => {
    const { submission, user } = await staffForm(args({ cookie, form: { name: "  Ada ", email: "ada@example.dk", count: "3" } }), schema, { roles: ["officer"] });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    const value: { name: string; email: string; count: number } = submission.value;
    expect(value).toEqual({ name: "Ada", email: "ada@example.dk", count: 3 });
    expect(user.id).toBe(officer.id);
  });

  it("takes a schema built with the database in hand, with async refinements", async () => {
    const build = vi.fn(({ db }: { db: unknown }) =>
      schema.superRefine(async (value, context) => {
        expect(db).toBe(database.db);
        const taken = await Promise.resolve(value.email === "officer@trygg.test");
        if (taken) context.addIssue({ code: "custom", path: ["email"], message: "users.emailTaken" });
      }),
    );
    const refused = await staffForm(args({ cookie, form: { name: "Ada", email: "officer@trygg.test", count: "1" } }), build);
    expect(refused.submission.reply().error).toEqual({ email: ["users.emailTaken"] });
    const accepted = await staffForm(args({ cookie, form: { name: "Ada", email: "ada@example.dk", count: "1" } }), build);
    expect(accepted.submission.status).toBe("success");
    expect(build).toHaveBeenCalledTimes(2);
  });

  it("parses a form of several shapes with the schema its intent calls for, strings as sent when asked", async () => {
    const { formData, parse } = await staffAction(args({ cookie, form: { intent: "rename", deadline: "" } }));
    expect(formData.get("intent")).toBe("rename");
    const strict = z.object({ intent: z.literal("rename"), deadline: z.union([z.literal(""), z.iso.date()]) });
    expect((await parse(strict, { coerce: false })).status).toBe("success");
    // With conform's coercion the empty field is missing.
    expect((await parse(strict)).reply().error).toEqual({ deadline: ["errors.invalid"] });
  });
});
