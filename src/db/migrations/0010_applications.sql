CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"student_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"weeks" smallint NOT NULL,
	"motivation" text NOT NULL,
	"status" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"confirm_by" timestamp with time zone,
	"refused_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"host_message" text,
	"cancel_reason" text,
	"decided_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "applications_weeks_check" CHECK ("applications"."weeks" in (1, 2, 3))
);
--> statement-breakpoint
CREATE TABLE "placement_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"student_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"document_ref" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "placement_decisions_reason_check" CHECK (("placement_decisions"."kind" = 'exemption' and "placement_decisions"."reason" is not null) or ("placement_decisions"."kind" = 'repli' and "placement_decisions"."reason" is null))
);
--> statement-breakpoint
CREATE TABLE "split_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"school_uai" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decision" text,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "split_approvals_application_id_unique" UNIQUE("application_id")
);
--> statement-breakpoint
CREATE TABLE "student_weeks" (
	"student_id" uuid NOT NULL,
	"week" smallint NOT NULL,
	"application_id" uuid NOT NULL,
	CONSTRAINT "student_weeks_student_id_week_pk" PRIMARY KEY("student_id","week"),
	CONSTRAINT "student_weeks_week_check" CHECK ("student_weeks"."week" in (1, 2))
);
--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_decisions" ADD CONSTRAINT "placement_decisions_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_approvals" ADD CONSTRAINT "split_approvals_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_approvals" ADD CONSTRAINT "split_approvals_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_weeks" ADD CONSTRAINT "student_weeks_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_weeks" ADD CONSTRAINT "student_weeks_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_live_idx" ON "applications" USING btree ("student_id","offer_id") WHERE status in ('pending', 'accepted', 'split_pending', 'confirmed');--> statement-breakpoint
CREATE INDEX "applications_offer_status_idx" ON "applications" USING btree ("offer_id","status","applied_at");--> statement-breakpoint
CREATE INDEX "applications_student_idx" ON "applications" USING btree ("student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "placement_decisions_current_idx" ON "placement_decisions" USING btree ("student_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "split_approvals_waiting_idx" ON "split_approvals" USING btree ("school_uai","requested_at") WHERE decision is null;--> statement-breakpoint
CREATE INDEX "student_weeks_application_idx" ON "student_weeks" USING btree ("application_id");