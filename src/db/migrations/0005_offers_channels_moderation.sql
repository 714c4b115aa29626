CREATE TABLE "offer_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"comment" text,
	"reporter_user_id" uuid,
	"reporter_ip" text,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "offer_reservations" (
	"offer_id" uuid NOT NULL,
	"school_uai" text NOT NULL,
	CONSTRAINT "offer_reservations_offer_id_school_uai_pk" PRIMARY KEY("offer_id","school_uai")
);
--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "priority_education" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "school_uai" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "service_uai" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "offer_flags" ADD CONSTRAINT "offer_flags_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_reservations" ADD CONSTRAINT "offer_reservations_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offer_flags_open_idx" ON "offer_flags" USING btree ("created_at") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "offer_flags_offer_idx" ON "offer_flags" USING btree ("offer_id");