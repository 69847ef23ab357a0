CREATE TABLE "report_case_members" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"linked_by_user_id" uuid,
	"linked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_case_members" ADD CONSTRAINT "report_case_members_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_case_members" ADD CONSTRAINT "report_case_members_linked_by_user_id_users_id_fk" FOREIGN KEY ("linked_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_case_members_case_idx" ON "report_case_members" USING btree ("case_id");--> statement-breakpoint
CREATE TABLE "report_police_cases" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"district_sealed" text,
	"reported_on" date,
	"decision_sealed" text,
	"decided_on" date,
	"updated_by_user_id" uuid,
	"last_change_at" timestamp with time zone NOT NULL,
	"quiet_reminder_sent_at" timestamp with time zone,
	CONSTRAINT "report_police_cases_state_check" CHECK ("state" in ('reported', 'under_investigation', 'dropped', 'charged'))
);
--> statement-breakpoint
ALTER TABLE "report_police_cases" ADD CONSTRAINT "report_police_cases_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_police_cases" ADD CONSTRAINT "report_police_cases_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_police_cases_quiet_idx" ON "report_police_cases" USING btree ("last_change_at");
