import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import { EARTH_RADIUS_KM, boundingBox, type Point } from '../domain/geo.ts';

export interface OfferSearchFilter {
  schoolYear: string;
  center: Point | null;
  radiusKm: number;
  q: string | null;
  sectors: readonly string[];
  week: 1 | 2 | 'both' | null;
  placesLeft: boolean;
  accessible: boolean;
  host: 'public' | 'private' | null;
  /** the lycée of a signed-in student: offers reserved to it are shown */
  schoolUai: string | null;
  /** REP/REP+/QPV student: prioritised offers first */
  priorityFirst: boolean;
  sort: 'distance' | 'relevance';
  limit: number;
  offset: number;
  /** "match": full text; "near": trigram similarity among offers the full text missed */
  mode: 'match' | 'near';
}

export interface OfferSearchRow {
  id: string;
  title: string;
  hostName: string;
  sectorCode: string;
  sectorName: string;
  communeName: string | null;
  postalCode: string | null;
  lat: number | null;
  lon: number | null;
  accessible: boolean;
  isPublic: boolean;
  educationNationale: boolean;
  priorityEducation: boolean;
  distanceKm: number | null;
  total: number;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

function haversine(center: Point): SQL {
  const lat = sql`${center.lat}::float8`;
  const lon = sql`${center.lon}::float8`;
  return sql`(2 * ${EARTH_RADIUS_KM}::float8 * asin(sqrt(
    power(sin(radians(o.lat - ${lat}) / 2), 2)
    + cos(radians(${lat})) * cos(radians(o.lat)) * power(sin(radians(o.lon - ${lon}) / 2), 2))))`;
}

/**
 * The school year of the campaign to search, in SQL: the one of today when it has campaigns, or
 * else the latest (one InitPlan, no round trip).
 */
function campaignYear(schoolYear: string): SQL {
  return sql`(select coalesce(
    (select school_year from campaigns where school_year = ${schoolYear} limit 1),
    (select max(school_year) from campaigns)))`;
}

/**
 * The conditions on `offers o` of a search, all answered by the covering index for a search
 * without text: campaign, status, bounding box, text, filters, eligibility. The exact distance is
 * checked one level up (see matching), so that it is computed once per row.
 */
function offerConditions(f: OfferSearchFilter, tsq: SQL, folded: SQL): SQL[] {
  const where: SQL[] = [
    sql`o.campaign_id in (select id from campaigns c where c.school_year = ${campaignYear(f.schoolYear)})`,
    sql`o.status in ('published', 'full')`,
  ];
  if (f.center) {
    const box = boundingBox(f.center, f.radiusKm);
    where.push(sql`o.lat between ${box.minLat}::float8 and ${box.maxLat}::float8`);
    where.push(sql`o.lon between ${box.minLon}::float8 and ${box.maxLon}::float8`);
  }
  if (f.q !== null) {
    if (f.mode === 'match') where.push(sql`o.search_vector @@ ${tsq}`);
    else where.push(sql`${folded} <% o.search_text and not (o.search_vector @@ ${tsq})`);
  }
  if (f.sectors.length > 0) where.push(sql`o.sector_code in (${list(f.sectors)})`);
  if (f.accessible) where.push(sql`o.accessible`);
  if (f.host)
    where.push(
      sql`exists (select 1 from hosts h where h.id = o.host_id and h.is_public = ${f.host === 'public'})`,
    );
  // weeks and weeks_left are bit sets kept by triggers on offer_weeks (bit 1: week 1, bit 2: week 2)
  const weeks = f.placesLeft ? sql`o.weeks_left` : sql`o.weeks`;
  if (f.week === 1 || f.week === 2) where.push(sql`(${weeks} & ${f.week}::smallint) <> 0`);
  else if (f.week === 'both') where.push(sql`${weeks} = 3::smallint`);
  else if (f.placesLeft) where.push(sql`o.weeks_left <> 0::smallint`);
  // reserved is kept by triggers on offer_reservations. A stage found outside the platform
  // (source 'off_platform') is a private offer always reserved to its student's lycée: hidden from
  // everyone by `not o.reserved`, and from that lycée's students by the check below, made only for
  // reserved rows so that the search keeps reading the covering index (which has no source column)
  where.push(
    f.schoolUai
      ? sql`(not o.reserved
          or exists (select 1 from offer_reservations r join offers x on x.id = r.offer_id
            where r.offer_id = o.id and r.school_uai = ${f.schoolUai} and x.source <> 'off_platform'))`
      : sql`not o.reserved`,
  );
  return where;
}

/**
 * The offers matching the filter, as rows (id, "priorityEducation", "distanceKm", score, total)
 * in no particular order. The inner query reads the index columns and computes the distance once
 * per row of the bounding box (OFFSET 0 keeps the planner from copying the expression into the
 * outer filter); the outer one keeps the disc, scores the text and counts.
 */
function matching(f: OfferSearchFilter, extra: SQL[] = []): SQL {
  const tsq = sql`websearch_to_tsquery('french_unaccent', ${f.q ?? ''})`;
  const folded = sql`ss_fold(${f.q ?? ''})`;
  const where = [...offerConditions(f, tsq, folded), ...extra];
  const distance = f.center ? haversine(f.center) : sql`null::double precision`;
  const text = f.q === null ? sql`` : sql`, o.search_vector, o.search_text`;
  const score =
    f.q === null
      ? sql`0::real`
      : f.mode === 'match'
        ? sql`ts_rank_cd(m.search_vector, ${tsq}, 1)`
        : sql`word_similarity(${folded}, m.search_text)`;
  return sql`select m.id, m."priorityEducation", m."distanceKm", ${score} as score, count(*) over ()::int as total
    from (
      select o.id, o.priority_education as "priorityEducation", ${distance} as "distanceKm"${text}
      from offers o
      where ${sql.join(where, sql` and `)}
      offset 0
    ) m
    ${f.center ? sql`where m."distanceKm" <= ${f.radiusKm}::float8` : sql``}`;
}

export interface OfferSearchPageRow extends OfferSearchRow {
  /** [week, places, taken] of each week of the offer */
  weeks: [number, number, number][] | null;
}

/** One page of visible offers of the campaign matching the filter, with the total count and weeks. */
export async function searchOffers(db: Db, f: OfferSearchFilter): Promise<OfferSearchPageRow[]> {
  const order: SQL[] = [];
  if (f.priorityFirst) order.push(sql`"priorityEducation" desc`);
  if (f.q !== null && f.sort === 'relevance') order.push(sql`score desc`);
  if (f.center) order.push(sql`"distanceKm" asc`);
  order.push(sql`id asc`);

  // filter and order on the offers' index columns alone, then read the page's rows and names
  const inner = order.map((o) => sql`found.${o}`);
  return rows<OfferSearchPageRow>(
    db,
    sql`select o.id, o.title, h.name as "hostName", o.sector_code as "sectorCode", s.name as "sectorName",
        o.commune_name as "communeName", o.postal_code as "postalCode", o.lat, o.lon, o.accessible,
        h.is_public as "isPublic", o.education_nationale as "educationNationale",
        page."priorityEducation", page."distanceKm", page.total,
        (select json_agg(json_build_array(w.week, w.places, w.taken))
          from offer_weeks w where w.offer_id = o.id) as weeks
      from (
        select * from (${matching(f)}) found
        order by ${sql.join(inner, sql`, `)}
        limit ${f.limit}::int offset ${f.offset}::int
      ) page
        join offers o on o.id = page.id
        join hosts h on h.id = o.host_id
        join sectors s on s.code = o.sector_code
      order by ${sql.join(
        order.map((o) => sql`page.${o}`),
        sql`, `,
      )}`,
  );
}

export interface OfferMapRow {
  id: string;
  lat: number;
  lon: number;
  title: string;
  hostName: string;
  placesLeft: number;
  total: number;
}

/**
 * The located offers matching the filter as map points, nearest first (by relevance, then id,
 * without a centre), at most f.limit, each with the places left over its weeks and the total.
 */
export async function mapOffers(db: Db, f: OfferSearchFilter): Promise<OfferMapRow[]> {
  const order: SQL[] = [];
  if (f.center) order.push(sql`"distanceKm" asc`);
  else if (f.q !== null) order.push(sql`score desc`);
  order.push(sql`id asc`);
  const located: OfferSearchFilter = { ...f, mode: 'match' };
  return rows<OfferMapRow>(
    db,
    sql`select o.id, o.lat, o.lon, o.title, h.name as "hostName", o.places_left as "placesLeft", page.total
      from (
        select * from (${matching(located, [sql`o.lat is not null and o.lon is not null`])}) found
        order by ${sql.join(
          order.map((o) => sql`found.${o}`),
          sql`, `,
        )}
        limit ${f.limit}::int
      ) page
        join offers o on o.id = page.id
        join hosts h on h.id = o.host_id
      order by ${sql.join(
        order.map((o) => sql`page.${o}`),
        sql`, `,
      )}`,
  );
}

/** The total alone, for a page past the end. */
export async function countOffers(db: Db, f: OfferSearchFilter): Promise<number> {
  const [first] = await searchOffers(db, { ...f, limit: 1, offset: 0 });
  return first?.total ?? 0;
}

/** The platform's sectors, by name (French collation: accents do not move a name to the end). */
export async function allSectors(db: Db): Promise<{ code: string; name: string }[]> {
  const found = await rows<{ code: string; name: string }>(db, sql`select code, name from sectors`);
  return found.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export async function knownSectors(db: Db, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const found = await rows<{ code: string }>(
    db,
    sql`select code from sectors where code in (${list(codes)})`,
  );
  return found.map((r) => r.code);
}

export interface StudentPlace {
  schoolUai: string;
  home: Point | null;
  school: Point | null;
  priority: boolean;
}

export async function studentPlace(db: Db, studentId: string): Promise<StudentPlace | null> {
  const [row] = await rows<{
    schoolUai: string;
    homeLat: number | null;
    homeLon: number | null;
    lat: number | null;
    lon: number | null;
    priority: boolean;
  }>(
    db,
    sql`select st.school_uai as "schoolUai", st.home_lat as "homeLat", st.home_lon as "homeLon",
        sc.lat, sc.lon, (sc.priority_education is not null or sc.qpv) as priority
      from students st join schools sc on sc.uai = st.school_uai where st.id = ${studentId}`,
  );
  if (!row) return null;
  return {
    schoolUai: row.schoolUai,
    home: row.homeLat !== null && row.homeLon !== null ? { lat: row.homeLat, lon: row.homeLon } : null,
    school: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    priority: row.priority,
  };
}

export interface CommuneRow {
  insee: string;
  name: string;
  postalCode: string;
  departementCode: string;
  lat: number;
  lon: number;
}

export async function communeByInsee(db: Db, insee: string): Promise<CommuneRow | null> {
  const [row] = await rows<CommuneRow>(
    db,
    sql`select insee, name, postal_code as "postalCode", departement_code as "departementCode", lat, lon
      from communes where insee = ${insee} and lat is not null
      order by (type = 'COM') desc, population desc nulls last limit 1`,
  );
  return row ?? null;
}

/** Communes whose folded name or postal code starts with the text, most populous first. */
export async function communesStartingWith(
  db: Db,
  search: { name: string | null; postalCode: string | null },
  limit: number,
): Promise<CommuneRow[]> {
  const cond = search.postalCode
    ? sql`postal_code like ${`${search.postalCode}%`}`
    : sql`(search_name like ${`${search.name}%`} or search_name like ${`% ${search.name}%`})`;
  return rows<CommuneRow>(
    db,
    sql`select distinct on (insee, postal_code) insee, name, postal_code as "postalCode",
        departement_code as "departementCode", lat, lon, population, (search_name like ${`${search.name ?? ''}%`}) as starts
      from communes where lat is not null and type = 'COM' and ${cond}
      order by insee, postal_code
      limit 500`,
  ).then((found) =>
    (found as (CommuneRow & { population: number | null; starts: boolean })[])
      .sort((a, b) => Number(b.starts) - Number(a.starts) || (b.population ?? 0) - (a.population ?? 0))
      .slice(0, limit)
      .map(({ insee, name, postalCode, departementCode, lat, lon }) => ({
        insee,
        name,
        postalCode,
        departementCode,
        lat,
        lon,
      })),
  );
}

/** Every commune row, for the offline geocoder. */
export async function allCommunes(db: Db) {
  return rows<{
    insee: string;
    postalCode: string;
    name: string;
    lat: number | null;
    lon: number | null;
    population: number | null;
    type: string;
    departementCode: string;
    parentInsee: string | null;
  }>(
    db,
    sql`select insee, postal_code as "postalCode", name, lat, lon, population, type,
      departement_code as "departementCode", parent_insee as "parentInsee" from communes`,
  );
}
