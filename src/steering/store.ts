import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';

export interface PublicCounts {
  lycees: number;
  students: number;
  offers: number;
  placesWeek1: number;
  placesWeek2: number;
  hosts: number;
  publicHosts: number;
}

export interface SectorCount {
  code: string;
  name: string;
  offers: number;
  places: number;
}

/** Offers that students can see in a campaign (not the private ones behind stages found outside the platform). */
const VISIBLE = sql`o.status in ('published', 'full') and o.source <> 'off_platform'`;

export async function publicCounts(db: Db, campaignId: string, schoolYear: string): Promise<PublicCounts> {
  const [r] = await rows<Record<keyof PublicCounts, string | number | null>>(
    db,
    sql`
      with visible as (
        select o.id, o.host_id from offers o where o.campaign_id = ${campaignId} and ${VISIBLE}
      )
      select
        (select count(*) from schools sc where sc.kind = 'lycee' and (sc.headcount_2de_gt > 0
          or exists (select 1 from classes c where c.school_uai = sc.uai and c.school_year = ${schoolYear}))) as "lycees",
        (select count(*) from students s join classes c on c.id = s.class_id
          where c.school_year = ${schoolYear}) as "students",
        (select count(*) from visible) as "offers",
        (select coalesce(sum(w.places), 0) from offer_weeks w join visible v on v.id = w.offer_id
          where w.week = 1) as "placesWeek1",
        (select coalesce(sum(w.places), 0) from offer_weeks w join visible v on v.id = w.offer_id
          where w.week = 2) as "placesWeek2",
        (select count(distinct v.host_id) from visible v) as "hosts",
        (select count(distinct v.host_id) from visible v join hosts h on h.id = v.host_id
          where h.is_public) as "publicHosts"
    `,
  );
  const n = (v: string | number | null | undefined) => Number(v ?? 0);
  return {
    lycees: n(r?.lycees),
    students: n(r?.students),
    offers: n(r?.offers),
    placesWeek1: n(r?.placesWeek1),
    placesWeek2: n(r?.placesWeek2),
    hosts: n(r?.hosts),
    publicHosts: n(r?.publicHosts),
  };
}

export async function offersBySector(db: Db, campaignId: string): Promise<SectorCount[]> {
  const result = await rows<{ code: string; name: string; offers: string | number; places: string | number }>(
    db,
    sql`
      select s.code, s.name, count(*) as offers,
             coalesce(sum((select sum(w.places) from offer_weeks w where w.offer_id = o.id)), 0) as places
      from offers o join sectors s on s.code = o.sector_code
      where o.campaign_id = ${campaignId} and ${VISIBLE}
      group by s.code, s.name
      order by count(*) desc, s.name
    `,
  );
  return result.map((r) => ({
    code: r.code,
    name: r.name,
    offers: Number(r.offers),
    places: Number(r.places),
  }));
}

export async function academyName(db: Db, code: string): Promise<string | undefined> {
  const [r] = await rows<{ name: string }>(db, sql`select name from academies where code = ${code}`);
  return r?.name;
}

// ---------------------------------------------------------------------------------------------
// Dashboards (issue 7): a few grouped queries over the precomputed figures (src/steering/refresh.ts)

const num = (v: string | number | null | undefined): number => Number(v ?? 0);

/** A scope found in the referentials, with the names and codes of everything above it. */
export interface ScopeRow {
  academyCode: string | null;
  academyName: string | null;
  departementCode: string | null;
  departementName: string | null;
  bassinCode: string | null;
  bassinName: string | null;
  /** the départements of a bassin's lycées */
  bassinDepartementCodes: string[] | null;
  schoolUai: string | null;
  schoolName: string | null;
  schoolCommune: string | null;
  schoolIsPublic: boolean | null;
  classId: string | null;
  className: string | null;
  classSchoolYear: string | null;
  circonscriptionId: string | null;
  circonscriptionName: string | null;
}

const SCOPE_COLUMNS = sql`
  a.code as "academyCode", a.name as "academyName"`;

/** The scope of a kind and code, or undefined when it does not exist. */
export async function findScopeRow(
  db: Db,
  kind: 'academie' | 'departement' | 'bassin' | 'lycee' | 'classe' | 'circonscription',
  code: string,
): Promise<ScopeRow | undefined> {
  let query: SQL;
  switch (kind) {
    case 'academie':
      query = sql`select ${SCOPE_COLUMNS} from academies a where a.code = ${code}`;
      break;
    case 'departement':
      query = sql`select ${SCOPE_COLUMNS}, d.code as "departementCode", d.name as "departementName"
        from departements d join academies a on a.code = d.academy_code where d.code = ${code}`;
      break;
    case 'bassin':
      query = sql`select ${SCOPE_COLUMNS}, b.code as "bassinCode", b.name as "bassinName",
          (select coalesce(array_agg(distinct sc.departement_code), '{}') from schools sc
            where sc.bassin_code = b.code and sc.kind = 'lycee') as "bassinDepartementCodes",
          -- the département's name, for the breadcrumb of a bassin within one département
          (select min(d.name) from departements d where d.code in (select sc.departement_code from schools sc
            where sc.bassin_code = b.code and sc.kind = 'lycee')) as "departementName"
        from bassins b join academies a on a.code = b.academy_code where b.code = ${code}`;
      break;
    case 'lycee':
    case 'classe':
      query = sql`select ${SCOPE_COLUMNS}, d.code as "departementCode", d.name as "departementName",
          b.code as "bassinCode", b.name as "bassinName",
          (select coalesce(array_agg(distinct x.departement_code), '{}') from schools x
            where x.bassin_code = b.code and x.kind = 'lycee') as "bassinDepartementCodes",
          sc.uai as "schoolUai", sc.name as "schoolName", sc.commune_name as "schoolCommune",
          sc.is_public as "schoolIsPublic"
          ${kind === 'classe' ? sql`, c.id as "classId", c.name as "className", c.school_year as "classSchoolYear"` : sql``}
        from schools sc
        join departements d on d.code = sc.departement_code
        join academies a on a.code = sc.academy_code
        left join bassins b on b.code = sc.bassin_code
        ${kind === 'classe' ? sql`join classes c on c.school_uai = sc.uai and c.id = ${code}::uuid` : sql``}
        where sc.kind = 'lycee' ${kind === 'lycee' ? sql`and sc.uai = ${code}` : sql``}`;
      break;
    case 'circonscription':
      query = sql`select ${SCOPE_COLUMNS}, d.code as "departementCode", d.name as "departementName",
          ci.id as "circonscriptionId", ci.name as "circonscriptionName"
        from circonscriptions ci join departements d on d.code = ci.departement_code
        join academies a on a.code = d.academy_code where ci.id = ${code}`;
      break;
  }
  const [r] = await rows<Partial<ScopeRow>>(db, query);
  if (!r) return undefined;
  return {
    academyCode: r.academyCode ?? null,
    academyName: r.academyName ?? null,
    departementCode: r.departementCode ?? null,
    departementName: r.departementName ?? null,
    bassinCode: r.bassinCode ?? null,
    bassinName: r.bassinName ?? null,
    bassinDepartementCodes: r.bassinDepartementCodes ?? null,
    schoolUai: r.schoolUai ?? null,
    schoolName: r.schoolName ?? null,
    schoolCommune: r.schoolCommune ?? null,
    schoolIsPublic: r.schoolIsPublic ?? null,
    classId: r.classId ?? null,
    className: r.className ?? null,
    classSchoolYear: r.classSchoolYear ?? null,
    circonscriptionId: r.circonscriptionId ?? null,
    circonscriptionName: r.circonscriptionName ?? null,
  };
}

/** Which lycées a dashboard sums: a part of the country, and the public/private filter. */
export interface SchoolSelection {
  academyCode?: string | undefined;
  departementCode?: string | undefined;
  bassinCode?: string | undefined;
  schoolUai?: string | undefined;
  /** true: public lycées only; false: private ones; undefined: all */
  isPublic?: boolean | undefined;
}

function schoolWhere(sel: SchoolSelection, alias = sql.raw('sc')): SQL {
  const c: SQL[] = [sql`${alias}.kind = 'lycee'`];
  if (sel.academyCode !== undefined) c.push(sql`${alias}.academy_code = ${sel.academyCode}`);
  if (sel.departementCode !== undefined) c.push(sql`${alias}.departement_code = ${sel.departementCode}`);
  if (sel.bassinCode !== undefined) c.push(sql`${alias}.bassin_code = ${sel.bassinCode}`);
  if (sel.schoolUai !== undefined) c.push(sql`${alias}.uai = ${sel.schoolUai}`);
  if (sel.isPublic !== undefined) c.push(sql`${alias}.is_public = ${sel.isPublic}`);
  return sql.join(c, sql` and `);
}

/** The key figures are grouped by: the next level of the drill-down. */
export type FigureGroup = 'total' | 'academy' | 'departement' | 'bassin' | 'lycee';

const GROUP_COLUMN: Record<FigureGroup, SQL> = {
  total: sql`''`,
  academy: sql`sc.academy_code`,
  departement: sql`sc.departement_code`,
  bassin: sql`sc.bassin_code`,
  lycee: sql`sc.uai`,
};

export interface FigureLine {
  /** the group's code; null for lycées without one (a lycée without bassin) */
  key: string | null;
  metric: string;
  value: number;
}

/** The lycées' student-side figures summed by metric, for each group (class_key = ''). */
export async function figuresBy(
  db: Db,
  schoolYear: string,
  sel: SchoolSelection,
  group: FigureGroup,
): Promise<FigureLine[]> {
  const list = await rows<{ key: string | null; metric: string; value: string | number }>(
    db,
    sql`select ${GROUP_COLUMN[group]} as key, f.metric, sum(f.value) as value
        from steering_figures f join schools sc on sc.uai = f.school_uai
        where f.school_year = ${schoolYear} and f.class_key = '' and ${schoolWhere(sel)}
        group by 1, 2`,
  );
  return list.map((r) => ({ key: r.key, metric: r.metric, value: num(r.value) }));
}

/** A lycée's figures by class (key: the class id; '' for the whole lycée), or one class's. */
export async function classFigures(
  db: Db,
  schoolYear: string,
  schoolUai: string,
  isPublic: boolean | undefined,
  classId?: string,
): Promise<FigureLine[]> {
  const list = await rows<{ key: string; metric: string; value: string | number }>(
    db,
    sql`select f.class_key as key, f.metric, f.value
        from steering_figures f join schools sc on sc.uai = f.school_uai
        where f.school_year = ${schoolYear} and f.school_uai = ${schoolUai}
          and ${schoolWhere({ isPublic })}
          ${classId === undefined ? sql`` : sql`and f.class_key = ${classId}`}`,
  );
  return list.map((r) => ({ key: r.key, metric: r.metric, value: num(r.value) }));
}

/** Which offers a dashboard sums (offers are not filtered by public/private lycée). */
export interface OfferSelection {
  academyCode?: string | undefined;
  departementCode?: string | undefined;
  bassinCode?: string | undefined;
  nearestUai?: string | undefined;
}

const OFFER_GROUP_COLUMN: Record<FigureGroup, SQL> = {
  total: sql`''`,
  academy: sql`o.academy_code`,
  departement: sql`o.departement_code`,
  bassin: sql`o.bassin_code`,
  lycee: sql`o.nearest_uai`,
};

function offerWhere(schoolYear: string, sel: OfferSelection): SQL {
  const c: SQL[] = [sql`o.school_year = ${schoolYear}`];
  if (sel.academyCode !== undefined) c.push(sql`o.academy_code = ${sel.academyCode}`);
  if (sel.departementCode !== undefined) c.push(sql`o.departement_code = ${sel.departementCode}`);
  if (sel.bassinCode !== undefined) c.push(sql`o.bassin_code = ${sel.bassinCode}`);
  if (sel.nearestUai !== undefined) c.push(sql`o.nearest_uai = ${sel.nearestUai}`);
  return sql.join(c, sql` and `);
}

export interface OfferLine {
  key: string | null;
  sectorCode: string;
  sectorName: string;
  hostKind: string;
  offers: number;
  placesWeek1: number;
  placesWeek2: number;
  takenWeek1: number;
  takenWeek2: number;
}

/** The offer-side figures summed by group, sector and kind of host. */
export async function offerFiguresBy(
  db: Db,
  schoolYear: string,
  sel: OfferSelection,
  group: FigureGroup,
): Promise<OfferLine[]> {
  const list = await rows<Record<keyof OfferLine, string | number | null>>(
    db,
    sql`select ${OFFER_GROUP_COLUMN[group]} as key, o.sector_code as "sectorCode",
               coalesce(s.name, o.sector_code) as "sectorName", o.host_kind as "hostKind",
               sum(o.offers) as offers, sum(o.places_week1) as "placesWeek1",
               sum(o.places_week2) as "placesWeek2", sum(o.taken_week1) as "takenWeek1",
               sum(o.taken_week2) as "takenWeek2"
        from steering_offer_figures o left join sectors s on s.code = o.sector_code
        where ${offerWhere(schoolYear, sel)}
        group by 1, 2, 3, 4`,
  );
  return list.map((r) => ({
    key: r.key === null ? null : String(r.key),
    sectorCode: String(r.sectorCode),
    sectorName: String(r.sectorName),
    hostKind: String(r.hostKind),
    offers: num(r.offers),
    placesWeek1: num(r.placesWeek1),
    placesWeek2: num(r.placesWeek2),
    takenWeek1: num(r.takenWeek1),
    takenWeek2: num(r.takenWeek2),
  }));
}

export interface NamedCode {
  code: string;
  name: string;
  /** a lycée's commune */
  commune?: string | null;
}

/** The children of a scope, with their names, in display order. */
export async function childScopes(
  db: Db,
  schoolYear: string,
  group: Exclude<FigureGroup, 'total'> | 'class',
  sel: SchoolSelection,
): Promise<NamedCode[]> {
  switch (group) {
    case 'academy':
      return rows(db, sql`select a.code, a.name from academies a order by a.name`);
    case 'departement':
      return rows(
        db,
        sql`select d.code, d.name from departements d where d.academy_code = ${sel.academyCode ?? ''}
            order by d.code`,
      );
    case 'bassin':
      return rows(
        db,
        sql`select distinct b.code, b.name from schools sc join bassins b on b.code = sc.bassin_code
            where ${schoolWhere({ ...sel, isPublic: undefined })} order by b.name`,
      );
    case 'lycee':
      // the lycées with figures this year (students of seconde GT)
      return rows(
        db,
        sql`select sc.uai as code, sc.name, sc.commune_name as commune from schools sc
            where ${schoolWhere(sel)} and exists (select 1 from steering_figures f
              where f.school_year = ${schoolYear} and f.school_uai = sc.uai and f.class_key = ''
                and f.metric = 'students')
            order by sc.name, sc.uai`,
      );
    case 'class':
      return rows(
        db,
        sql`select c.id as code, c.name from classes c
            where c.school_uai = ${sel.schoolUai ?? ''} and c.school_year = ${schoolYear}
            order by c.name`,
      );
  }
}

/** When the figures of a school year were last computed. */
export async function refreshedAt(db: Db, schoolYear: string): Promise<Date | null> {
  const [r] = await rows<{ at: string | Date }>(
    db,
    sql`select refreshed_at as at from steering_refreshes where school_year = ${schoolYear}`,
  );
  return r ? new Date(r.at) : null;
}

/** The day's snapshots summed by day for the selected lycées. */
export async function dailyTrend(
  db: Db,
  schoolYear: string,
  sel: SchoolSelection,
): Promise<{ day: string; students: number; placed: number }[]> {
  const list = await rows<{ day: string; students: string | number; placed: string | number }>(
    db,
    sql`select d.day::text as day, sum(coalesce((d.figures->>'students')::bigint, 0)) as students,
               sum(coalesce((d.figures->>'status.placed')::bigint, 0)) as placed
        from steering_daily d join schools sc on sc.uai = d.school_uai
        where d.school_year = ${schoolYear} and ${schoolWhere(sel)}
        group by d.day order by d.day`,
  );
  return list.map((r) => ({ day: r.day, students: num(r.students), placed: num(r.placed) }));
}

/**
 * A past year's snapshots summed by number of days before the first week of each lycée's
 * académie's campaign that year (lycées whose académie had no campaign are left out).
 */
export async function alignedTrend(
  db: Db,
  schoolYear: string,
  sel: SchoolSelection,
): Promise<{ day: string; daysBeforeWeek1: number; students: number; placed: number }[]> {
  const list = await rows<{
    day: string;
    before: string | number;
    students: string | number;
    placed: string | number;
  }>(
    db,
    sql`select min(d.day)::text as day, (c.week1_start - d.day) as before,
               sum(coalesce((d.figures->>'students')::bigint, 0)) as students,
               sum(coalesce((d.figures->>'status.placed')::bigint, 0)) as placed
        from steering_daily d
        join schools sc on sc.uai = d.school_uai
        join campaigns c on c.academy_code = sc.academy_code and c.school_year = d.school_year
        where d.school_year = ${schoolYear} and ${schoolWhere(sel)}
        group by 2 order by 2 desc`,
  );
  return list.map((r) => ({
    day: r.day,
    daysBeforeWeek1: num(r.before),
    students: num(r.students),
    placed: num(r.placed),
  }));
}

// ---------------------------------------------------------------------------------------------
// The map

export interface MapLycee {
  uai: string;
  name: string;
  commune: string | null;
  lat: number;
  lon: number;
  students: number;
  places: number;
}

/** The lycées of a selection with coordinates, their students and the places of their catchment. */
export async function mapLycees(
  db: Db,
  schoolYear: string,
  sel: SchoolSelection,
  offers: OfferSelection,
): Promise<MapLycee[]> {
  const list = await rows<Record<keyof MapLycee, string | number | null>>(
    db,
    sql`select sc.uai, sc.name, sc.commune_name as commune, sc.lat, sc.lon,
               coalesce(f.value, 0) as students, coalesce(p.places, 0) as places
        from schools sc
        left join steering_figures f on f.school_year = ${schoolYear} and f.school_uai = sc.uai
          and f.class_key = '' and f.metric = 'students'
        left join (select o.nearest_uai, sum(o.places_week1 + o.places_week2) as places
                   from steering_offer_figures o where ${offerWhere(schoolYear, offers)}
                   group by o.nearest_uai) p on p.nearest_uai = sc.uai
        where ${schoolWhere(sel)} and sc.lat is not null and sc.lon is not null
          and (f.value is not null or p.places is not null)
        order by sc.name, sc.uai`,
  );
  return list.map((r) => ({
    uai: String(r.uai),
    name: String(r.name),
    commune: r.commune === null ? null : String(r.commune),
    lat: Number(r.lat),
    lon: Number(r.lon),
    students: num(r.students),
    places: num(r.places),
  }));
}

/** Places of both weeks by commune of the offers. */
export async function placesByCommune(
  db: Db,
  schoolYear: string,
  sel: OfferSelection,
): Promise<Map<string, number>> {
  const list = await rows<{ insee: string; places: string | number }>(
    db,
    sql`select o.commune_insee as insee, sum(o.places_week1 + o.places_week2) as places
        from steering_offer_figures o
        where ${offerWhere(schoolYear, sel)} and o.commune_insee <> ''
        group by 1`,
  );
  return new Map(list.map((r) => [r.insee, num(r.places)]));
}

/** Students of this school year by home commune, counted live (académie and below). */
export async function studentsByHomeCommune(
  db: Db,
  schoolYear: string,
  sel: SchoolSelection,
  classId?: string,
): Promise<Map<string, number>> {
  const list = await rows<{ insee: string; students: string | number }>(
    db,
    sql`select s.home_commune_insee as insee, count(*) as students
        from students s
        join classes c on c.id = s.class_id and c.school_year = ${schoolYear}
        join schools sc on sc.uai = s.school_uai
        where ${schoolWhere(sel)} and s.home_commune_insee is not null
          ${classId === undefined ? sql`` : sql`and s.class_id = ${classId}`}
        group by 1`,
  );
  return new Map(list.map((r) => [r.insee, num(r.students)]));
}

/** Names and centres of communes (type COM), by INSEE code. */
export async function communeCentres(
  db: Db,
  insee: readonly string[],
): Promise<Map<string, { name: string; lat: number; lon: number }>> {
  if (insee.length === 0) return new Map();
  const list = await rows<{ insee: string; name: string; lat: number; lon: number }>(
    db,
    sql`select distinct on (c.insee) c.insee, c.name, c.lat, c.lon from communes c
        where c.type = 'COM' and c.lat is not null and c.lon is not null
          and c.insee = any(array[${sql.join(
            insee.map((i) => sql`${i}`),
            sql`, `,
          )}]::text[])
        order by c.insee, c.population desc nulls last, c.postal_code`,
  );
  return new Map(list.map((r) => [r.insee, { name: r.name, lat: Number(r.lat), lon: Number(r.lon) }]));
}

// ---------------------------------------------------------------------------------------------
// Viewers, reminders to heads

/** The classes of this school year a staff member is referent of, by name. */
export async function referentClasses(
  db: Db,
  schoolUai: string,
  userId: string,
  schoolYear: string,
): Promise<string[]> {
  const list = await rows<{ id: string }>(
    db,
    sql`select c.id from class_referents cr join classes c on c.id = cr.class_id
        where cr.user_id = ${userId} and c.school_uai = ${schoolUai} and c.school_year = ${schoolYear}
        order by c.name, c.id`,
  );
  return list.map((r) => r.id);
}

/** The audit action written once per lycée whose heads were reminded from a dashboard. */
export const HEAD_REMINDER_ACTION = 'steering.head_reminder_sent';

/** The heads (active accounts) of these lycées. */
export async function headsOf(
  db: Db,
  uais: readonly string[],
): Promise<{ schoolUai: string; email: string; firstName: string }[]> {
  if (uais.length === 0) return [];
  return rows(
    db,
    sql`select distinct m.school_uai as "schoolUai", lower(u.email) as email, u.first_name as "firstName"
        from memberships m join users u on u.id = m.user_id
        where m.role = 'school_head' and u.disabled_at is null
          and m.school_uai = any(array[${sql.join(
            uais.map((i) => sql`${i}`),
            sql`, `,
          )}]::text[])
        order by 1, 2`,
  );
}

/** The lycées among these whose heads were reminded since `since`. */
export async function headsRemindedSince(db: Db, uais: readonly string[], since: Date): Promise<Set<string>> {
  if (uais.length === 0) return new Set();
  const list = await rows<{ uai: string }>(
    db,
    sql`select distinct e.school_uai as uai from audit_events e
        where e.action = ${HEAD_REMINDER_ACTION} and e.at > ${since.toISOString()}
          and e.school_uai = any(array[${sql.join(
            uais.map((i) => sql`${i}`),
            sql`, `,
          )}]::text[])`,
  );
  return new Set(list.map((r) => r.uai));
}

/** Serialises the reminders to one lycée's heads until the transaction ends. */
export async function lockHeadReminders(db: Db, schoolUai: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`steering-head-reminders:${schoolUai}`}))`);
}

// ---------------------------------------------------------------------------------------------
// An IEN's circonscription: the écoles' offers, live

export interface EcoleOffers {
  uai: string;
  name: string;
  commune: string | null;
  offers: number;
  submitted: number;
  places: number;
  taken: number;
}

/** The écoles of a circonscription with their offers of a campaign (published or full: offers). */
export async function circonscriptionEcoles(
  db: Db,
  circonscriptionId: string,
  campaignId: string | null,
): Promise<EcoleOffers[]> {
  const campaign = campaignId ?? '00000000-0000-0000-0000-000000000000';
  const list = await rows<Record<keyof EcoleOffers, string | number | null>>(
    db,
    sql`select sc.uai, sc.name, sc.commune_name as commune,
               count(o.id) filter (where o.status in ('published', 'full')) as offers,
               count(o.id) filter (where o.status = 'submitted') as submitted,
               coalesce(sum(w.places) filter (where o.status in ('published', 'full')), 0) as places,
               coalesce(sum(w.taken) filter (where o.status in ('published', 'full')), 0) as taken
        from schools sc
        left join offers o on o.school_uai = sc.uai and o.campaign_id = ${campaign}
          and o.source <> 'off_platform'
        left join lateral (select sum(x.places) as places, sum(x.taken) as taken
                           from offer_weeks x where x.offer_id = o.id) w on true
        where sc.kind = 'ecole' and sc.circonscription_id = ${circonscriptionId}
        group by sc.uai, sc.name, sc.commune_name
        order by sc.name, sc.uai`,
  );
  return list.map((r) => ({
    uai: String(r.uai),
    name: String(r.name),
    commune: r.commune === null ? null : String(r.commune),
    offers: num(r.offers),
    submitted: num(r.submitted),
    places: num(r.places),
    taken: num(r.taken),
  }));
}

export interface CirconscriptionTotals {
  draft: number;
  submitted: number;
  published: number;
  full: number;
  returned: number;
  unpublished: number;
  week1: number;
  week2: number;
  taken1: number;
  taken2: number;
  oldestWaitingSince: string | null;
}

/** The écoles' offers by state (a returned offer is a draft with the IEN's reason), and places. */
export async function circonscriptionTotals(
  db: Db,
  circonscriptionId: string,
  campaignId: string | null,
): Promise<CirconscriptionTotals> {
  const campaign = campaignId ?? '00000000-0000-0000-0000-000000000000';
  const [r] = await rows<Record<keyof CirconscriptionTotals, string | number | Date | null>>(
    db,
    sql`with o as (
          select o.* from offers o join schools sc on sc.uai = o.school_uai
          where sc.kind = 'ecole' and sc.circonscription_id = ${circonscriptionId}
            and o.campaign_id = ${campaign} and o.source <> 'off_platform'
        )
        select
          count(*) filter (where o.status = 'draft' and o.status_reason is null) as draft,
          count(*) filter (where o.status = 'draft' and o.status_reason is not null) as returned,
          count(*) filter (where o.status = 'submitted') as submitted,
          count(*) filter (where o.status = 'published') as published,
          count(*) filter (where o.status = 'full') as full,
          count(*) filter (where o.status = 'unpublished') as unpublished,
          min(o.submitted_at) filter (where o.status = 'submitted') as "oldestWaitingSince",
          (select coalesce(sum(w.places), 0) from offer_weeks w join o x on x.id = w.offer_id
            where w.week = 1 and x.status in ('published', 'full')) as week1,
          (select coalesce(sum(w.places), 0) from offer_weeks w join o x on x.id = w.offer_id
            where w.week = 2 and x.status in ('published', 'full')) as week2,
          (select coalesce(sum(w.taken), 0) from offer_weeks w join o x on x.id = w.offer_id
            where w.week = 1 and x.status in ('published', 'full')) as taken1,
          (select coalesce(sum(w.taken), 0) from offer_weeks w join o x on x.id = w.offer_id
            where w.week = 2 and x.status in ('published', 'full')) as taken2
        from o`,
  );
  const at = r?.oldestWaitingSince;
  return {
    draft: num(r?.draft as number),
    submitted: num(r?.submitted as number),
    published: num(r?.published as number),
    full: num(r?.full as number),
    returned: num(r?.returned as number),
    unpublished: num(r?.unpublished as number),
    week1: num(r?.week1 as number),
    week2: num(r?.week2 as number),
    taken1: num(r?.taken1 as number),
    taken2: num(r?.taken2 as number),
    oldestWaitingSince: at ? new Date(at as string).toISOString() : null,
  };
}
