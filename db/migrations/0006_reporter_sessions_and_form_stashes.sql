CREATE TABLE "report_form_stashes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key_hash" text NOT NULL,
	"position" integer NOT NULL,
	"sealed" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporter_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"key_wrap" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reporter_sessions" ADD CONSTRAINT "reporter_sessions_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_form_stashes_key_idx" ON "report_form_stashes" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "report_form_stashes_expires_idx" ON "report_form_stashes" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "reporter_sessions_report_idx" ON "reporter_sessions" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "reporter_sessions_expires_idx" ON "reporter_sessions" USING btree ("expires_at");