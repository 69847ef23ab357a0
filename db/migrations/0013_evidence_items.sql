CREATE TABLE "report_evidence_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"message_event_id" uuid,
	"kind" text NOT NULL,
	"sealed" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"for_police" boolean DEFAULT false NOT NULL,
	"marked_by" uuid,
	"marked_at" timestamp with time zone,
	"source" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "report_evidence_items_kind_check" CHECK ("kind" IN ('online_post', 'message', 'in_person')),
	CONSTRAINT "report_evidence_items_source_check" CHECK ("source" IN ('form', 'bulk'))
);
--> statement-breakpoint
ALTER TABLE "report_evidence_items" ADD CONSTRAINT "report_evidence_items_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_evidence_items" ADD CONSTRAINT "report_evidence_items_message_event_id_report_events_id_fk" FOREIGN KEY ("message_event_id") REFERENCES "public"."report_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_evidence_items" ADD CONSTRAINT "report_evidence_items_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_evidence_items_report_idx" ON "report_evidence_items" USING btree ("report_id","received_at","position");--> statement-breakpoint
ALTER TABLE "report_attachments" ADD COLUMN "evidence_item_id" uuid;--> statement-breakpoint
ALTER TABLE "report_attachments" ADD CONSTRAINT "report_attachments_evidence_item_id_report_evidence_items_id_fk" FOREIGN KEY ("evidence_item_id") REFERENCES "public"."report_evidence_items"("id") ON DELETE set null ON UPDATE no action;
