CREATE TABLE "steering_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"school_uai" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "steering_offer_figures" DROP CONSTRAINT "steering_offer_figures_school_year_commune_insee_sector_code_host_kind_pk";--> statement-breakpoint
ALTER TABLE "steering_offer_figures" ADD CONSTRAINT "steering_offer_figures_school_year_academy_code_commune_insee_sector_code_host_kind_pk" PRIMARY KEY("school_year","academy_code","commune_insee","sector_code","host_kind");--> statement-breakpoint
ALTER TABLE "steering_refreshes" ADD COLUMN "full_refreshed_at" timestamp with time zone;--> statement-breakpoint
-- Lycées whose placement facts changed since the steering refresh last looked (issue 7): one
-- append-only row per lycée and statement, so writers never wait on each other or on a refresh.
-- Statement-level triggers with transition tables: a bulk insert costs one extra insert.
CREATE FUNCTION steering_mark_by_student() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO steering_changes (school_uai)
  SELECT DISTINCT s.school_uai FROM changed_rows c JOIN students s ON s.id = c.student_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION steering_mark_by_school() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO steering_changes (school_uai)
  SELECT DISTINCT c.school_uai FROM changed_rows c WHERE c.school_uai IS NOT NULL;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION steering_mark_by_convention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO steering_changes (school_uai)
  SELECT DISTINCT cv.school_uai FROM changed_rows c JOIN conventions cv ON cv.id = c.convention_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER applications_steering_insert AFTER INSERT ON "applications"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_student();
--> statement-breakpoint
CREATE TRIGGER applications_steering_update AFTER UPDATE ON "applications"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_student();
--> statement-breakpoint
CREATE TRIGGER student_weeks_steering_insert AFTER INSERT ON "student_weeks"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_student();
--> statement-breakpoint
CREATE TRIGGER student_weeks_steering_update AFTER UPDATE ON "student_weeks"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_student();
--> statement-breakpoint
CREATE TRIGGER student_weeks_steering_delete AFTER DELETE ON "student_weeks"
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_student();
--> statement-breakpoint
CREATE TRIGGER placement_decisions_steering_insert AFTER INSERT ON "placement_decisions"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_student();
--> statement-breakpoint
CREATE TRIGGER placement_decisions_steering_update AFTER UPDATE ON "placement_decisions"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_student();
--> statement-breakpoint
CREATE TRIGGER conventions_steering_insert AFTER INSERT ON "conventions"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_school();
--> statement-breakpoint
CREATE TRIGGER conventions_steering_update AFTER UPDATE ON "conventions"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_school();
--> statement-breakpoint
CREATE TRIGGER convention_signatories_steering_insert AFTER INSERT ON "convention_signatories"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_convention();
--> statement-breakpoint
CREATE TRIGGER convention_signatories_steering_update AFTER UPDATE ON "convention_signatories"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_convention();
--> statement-breakpoint
CREATE TRIGGER convention_signatories_steering_delete AFTER DELETE ON "convention_signatories"
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_convention();
--> statement-breakpoint
CREATE TRIGGER students_steering_insert AFTER INSERT ON "students"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_school();
--> statement-breakpoint
CREATE TRIGGER students_steering_update AFTER UPDATE ON "students"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_school();
--> statement-breakpoint
CREATE TRIGGER students_steering_delete AFTER DELETE ON "students"
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION steering_mark_by_school();
