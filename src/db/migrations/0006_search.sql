-- Search (issue 4): French full text with accents folded, typo tolerance with trigrams.
-- An IMMUTABLE wrapper around unaccent (the extension's function is only STABLE), usable in indexes.
CREATE OR REPLACE FUNCTION ss_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = pg_catalog.french);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION french_unaccent
  ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
--> statement-breakpoint
-- search_vector: title (A), host and sector names (B), activities (C), description (D).
-- search_text: the short folded text (title, host, sector) the trigram similarity compares with.
-- Both read other tables (hosts, sectors), which a generated column cannot: a trigger keeps them,
-- so every writer (services, CSV import, the seed's bulk insert) gets them without knowing.
ALTER TABLE "offers" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "search_vector" tsvector;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offers_search_refresh() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  host_name text;
  sector_name text;
BEGIN
  SELECT h.name INTO host_name FROM hosts h WHERE h.id = NEW.host_id;
  SELECT s.name INTO sector_name FROM sectors s WHERE s.code = NEW.sector_code;
  NEW.search_vector :=
    setweight(to_tsvector('french_unaccent', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('french_unaccent', concat_ws(' ', host_name, sector_name)), 'B') ||
    setweight(to_tsvector('french_unaccent', coalesce(NEW.activities, '')), 'C') ||
    setweight(to_tsvector('french_unaccent', coalesce(NEW.description, '')), 'D');
  NEW.search_text := ss_fold(concat_ws(' ', NEW.title, host_name, sector_name));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER offers_search_refresh
  BEFORE INSERT OR UPDATE OF title, description, activities, host_id, sector_code ON "offers"
  FOR EACH ROW EXECUTE FUNCTION offers_search_refresh();
--> statement-breakpoint
-- a renamed host or sector refreshes its offers (touching title fires the trigger above)
CREATE OR REPLACE FUNCTION offers_search_refresh_host() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE offers SET title = title WHERE host_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER hosts_search_refresh
  AFTER UPDATE OF name ON "hosts"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION offers_search_refresh_host();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offers_search_refresh_sector() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE offers SET title = title WHERE sector_code = NEW.code;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sectors_search_refresh
  AFTER UPDATE OF name ON "sectors"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION offers_search_refresh_sector();
--> statement-breakpoint
UPDATE "offers" SET title = title;
--> statement-breakpoint
CREATE INDEX "offers_search_vector_idx" ON "offers" USING gin ("search_vector");
--> statement-breakpoint
CREATE INDEX "offers_search_text_trgm_idx" ON "offers" USING gin ("search_text" gin_trgm_ops);
--> statement-breakpoint
-- commune autocomplete: prefix of the folded name, prefix of the postal code
CREATE INDEX "communes_search_name_prefix_idx" ON "communes" ("search_name" text_pattern_ops);
--> statement-breakpoint
CREATE INDEX "communes_postal_code_prefix_idx" ON "communes" ("postal_code" text_pattern_ops);
--> statement-breakpoint
-- the search filters and orders on these columns alone (index-only scan), then reads the page's rows
CREATE INDEX "offers_geo_cover_idx" ON "offers" ("lat", "lon") INCLUDE ("id", "campaign_id", "status", "sector_code", "accessible", "priority_education", "host_id");
