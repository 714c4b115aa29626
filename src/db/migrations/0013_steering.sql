CREATE TABLE "steering_daily" (
	"school_year" text NOT NULL,
	"day" date NOT NULL,
	"school_uai" text NOT NULL,
	"figures" jsonb NOT NULL,
	CONSTRAINT "steering_daily_school_year_day_school_uai_pk" PRIMARY KEY("school_year","day","school_uai")
);
--> statement-breakpoint
CREATE TABLE "steering_figures" (
	"school_year" text NOT NULL,
	"school_uai" text NOT NULL,
	"class_key" text NOT NULL,
	"metric" text NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "steering_figures_school_year_class_key_school_uai_metric_pk" PRIMARY KEY("school_year","class_key","school_uai","metric")
);
--> statement-breakpoint
CREATE TABLE "steering_offer_figures" (
	"school_year" text NOT NULL,
	"commune_insee" text NOT NULL,
	"departement_code" text,
	"academy_code" text NOT NULL,
	"nearest_uai" text,
	"bassin_code" text,
	"sector_code" text NOT NULL,
	"host_kind" text NOT NULL,
	"offers" integer NOT NULL,
	"places_week1" integer NOT NULL,
	"places_week2" integer NOT NULL,
	"taken_week1" integer NOT NULL,
	"taken_week2" integer NOT NULL,
	CONSTRAINT "steering_offer_figures_school_year_commune_insee_sector_code_host_kind_pk" PRIMARY KEY("school_year","commune_insee","sector_code","host_kind")
);
--> statement-breakpoint
CREATE TABLE "steering_refreshes" (
	"school_year" text PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "summary_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"token_hash" text NOT NULL,
	"subscribed" boolean DEFAULT true NOT NULL,
	"last_sent_at" timestamp with time zone,
	"last_sent_day" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "summary_subscriptions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "summary_subscriptions" ADD CONSTRAINT "summary_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "steering_offer_figures_academy_idx" ON "steering_offer_figures" USING btree ("school_year","academy_code");--> statement-breakpoint
CREATE UNIQUE INDEX "summary_subscriptions_user_kind_idx" ON "summary_subscriptions" USING btree ("user_id","kind");