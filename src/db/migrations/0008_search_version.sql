-- Search results cache (issue 4, "Numbers"): a number that changes with every write to what a
-- search answers from. The server keeps answers under the number read before the search, and reads
-- it again for each request: a write seen by a later request always misses the cache. A sequence
-- (not a row) so that writers never wait on each other; nextval is not rolled back, which only
-- costs a needless miss. The number moves when a statement runs, before its transaction commits:
-- a search run in between may keep the older rows under the new number, hence a short lifetime of
-- the cached answers (see src/search/cache.ts).
CREATE SEQUENCE IF NOT EXISTS "search_version";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_version_bump() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM nextval('search_version');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER offers_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "offers"
  FOR EACH STATEMENT EXECUTE FUNCTION search_version_bump();
--> statement-breakpoint
CREATE TRIGGER offer_weeks_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "offer_weeks"
  FOR EACH STATEMENT EXECUTE FUNCTION search_version_bump();
--> statement-breakpoint
CREATE TRIGGER offer_reservations_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "offer_reservations"
  FOR EACH STATEMENT EXECUTE FUNCTION search_version_bump();
--> statement-breakpoint
CREATE TRIGGER hosts_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "hosts"
  FOR EACH STATEMENT EXECUTE FUNCTION search_version_bump();
--> statement-breakpoint
CREATE TRIGGER sectors_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "sectors"
  FOR EACH STATEMENT EXECUTE FUNCTION search_version_bump();
--> statement-breakpoint
CREATE TRIGGER campaigns_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "campaigns"
  FOR EACH STATEMENT EXECUTE FUNCTION search_version_bump();
--> statement-breakpoint
CREATE TRIGGER communes_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "communes"
  FOR EACH STATEMENT EXECUTE FUNCTION search_version_bump();
