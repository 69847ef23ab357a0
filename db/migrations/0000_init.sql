CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guidance_search" (
	"locale" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"topic" text NOT NULL,
	"body_text" text NOT NULL,
	"document" "tsvector" NOT NULL,
	"folded" "tsvector" NOT NULL,
	CONSTRAINT "guidance_search_locale_slug_pk" PRIMARY KEY("locale","slug")
);
--> statement-breakpoint
CREATE INDEX "guidance_search_document_idx" ON "guidance_search" USING gin ("document");--> statement-breakpoint
CREATE INDEX "guidance_search_folded_idx" ON "guidance_search" USING gin ("folded");