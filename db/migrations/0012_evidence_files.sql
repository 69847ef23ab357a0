-- Evidence files (issue #16): the SHA-256 of every file as uploaded (sealed), a copy without
-- metadata (sealed like the original), what the metadata said (sealed), and whether the original
-- is kept. The original may now be absent: the reporter chose to send only the copy.
ALTER TABLE "report_attachments" ALTER COLUMN "data" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "report_attachments" ADD COLUMN "sha256_sealed" text;--> statement-breakpoint
ALTER TABLE "report_attachments" ADD COLUMN "stripped_data" bytea;--> statement-breakpoint
ALTER TABLE "report_attachments" ADD COLUMN "metadata_sealed" text;--> statement-breakpoint
ALTER TABLE "report_attachments" ADD COLUMN "kept_original" boolean DEFAULT true NOT NULL;
