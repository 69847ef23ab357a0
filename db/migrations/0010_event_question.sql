ALTER TABLE "event_registrations" ADD COLUMN "answer" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "question" jsonb;