CREATE TABLE "reporter_diaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"code_hash" text NOT NULL,
	"code_salt" text NOT NULL,
	"code_wrap" text NOT NULL,
	"sealed" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reporter_diaries_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE INDEX "reporter_diaries_updated_idx" ON "reporter_diaries" USING btree ("updated_at");--> statement-breakpoint
CREATE TABLE "reporter_diary_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"diary_id" uuid NOT NULL,
	"sealed" bytea NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reporter_diary_files" ADD CONSTRAINT "reporter_diary_files_diary_id_fk" FOREIGN KEY ("diary_id") REFERENCES "public"."reporter_diaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reporter_diary_files_diary_idx" ON "reporter_diary_files" USING btree ("diary_id");--> statement-breakpoint
CREATE TABLE "diary_visits" (
	"id" text PRIMARY KEY NOT NULL,
	"diary_id" uuid NOT NULL,
	"key_wrap" text NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "diary_visits" ADD CONSTRAINT "diary_visits_diary_id_fk" FOREIGN KEY ("diary_id") REFERENCES "public"."reporter_diaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "diary_visits_diary_idx" ON "diary_visits" USING btree ("diary_id");--> statement-breakpoint
CREATE INDEX "diary_visits_expires_idx" ON "diary_visits" USING btree ("expires_at");
