ALTER TABLE "events" ADD COLUMN "registration_counts" jsonb;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "registrations_purged_at" timestamp with time zone;