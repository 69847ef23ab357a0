import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, serial, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const staffRoles = ["administrator", "officer", "organizer"] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Staff: administrators, officers, organizers. Reporters and attendees have no account. */
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Stored lower case. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  locale: text("locale").notNull().default("da"),
  roles: text("roles").array().$type<StaffRole[]>().notNull().default(sql`'{}'::text[]`),
  /** invited → active (password and TOTP set) → disabled */
  status: text("status").$type<"invited" | "active" | "disabled">().notNull().default("invited"),
  passwordHash: text("password_hash"),
  /** The TOTP secret, encrypted with the application key. */
  totpSecret: text("totp_secret"),
  /** The last TOTP time step accepted: a code works once. */
  totpLastStep: integer("totp_last_step"),
  totpEnrolledAt: timestamp("totp_enrolled_at", { withTimezone: true }),
  /** Set after 100 failed attempts in an hour; cleared by an administrator or a password reset. */
  lockedAt: timestamp("locked_at", { withTimezone: true }),
  /** The account's X25519 public key (base64url); unit keys are sealed to it. */
  publicKey: text("public_key"),
  /** The private key, wrapped by a key derived from the password (never stored itself). */
  privateKeyByPassword: text("private_key_by_password"),
  /** The private key, wrapped by a key derived from the recovery key only the person keeps. */
  privateKeyByRecovery: text("private_key_by_recovery"),
  /** When this key pair was made: a later date than a unit assignment means the key changed. */
  keysCreatedAt: timestamp("keys_created_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Sessions as in Lucia's design: the id is the SHA-256 of the token in the cookie. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    /** The absolute end of the session, whatever its activity. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    twoFactorVerified: boolean("two_factor_verified").notNull().default(false),
    userAgent: text("user_agent"),
    ip: text("ip"),
    /** The account's private key, wrapped by a key derived from the session token (only in the cookie). */
    privateKeySealed: text("private_key_sealed"),
    /** A recovery key waiting to be shown once, wrapped the same way; cleared when the person confirms. */
    recoveryKeySealed: text("recovery_key_sealed"),
  },
  (table) => [index("sessions_user_idx").on(table.userId)],
);

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: serial("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [index("recovery_codes_user_idx").on(table.userId)],
);

export const authTokenPurposes = ["invite", "password-reset", "officer-email"] as const;
export type AuthTokenPurpose = (typeof authTokenPurposes)[number];

/** Single-use links sent by mail; only the SHA-256 of the token is kept. */
export const authTokens = pgTable("auth_tokens", {
  hash: text("hash").primaryKey(),
  purpose: text("purpose").$type<AuthTokenPurpose>().notNull(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  /** For officer-email: the unit_officers row whose address is confirmed. */
  subjectId: uuid("subject_id"),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Failure counters for throttling, shared by every app instance. */
export const throttles = pgTable("throttles", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
});

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
