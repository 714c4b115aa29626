CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE TABLE "academic_services" (
	"uai" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"nature" text,
	"address" text,
	"postal_code" text,
	"commune_name" text,
	"departement_code" text NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"email" text,
	"circonscription_id" text
);
--> statement-breakpoint
CREATE TABLE "academies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"region_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bassins" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"academy_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"academy_code" text NOT NULL,
	"school_year" text NOT NULL,
	"week1_start" date NOT NULL,
	"week1_end" date NOT NULL,
	"week2_start" date NOT NULL,
	"week2_end" date NOT NULL,
	"hosts_open_on" date NOT NULL,
	"students_open_on" date NOT NULL,
	"settings" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "circonscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"departement_code" text NOT NULL,
	"office_uai" text
);
--> statement-breakpoint
CREATE TABLE "classes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_uai" text NOT NULL,
	"school_year" text NOT NULL,
	"name" text NOT NULL,
	"declared_size" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communes" (
	"insee" text NOT NULL,
	"postal_code" text NOT NULL,
	"name" text NOT NULL,
	"search_name" text NOT NULL,
	"departement_code" text NOT NULL,
	"region_code" text NOT NULL,
	"type" text NOT NULL,
	"parent_insee" text,
	"lat" double precision,
	"lon" double precision,
	"population" integer,
	CONSTRAINT "communes_insee_postal_code_pk" PRIMARY KEY("insee","postal_code")
);
--> statement-breakpoint
CREATE TABLE "departements" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"academy_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guardians" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"student_id" uuid NOT NULL,
	"rank" smallint NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone" text,
	CONSTRAINT "guardians_rank_check" CHECK ("guardians"."rank" in (1, 2))
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"uai" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"is_public" boolean NOT NULL,
	"private_contract" text,
	"address" text,
	"postal_code" text,
	"commune_insee" text,
	"commune_name" text,
	"departement_code" text NOT NULL,
	"academy_code" text NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"email" text,
	"agricultural" boolean DEFAULT false NOT NULL,
	"priority_education" text,
	"qpv" boolean DEFAULT false NOT NULL,
	"bassin_code" text,
	"headcount_2de_gt" integer,
	"pupils" integer,
	"nature" text,
	"circonscription_id" text
);
--> statement-breakpoint
CREATE TABLE "sectors" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"offers_2025" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sectors_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "students" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ine" text,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"birth_date" date NOT NULL,
	"class_id" uuid NOT NULL,
	"school_uai" text NOT NULL,
	"home_commune_insee" text,
	"home_postal_code" text,
	"home_lat" double precision,
	"home_lon" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "students_ine_unique" UNIQUE("ine")
);
--> statement-breakpoint
CREATE TABLE "hosts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"siret" text,
	"is_public" boolean NOT NULL,
	"public_employer_group" text,
	"naf_code" text,
	"address" text,
	"postal_code" text,
	"commune_insee" text,
	"commune_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hosts_siret_unique" UNIQUE("siret")
);
--> statement-breakpoint
CREATE TABLE "offer_weeks" (
	"offer_id" uuid NOT NULL,
	"week" smallint NOT NULL,
	"places" integer NOT NULL,
	"taken" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "offer_weeks_offer_id_week_pk" PRIMARY KEY("offer_id","week"),
	CONSTRAINT "offer_weeks_week_check" CHECK ("offer_weeks"."week" in (1, 2)),
	CONSTRAINT "offer_weeks_places_check" CHECK ("offer_weeks"."places" > 0),
	CONSTRAINT "offer_weeks_taken_check" CHECK ("offer_weeks"."taken" >= 0 and "offer_weeks"."taken" <= "offer_weeks"."places")
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"host_id" uuid NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"activities" text,
	"sector_code" text NOT NULL,
	"address" text,
	"postal_code" text,
	"commune_insee" text,
	"commune_name" text,
	"lat" double precision,
	"lon" double precision,
	"geocode_method" text,
	"group_reception" boolean DEFAULT false NOT NULL,
	"hours" jsonb,
	"lunch" text,
	"accessible" boolean DEFAULT false NOT NULL,
	"education_nationale" boolean DEFAULT false NOT NULL,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "academic_services" ADD CONSTRAINT "academic_services_departement_code_departements_code_fk" FOREIGN KEY ("departement_code") REFERENCES "public"."departements"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academic_services" ADD CONSTRAINT "academic_services_circonscription_id_circonscriptions_id_fk" FOREIGN KEY ("circonscription_id") REFERENCES "public"."circonscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bassins" ADD CONSTRAINT "bassins_academy_code_academies_code_fk" FOREIGN KEY ("academy_code") REFERENCES "public"."academies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_academy_code_academies_code_fk" FOREIGN KEY ("academy_code") REFERENCES "public"."academies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circonscriptions" ADD CONSTRAINT "circonscriptions_departement_code_departements_code_fk" FOREIGN KEY ("departement_code") REFERENCES "public"."departements"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_school_uai_schools_uai_fk" FOREIGN KEY ("school_uai") REFERENCES "public"."schools"("uai") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departements" ADD CONSTRAINT "departements_academy_code_academies_code_fk" FOREIGN KEY ("academy_code") REFERENCES "public"."academies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guardians" ADD CONSTRAINT "guardians_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_departement_code_departements_code_fk" FOREIGN KEY ("departement_code") REFERENCES "public"."departements"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_academy_code_academies_code_fk" FOREIGN KEY ("academy_code") REFERENCES "public"."academies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_bassin_code_bassins_code_fk" FOREIGN KEY ("bassin_code") REFERENCES "public"."bassins"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_circonscription_id_circonscriptions_id_fk" FOREIGN KEY ("circonscription_id") REFERENCES "public"."circonscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_school_uai_schools_uai_fk" FOREIGN KEY ("school_uai") REFERENCES "public"."schools"("uai") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_weeks" ADD CONSTRAINT "offer_weeks_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_sector_code_sectors_code_fk" FOREIGN KEY ("sector_code") REFERENCES "public"."sectors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_academy_year_idx" ON "campaigns" USING btree ("academy_code","school_year");--> statement-breakpoint
CREATE UNIQUE INDEX "classes_school_year_name_idx" ON "classes" USING btree ("school_uai","school_year","name");--> statement-breakpoint
CREATE INDEX "communes_postal_code_idx" ON "communes" USING btree ("postal_code");--> statement-breakpoint
CREATE INDEX "communes_search_name_idx" ON "communes" USING btree ("search_name");--> statement-breakpoint
CREATE UNIQUE INDEX "guardians_student_rank_idx" ON "guardians" USING btree ("student_id","rank");--> statement-breakpoint
CREATE INDEX "schools_departement_idx" ON "schools" USING btree ("departement_code");--> statement-breakpoint
CREATE INDEX "schools_academy_idx" ON "schools" USING btree ("academy_code");--> statement-breakpoint
CREATE INDEX "schools_circonscription_idx" ON "schools" USING btree ("circonscription_id");--> statement-breakpoint
CREATE INDEX "students_school_idx" ON "students" USING btree ("school_uai");--> statement-breakpoint
CREATE INDEX "students_class_idx" ON "students" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "hosts_name_idx" ON "hosts" USING btree ("name");--> statement-breakpoint
CREATE INDEX "offers_campaign_status_idx" ON "offers" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "offers_host_idx" ON "offers" USING btree ("host_id");--> statement-breakpoint
CREATE INDEX "offers_lat_lon_idx" ON "offers" USING btree ("lat","lon");--> statement-breakpoint
CREATE INDEX "offers_sector_idx" ON "offers" USING btree ("sector_code");