import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sessions, users, type User } from "@db/schema";
import { publicOrigin, requirePendingSession, requireStaff, safeNext, type StaffContext } from "~/auth/guards.server";
import { createSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "~/auth/session.server";
import { generateToken, hashToken } from "~/auth/tokens.server";
import { createTestDatabase, type TestDatabase } from "../setup/database";
import { createStaffUser } from "../setup/staff";

// The guards read the process's database; here it is this file's fresh one.
const current = vi.hoisted(() => ({ database: undefined as TestDatabase | undefined }));
vi.mock("~/db.server", () => ({
  getDb: async () => current.database!.db,
  getDatabase: async () => current.database!,
  closeDatabase: async () => {},
}));

/** What a guard threw (a redirect or a 403 Response), or what it returned. */
async function outcome(run: () => Promise<StaffContext>): Promise<{ thrown: Response } | { context: StaffContext }> {
  try {
    return { context: await run() };
  } catch (error) {
    if (error instanceof Response) return { thrown: error };
    throw error;
  }
}

async function expectRedirect(run: () => Promise<StaffContext>, location: string) {
  const result = await outcome(run);
  expect("thrown" in result, "should throw a redirect").toBe(true);
  const { thrown } = result as { thrown: Response };
  expect(thrown.status).toBe(302);
  expect(thrown.headers.get("Location")).toBe(location);
}

describe("staff guards", () => {
  let database: TestDatabase;
  let officer: User;
  let officerKey: Buffer;
  let organizer: User;
  const pageUrl = "http://localhost/da/staff/reports?status=open";
  const loginLocation = `/da/staff/login?next=${encodeURIComponent("/da/staff/reports?status=open")}`;
  const request = (cookie?: string, url = pageUrl) => new Request(url, { headers: cookie === undefined ? {} : { Cookie: cookie } });
  const ago = (ms: number) => new Date(Date.now() - ms);

  beforeAll(async () => {
    database = await createTestDatabase();
    current.database = database;
    const made = await createStaffUser(database.db, { email: "officer@trygg.test", roles: ["officer"] });
    officer = made.user;
    officerKey = Buffer.from(made.privateKey);
    organizer = (await createStaffUser(database.db, { email: "organizer@trygg.test", roles: ["organizer"] })).user;
  });
  afterAll(async () => database?.close());

  const verified = (user: User, now = new Date(), extra: { expiresAt?: Date; privateKey?: Uint8Array; recoveryKey?: string } = {}) =>
    createSession(database.db, user.id, now, { twoFactorVerified: true }, extra.expiresAt, { privateKey: extra.privateKey, recoveryKey: extra.recoveryKey });

  it("lets a verified session through, with its person, token and unwrapped private key", async () => {
    const { token, session } = await verified(officer, new Date(), { privateKey: officerKey });
    const result = await outcome(() => requireStaff(request(`trygg_session=${token}`), "da"));
    expect("context" in result).toBe(true);
    const { context } = result as { context: StaffContext };
    expect(context.user.id).toBe(officer.id);
    expect(context.session.id).toBe(session.id);
    expect(context.token).toBe(token);
    expect(context.privateKey?.equals(officerKey)).toBe(true);
    expect(context.pendingRecoveryKey).toBeNull();
  });

  it("sends a request without a cookie to the login page, keeping where it was going", async () => {
    await expectRedirect(() => requireStaff(request(), "da"), loginLocation);
    await expectRedirect(() => requireStaff(request("", "http://localhost/sv/staff"), "sv"), `/sv/staff/login?next=${encodeURIComponent("/sv/staff")}`);
  });

  it("sends bad cookies to the login page: malformed, unknown, the hash instead of the token, another cookie's name", async () => {
    const { token, session } = await verified(officer);
    const bad = [
      "trygg_session=",
      "trygg_session=not a token",
      "trygg_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      `trygg_session=${token.toUpperCase()}`,
      `trygg_session=${token}x'`,
      `trygg_session=${token.slice(0, 15)}`,
      `trygg_session=${"a".repeat(65)}`,
      `trygg_session=${generateToken()}`,
      `trygg_session=${session.id}`,
      `trygg_session=${encodeURIComponent(`${token}; Path=/`)}`,
      `other_session=${token}`,
      `xtrygg_session=${token}`,
      // Over plain HTTP the staff cookie has no __Host- prefix; a prefixed one is not read.
      `__Host-trygg_session=${token}`,
      `trygg_session=${"\u00e9".repeat(32)}`,
      // Only the first cookie of the name is read: a malformed one before a good one still fails.
      `trygg_session=bad; trygg_session=${token}`,
      "=".repeat(10_000),
    ];
    for (const cookie of bad) await expectRedirect(() => requireStaff(request(cookie), "da"), loginLocation);
  });

  it("over HTTPS reads only the __Host- cookie, not a plain one a sibling site could have set", async () => {
    const { token } = await verified(officer);
    const https = "https://trygg.example/da/staff";
    const ok = await outcome(() => requireStaff(request(`__Host-trygg_session=${token}`, https), "da"));
    expect("context" in ok).toBe(true);
    await expectRedirect(() => requireStaff(request(`trygg_session=${token}`, https), "da"), `/da/staff/login?next=${encodeURIComponent("/da/staff")}`);
  });

  it("finds the session cookie among others", async () => {
    const { token } = await verified(officer);
    const result = await outcome(() => requireStaff(request(`theme=dark; trygg_session=${token}; lang=da`), "da"));
    expect("context" in result).toBe(true);
  });

  it("refuses a session past its 12 hours, and deletes it", async () => {
    const { token, session } = await verified(officer, ago(SESSION_ABSOLUTE_MS + 60_000), { expiresAt: ago(60_000) });
    // Kept active until a minute ago, so only the absolute end is past.
    await database.db.update(sessions).set({ lastSeenAt: ago(60_000) }).where(eq(sessions.id, session.id));
    await expectRedirect(() => requireStaff(request(`trygg_session=${token}`), "da"), loginLocation);
    expect(await database.db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([]);
  });

  it("refuses a session idle for 30 minutes, and deletes it", async () => {
    const { token, session } = await verified(officer, ago(SESSION_IDLE_MS + 1000), { expiresAt: new Date(Date.now() + 3_600_000) });
    await expectRedirect(() => requireStaff(request(`trygg_session=${token}`), "da"), loginLocation);
    expect(await database.db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([]);
  });

  it("sends a password-only session to the second factor, or to enrolment when there is none yet", async () => {
    const pending = await createSession(database.db, officer.id, new Date(), { twoFactorVerified: false });
    await expectRedirect(() => requireStaff(request(`trygg_session=${pending.token}`), "da"), "/da/staff/two-factor");
    await expectRedirect(() => requireStaff(request(`trygg_session=${pending.token}`), "da", ["officer"]), "/da/staff/two-factor");
    const [invited] = await database.db.insert(users).values({ email: "invited@trygg.test", name: "Invited", roles: ["officer"], status: "invited" }).returning();
    const enrolling = await createSession(database.db, invited!.id, new Date(), { twoFactorVerified: false });
    await expectRedirect(() => requireStaff(request(`trygg_session=${enrolling.token}`, "http://localhost/nb/staff"), "nb"), "/nb/staff/enroll");
  });

  it("refuses a disabled person's session, and deletes it", async () => {
    const made = await createStaffUser(database.db, { email: "leaver@trygg.test", roles: ["administrator"] });
    const { token, session } = await verified(made.user);
    expect("context" in (await outcome(() => requireStaff(request(`trygg_session=${token}`), "da")))).toBe(true);
    await database.db.update(users).set({ status: "disabled" }).where(eq(users.id, made.user.id));
    await expectRedirect(() => requireStaff(request(`trygg_session=${token}`), "da", ["administrator"]), loginLocation);
    expect(await database.db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([]);
  });

  it("answers 403 to the wrong role, and lets any one of the given roles through", async () => {
    const { token } = await verified(organizer);
    const cookie = `trygg_session=${token}`;
    for (const roles of [["officer"], ["administrator"], ["officer", "administrator"]] as const) {
      const result = await outcome(() => requireStaff(request(cookie), "da", [...roles]));
      expect("thrown" in result, roles.join(",")).toBe(true);
      expect((result as { thrown: Response }).thrown.status).toBe(403);
    }
    // An empty list of roles lets nobody through.
    expect(((await outcome(() => requireStaff(request(cookie), "da", []))) as { thrown: Response }).thrown.status).toBe(403);
    expect("context" in (await outcome(() => requireStaff(request(cookie), "da", ["administrator", "organizer"])))).toBe(true);
    expect("context" in (await outcome(() => requireStaff(request(cookie), "da")))).toBe(true);
  });

  it("shows a pending recovery key before anything else, and only on its own page lets the request through", async () => {
    const { token } = await verified(officer, new Date(), { recoveryKey: "rk-1234-5678" });
    await expectRedirect(() => requireStaff(request(`trygg_session=${token}`), "da"), "/da/staff/recovery-key");
    const onPage = await outcome(() => requireStaff(request(`trygg_session=${token}`, "http://localhost/da/staff/recovery-key"), "da"));
    expect("context" in onPage && onPage.context.pendingRecoveryKey).toBe("rk-1234-5678");
  });

  it("a session row read with another token opens none of its secrets", async () => {
    const { token, session } = await verified(officer, new Date(), { privateKey: officerKey, recoveryKey: "rk-secret" });
    // Someone who can write the sessions table points a token of their own at this row's secrets.
    const mine = generateToken();
    await database.db.insert(sessions).values({ ...session, id: hashToken(mine) });
    const result = await outcome(() => requireStaff(request(`trygg_session=${mine}`, "http://localhost/da/staff/recovery-key"), "da"));
    expect("context" in result).toBe(true);
    const { context } = result as { context: StaffContext };
    expect(context.privateKey).toBeNull();
    expect(context.pendingRecoveryKey).toBeNull();
    expect(context.token).not.toBe(token);
  });

  describe("requirePendingSession", () => {
    it("lets a password-only session through to the second factor", async () => {
      const pending = await createSession(database.db, officer.id, new Date(), { twoFactorVerified: false });
      const result = await outcome(() => requirePendingSession(request(`trygg_session=${pending.token}`, "http://localhost/da/staff/two-factor"), "da"));
      expect("context" in result && result.context.session.twoFactorVerified).toBe(false);
    });

    it("sends a verified session to the dashboard and no session to the login", async () => {
      const { token } = await verified(officer);
      await expectRedirect(() => requirePendingSession(request(`trygg_session=${token}`, "http://localhost/da/staff/two-factor"), "da"), "/da/staff");
      await expectRedirect(() => requirePendingSession(request(undefined, "http://localhost/da/staff/two-factor"), "da"), `/da/staff/login?next=${encodeURIComponent("/da/staff/two-factor")}`);
      await expectRedirect(() => requirePendingSession(request(`trygg_session=${generateToken()}`, "http://localhost/da/staff/two-factor"), "da"), `/da/staff/login?next=${encodeURIComponent("/da/staff/two-factor")}`);
    });
  });

  describe("safeNext", () => {
    it("keeps a path under the locale's staff pages", () => {
      expect(safeNext("/da/staff/reports?status=open", "da")).toBe("/da/staff/reports?status=open");
      expect(safeNext("/da/staff", "da")).toBe("/da/staff");
    });

    it("sends anything else to the dashboard: other sites, protocol-relative, backslashes, other locales, nothing", () => {
      for (const next of [null, "", "https://evil.example/da/staff", "//evil.example/da/staff", "/\\evil.example", "/da/staff\\..\\..\\evil", "/sv/staff/reports", "/da/report", "javascript:alert(1)", " /da/staff", "da/staff", "/da/staff\nX", "/da/staff/\u2028x", "/da/staff/../../evil", "/da/staff/%2e%2e/%2e%2e/evil", "/da/staff/./reports", "/da/staffevil"]) {
        expect(safeNext(next, "da"), JSON.stringify(next)).toBe("/da/staff");
      }
    });
  });

  it("publicOrigin prefers the configured public URL, without its trailing slash", () => {
    const asked = new Request("http://10.0.0.5:3000/da/staff");
    expect(publicOrigin(asked, "https://trygg.example/")).toBe("https://trygg.example");
    expect(publicOrigin(asked, undefined)).toBe("http://10.0.0.5:3000");
  });
});
