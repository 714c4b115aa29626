CREATE TABLE "external_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"student_id" uuid NOT NULL,
	"weeks" smallint NOT NULL,
	"host_name" text NOT NULL,
	"siret" text,
	"is_public" boolean DEFAULT false NOT NULL,
	"address" text NOT NULL,
	"postal_code" text NOT NULL,
	"commune_insee" text,
	"commune_name" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"activities" text,
	"status" text NOT NULL,
	"token_hash" text NOT NULL,
	"token_expires_at" timestamp with time zone NOT NULL,
	"decline_reason" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"host_id" uuid,
	"offer_id" uuid,
	"application_id" uuid,
	CONSTRAINT "external_stages_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "external_stages_weeks_check" CHECK ("external_stages"."weeks" in (1, 2, 3))
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stored_files_size_check" CHECK ("stored_files"."size" > 0 and "stored_files"."size" <= 2097152)
);
--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "daily_digest" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "last_digest_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "cv_file_id" uuid;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "origin" text DEFAULT 'platform' NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "reminders_sent" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "host_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "placement_decisions" ADD COLUMN "document_file_id" uuid;--> statement-breakpoint
ALTER TABLE "placement_decisions" ADD COLUMN "comment" text;--> statement-breakpoint
ALTER TABLE "external_stages" ADD CONSTRAINT "external_stages_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_stages" ADD CONSTRAINT "external_stages_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_stages" ADD CONSTRAINT "external_stages_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_stages" ADD CONSTRAINT "external_stages_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "external_stages_student_idx" ON "external_stages" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "stored_files_uploader_idx" ON "stored_files" USING btree ("uploaded_by");--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_cv_file_id_stored_files_id_fk" FOREIGN KEY ("cv_file_id") REFERENCES "public"."stored_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_decisions" ADD CONSTRAINT "placement_decisions_document_file_id_stored_files_id_fk" FOREIGN KEY ("document_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_due_idx" ON "applications" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "applications_digest_idx" ON "applications" USING btree ("offer_id") WHERE host_notified_at is null;--> statement-breakpoint
ALTER TABLE "placement_decisions" DROP COLUMN "document_ref";