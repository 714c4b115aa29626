-- Search at national scale (issue 4, "Numbers"): what the week, places-left and eligibility filters
-- need is kept on the offer itself, so that the search filters and orders on one covering index and
-- never probes offer_weeks or offer_reservations row by row.
--   weeks: bit 1 = week 1 offered, bit 2 = week 2 offered (the week number is its bit);
--   weeks_left: the same bits, for the weeks with places left;
--   places_left: places left summed over the weeks (the map's figure);
--   reserved: the offer is reserved to some lycées (offer_reservations has rows for it).
-- Statement-level triggers with transition tables keep them: a bulk insert of weeks (the seed, the
-- national generator) updates each offer once per statement instead of once per week row.
ALTER TABLE "offers" ADD COLUMN "weeks" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "weeks_left" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "places_left" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "reserved" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offers_weeks_sync(ids uuid[]) RETURNS void
  LANGUAGE sql
  AS $$
  UPDATE offers o
  SET weeks = s.weeks, weeks_left = s.weeks_left, places_left = s.places_left
  FROM (
    SELECT i.id,
      coalesce(bit_or(w.week), 0)::smallint AS weeks,
      coalesce(bit_or(w.week) FILTER (WHERE w.taken < w.places), 0)::smallint AS weeks_left,
      coalesce(sum(w.places - w.taken), 0)::integer AS places_left
    FROM unnest(ids) AS i(id)
      LEFT JOIN offer_weeks w ON w.offer_id = i.id
    GROUP BY i.id
  ) s
  WHERE o.id = s.id
    AND (o.weeks, o.weeks_left, o.places_left) IS DISTINCT FROM (s.weeks, s.weeks_left, s.places_left)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offer_weeks_sync_new() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM offers_weeks_sync(array(SELECT DISTINCT offer_id FROM new_rows));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offer_weeks_sync_old() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM offers_weeks_sync(array(SELECT DISTINCT offer_id FROM old_rows));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offer_weeks_sync_both() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM offers_weeks_sync(array(SELECT offer_id FROM new_rows UNION SELECT offer_id FROM old_rows));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER offer_weeks_sync_insert AFTER INSERT ON "offer_weeks"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION offer_weeks_sync_new();
--> statement-breakpoint
CREATE TRIGGER offer_weeks_sync_update AFTER UPDATE ON "offer_weeks"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION offer_weeks_sync_both();
--> statement-breakpoint
CREATE TRIGGER offer_weeks_sync_delete AFTER DELETE ON "offer_weeks"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION offer_weeks_sync_old();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offers_reserved_sync(ids uuid[]) RETURNS void
  LANGUAGE sql
  AS $$
  UPDATE offers o
  SET reserved = s.reserved
  FROM (
    SELECT i.id, exists (SELECT 1 FROM offer_reservations r WHERE r.offer_id = i.id) AS reserved
    FROM (SELECT DISTINCT id FROM unnest(ids) AS u(id)) i
  ) s
  WHERE o.id = s.id AND o.reserved IS DISTINCT FROM s.reserved
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offer_reservations_sync_new() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM offers_reserved_sync(array(SELECT offer_id FROM new_rows));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offer_reservations_sync_old() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM offers_reserved_sync(array(SELECT offer_id FROM old_rows));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offer_reservations_sync_both() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM offers_reserved_sync(array(SELECT offer_id FROM new_rows UNION SELECT offer_id FROM old_rows));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER offer_reservations_sync_insert AFTER INSERT ON "offer_reservations"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION offer_reservations_sync_new();
--> statement-breakpoint
CREATE TRIGGER offer_reservations_sync_update AFTER UPDATE ON "offer_reservations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION offer_reservations_sync_both();
--> statement-breakpoint
CREATE TRIGGER offer_reservations_sync_delete AFTER DELETE ON "offer_reservations"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION offer_reservations_sync_old();
--> statement-breakpoint
SELECT offers_weeks_sync(array(SELECT DISTINCT offer_id FROM offer_weeks));
--> statement-breakpoint
SELECT offers_reserved_sync(array(SELECT DISTINCT offer_id FROM offer_reservations));
--> statement-breakpoint
-- the search filters and orders on these columns alone (index-only scan), then reads the page's rows
DROP INDEX IF EXISTS "offers_geo_cover_idx";
--> statement-breakpoint
CREATE INDEX "offers_search_cover_idx" ON "offers" ("lat", "lon") INCLUDE ("id", "campaign_id", "status", "sector_code", "accessible", "priority_education", "weeks", "weeks_left", "reserved", "places_left", "host_id");
