CREATE TABLE "convention_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"convention_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_user_id" uuid,
	"actor_role" text,
	"ip" text,
	"user_agent" text,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "convention_signatories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"convention_id" uuid NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"token_hash" text NOT NULL,
	"signed_at" timestamp with time zone,
	"method" text,
	"signer_user_id" uuid,
	"ip" text,
	"user_agent" text,
	"document_sha256" text,
	"reminders_sent" smallint DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "convention_signatories_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "convention_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"academy_code" text,
	"school_year" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"body" text NOT NULL,
	"sha256" text NOT NULL,
	"status" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "conventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"host_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"school_uai" text NOT NULL,
	"weeks" smallint NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"template_id" uuid NOT NULL,
	"status" text NOT NULL,
	"parties" jsonb NOT NULL,
	"host_part" jsonb NOT NULL,
	"school_part" jsonb NOT NULL,
	"host_completed_at" timestamp with time zone,
	"school_completed_at" timestamp with time zone,
	"validated_at" timestamp with time zone,
	"validated_by" uuid,
	"document_sha256" text,
	"document_file_id" uuid,
	"signed_at" timestamp with time zone,
	"sealed_file_id" uuid,
	"sealed_sha256" text,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"amends_id" uuid,
	"amendment_reason" text,
	"attended_days" jsonb,
	"attestation_file_id" uuid,
	"validation_reminders_sent" smallint DEFAULT 0 NOT NULL,
	"last_validation_reminder_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conventions_reference_unique" UNIQUE("reference"),
	CONSTRAINT "conventions_weeks_check" CHECK ("conventions"."weeks" in (1, 2, 3))
);
--> statement-breakpoint
CREATE TABLE "platform_certificates" (
	"id" text PRIMARY KEY NOT NULL,
	"p12" "bytea" NOT NULL,
	"certificate_pem" text NOT NULL,
	"fingerprint" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"signatory_ids" uuid[] NOT NULL,
	"email" text NOT NULL,
	"channel" text NOT NULL,
	"code_hash" text NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"verified_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"done" integer DEFAULT 0 NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "convention_signatories" ADD CONSTRAINT "convention_signatories_convention_id_conventions_id_fk" FOREIGN KEY ("convention_id") REFERENCES "public"."conventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_template_id_convention_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."convention_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_document_file_id_stored_files_id_fk" FOREIGN KEY ("document_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_sealed_file_id_stored_files_id_fk" FOREIGN KEY ("sealed_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conventions" ADD CONSTRAINT "conventions_attestation_file_id_stored_files_id_fk" FOREIGN KEY ("attestation_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "convention_events_seq_idx" ON "convention_events" USING btree ("convention_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "convention_signatories_role_idx" ON "convention_signatories" USING btree ("convention_id","role");--> statement-breakpoint
CREATE INDEX "convention_signatories_waiting_idx" ON "convention_signatories" USING btree ("convention_id") WHERE signed_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "convention_templates_version_idx" ON "convention_templates" USING btree ("academy_code","school_year","version");--> statement-breakpoint
CREATE UNIQUE INDEX "convention_templates_published_idx" ON "convention_templates" USING btree (coalesce("academy_code", ''),"school_year") WHERE status = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "conventions_application_idx" ON "conventions" USING btree ("application_id") WHERE amends_id is null and status <> 'cancelled';--> statement-breakpoint
CREATE INDEX "conventions_school_idx" ON "conventions" USING btree ("school_uai","status");--> statement-breakpoint
CREATE INDEX "conventions_host_idx" ON "conventions" USING btree ("host_id","status");--> statement-breakpoint
CREATE INDEX "conventions_student_idx" ON "conventions" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "conventions_amends_idx" ON "conventions" USING btree ("amends_id");--> statement-breakpoint
CREATE INDEX "signature_challenges_email_idx" ON "signature_challenges" USING btree ("email","created_at");--> statement-breakpoint
CREATE FUNCTION "convention_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'convention_events is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "convention_events_no_update" BEFORE UPDATE OR DELETE ON "convention_events" FOR EACH ROW EXECUTE FUNCTION "convention_events_append_only"();
