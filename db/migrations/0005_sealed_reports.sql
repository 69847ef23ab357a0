-- Sealed reports: account, unit and report keys (see docs/decisions/0007-sealed-reports.md).
ALTER TABLE "users" ADD COLUMN "public_key" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "private_key_by_password" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "private_key_by_recovery" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "keys_created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "private_key_sealed" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "recovery_key_sealed" text;--> statement-breakpoint
CREATE TABLE "unit_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"escrow_sealed" text,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "unit_key_grants" (
	"unit_key_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text DEFAULT 'account' NOT NULL,
	"sealed" text NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "unit_key_grants_unit_key_id_user_id_pk" PRIMARY KEY("unit_key_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "report_keys" (
	"report_id" uuid NOT NULL,
	"unit_key_id" uuid NOT NULL,
	"sealed" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_keys_report_id_unit_key_id_pk" PRIMARY KEY("report_id","unit_key_id")
);
--> statement-breakpoint
ALTER TABLE "unit_keys" ADD CONSTRAINT "unit_keys_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_key_grants" ADD CONSTRAINT "unit_key_grants_unit_key_id_unit_keys_id_fk" FOREIGN KEY ("unit_key_id") REFERENCES "public"."unit_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_key_grants" ADD CONSTRAINT "unit_key_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_key_grants" ADD CONSTRAINT "unit_key_grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_keys" ADD CONSTRAINT "report_keys_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_keys" ADD CONSTRAINT "report_keys_unit_key_id_unit_keys_id_fk" FOREIGN KEY ("unit_key_id") REFERENCES "public"."unit_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unit_keys_unit_idx" ON "unit_keys" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "unit_key_grants_user_idx" ON "unit_key_grants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "report_keys_unit_key_idx" ON "report_keys" USING btree ("unit_key_id");--> statement-breakpoint
-- Reports: the one-time key is kept only as a hash; reports filed before sealing are marked
-- scheme 1 and keep their key until the sealing job has re-sealed them (it derives their receipt code).
ALTER TABLE "reports" RENAME COLUMN "idempotency_key" TO "legacy_idempotency_key";--> statement-breakpoint
ALTER TABLE "reports" DROP CONSTRAINT "reports_idempotency_key_unique";--> statement-breakpoint
ALTER TABLE "reports" ALTER COLUMN "legacy_idempotency_key" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "idempotency_hash" text;--> statement-breakpoint
UPDATE "reports" SET "idempotency_hash" = encode(sha256(convert_to("legacy_idempotency_key", 'UTF8')), 'hex');--> statement-breakpoint
ALTER TABLE "reports" ALTER COLUMN "idempotency_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_idempotency_hash_unique" UNIQUE("idempotency_hash");--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "key_scheme" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ALTER COLUMN "key_scheme" SET DEFAULT 2;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "receipt_salt" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "receipt_wrap" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "repeat_sealed" text;--> statement-breakpoint
CREATE INDEX "reports_legacy_idx" ON "reports" USING btree ("key_scheme");--> statement-breakpoint
-- Outbox: contents sealed with the server key until sent. Pending plain rows wait in legacy_plain
-- for the sealing job; what was already sent loses its address and bodies now.
ALTER TABLE "outbox" ADD COLUMN "sealed" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "legacy_plain" jsonb;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "report_id" uuid;--> statement-breakpoint
UPDATE "outbox" SET "legacy_plain" = jsonb_build_object('to', "to_address", 'subject', "subject", 'html', "html", 'text', "text", 'attachments', "attachments") WHERE "status" = 'pending';--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "to_address";--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "subject";--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "html";--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "text";--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "attachments";--> statement-breakpoint
CREATE INDEX "outbox_report_idx" ON "outbox" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "outbox_sent_idx" ON "outbox" USING btree ("sent_at");
