-- The columns of migration 0007 (weeks, weeks_left, places_left, reserved), now declared in the
-- drizzle schema so that bulk writers (the seed, the national generator) can set them with the
-- offers and the triggers on offer_weeks find nothing to correct. Already there: no change.
ALTER TABLE "offers" ADD COLUMN IF NOT EXISTS "weeks" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN IF NOT EXISTS "weeks_left" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN IF NOT EXISTS "places_left" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN IF NOT EXISTS "reserved" boolean DEFAULT false NOT NULL;
