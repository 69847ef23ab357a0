ALTER TABLE "broadcasts" ADD COLUMN "translations" jsonb;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "audience" jsonb;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "recipient_ids" uuid[];