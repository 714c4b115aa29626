/**
 * SQL of the steering figures (issue 7): the placement status of every student computed in the
 * database, set-based, and the aggregates the refresh writes (steering_figures,
 * steering_offer_figures, steering_daily, steering_refreshes).
 *
 * The status is the one of src/domain/placement-status.ts `derivePlacement` (precedence 1–7), in
 * SQL, from the same facts as the head's page (src/schools/placement.store.ts placementRows):
 * - the decision in force (placement_decisions, revoked_at null): an exemption wins over
 *   everything; a repli counts once both weeks are not covered;
 * - the weeks covered: the student's applications of the school year (offers.campaign_id →
 *   campaigns.school_year) with status confirmed (split_pending holds a week but does not cover it);
 *   with consistent data these are exactly the student_weeks rows of confirmed applications;
 * - placed: every confirmed application has its original convention (amends_id null) signed or done;
 * - live: split_pending, pending before expires_at, accepted until confirm_by (the clock's now, as
 *   `asOf` does: deadlines passed count as ended before the job that records them has run).
 * One definition (`STATUS`, `factsAggregates`, `LIVE`) serves the per-student rows (keyset pages,
 * a lateral aggregate per student) and the refresh (one hash aggregate over the year).
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import type { ExemptionReason } from '../domain/application.ts';
import { EARTH_RADIUS_KM } from '../domain/geo.ts';
import type { PlacementStatus } from '../domain/placement-status.ts';
import {
  DELAY_BUCKET_BOUNDS_DAYS,
  DELAY_BUCKETS,
  DISTANCE_BUCKET_BOUNDS_KM,
  DISTANCE_BUCKETS,
  SNAPSHOT_METRICS,
} from '../domain/steering.ts';

type Runner = Pick<Db, 'execute'>;

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The campaigns of a school year (one per académie). */
const yearCampaigns = (schoolYear: string) =>
  sql`(select k.id from campaigns k where k.school_year = ${schoolYear})`;

/** Straight-line distance in km between two points given as SQL expressions (haversine). */
export function haversineSql(lat1: SQL, lon1: SQL, lat2: SQL, lon2: SQL): SQL {
  // null when a point is unknown (least() would ignore the null and answer half the Earth)
  return sql`(case when ${lat1} is null or ${lon1} is null or ${lat2} is null or ${lon2} is null then null
    else 2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1::float8, sqrt(
      power(sin(radians(${lat2} - ${lat1}) / 2), 2)
      + cos(radians(${lat1})) * cos(radians(${lat2})) * power(sin(radians(${lon2} - ${lon1}) / 2), 2)))) end)`;
}

/** An application `a` still in force at `now` (rule 5 of derivePlacement). */
const LIVE = (now: Date) => sql`(a.status = 'split_pending'
  or (a.status = 'pending' and a.expires_at > ${iso(now)})
  or (a.status = 'accepted' and (a.confirm_by is null or a.confirm_by >= ${iso(now)})))`;

/** The states an application must be in to matter for the status (the others are ended). */
const MATTERING = sql`a.status in ('confirmed', 'split_pending', 'pending', 'accepted')`;

/**
 * The facts of a student's status over their applications `a` (offers `o`): weeks covered
 * (bit 1 = week 1, bit 2 = week 2), distinct hosts of the confirmed placements, confirmed
 * placements whose convention is not signed, and whether one application is live. `signed`
 * says whether the application's original convention is signed or done. Hosts: 0, 1 or 2 (two
 * weeks hold at most two placements) from min and max, so that the aggregate may hash (a
 * count(distinct) forces a sort).
 */
const factsAggregates = (now: Date, signed: SQL) => sql`
  coalesce(bit_or(a.weeks) filter (where a.status = 'confirmed'), 0)::int as covered_mask,
  ((min(o.host_id::text) filter (where a.status = 'confirmed') is not null)::int
    + coalesce((min(o.host_id::text) filter (where a.status = 'confirmed')
      <> max(o.host_id::text) filter (where a.status = 'confirmed'))::int, 0)) as hosts,
  (count(*) filter (where a.status = 'confirmed' and not ${signed}))::int as to_sign,
  coalesce(bool_or(${LIVE(now)}), false) as live`;

/** The status from the decision `d` and the facts `f` (rules 1–4 of derivePlacement). */
const STATUS = sql`(case
  when d.kind = 'exemption' then 'exempted'
  when coalesce(f.covered_mask, 0) = 3 then (case when coalesce(f.to_sign, 0) = 0 then 'placed' else 'covered' end)
  when d.kind = 'repli' then 'repli'
  when coalesce(f.covered_mask, 0) <> 0 or coalesce(f.live, false) then 'in_progress'
  else 'to_place' end)`;

const WEEKS_COVERED = sql`((coalesce(f.covered_mask, 0) & 1) + ((coalesce(f.covered_mask, 0) >> 1) & 1))`;

/** Original convention of application `a` signed or done (as the head's page reads it). */
const SIGNED_EXISTS = sql`exists (select 1 from conventions cv where cv.application_id = a.id
  and cv.amends_id is null and cv.status in ('signed', 'done'))`;

export interface StudentStatusRow {
  id: string;
  schoolUai: string;
  classId: string;
  className: string;
  status: PlacementStatus;
  exemptionReason: ExemptionReason | null;
  /** 0, 1 or 2 */
  weeksCovered: number;
  /** distinct hosts of the confirmed placements (0, 1 or 2) */
  hosts: number;
  /** mean straight-line distance from home (or the lycée) to the confirmed placements, km */
  homeKm: number | null;
  schoolKm: number | null;
}

export interface StudentStatusQuery {
  schoolYear: string;
  now: Date;
  /** only the students of these lycées (null or absent: all) */
  schoolUais?: readonly string[] | null;
  /** keyset pagination: the students after this id */
  afterId?: string | undefined;
  limit: number;
}

/**
 * The placement status of the students of a school year, one page ordered by id (keyset: pass the
 * last id as `afterId`). Each student's facts come from a lateral aggregate over their own
 * applications (index on applications.student_id), so a page costs its own students only.
 */
export async function studentStatusRows(db: Runner, q: StudentStatusQuery): Promise<StudentStatusRow[]> {
  const conditions: SQL[] = [sql`c.school_year = ${q.schoolYear}`];
  if (q.schoolUais) {
    if (q.schoolUais.length === 0) return [];
    conditions.push(
      sql`s.school_uai in (${sql.join(
        q.schoolUais.map((u) => sql`${u}`),
        sql`, `,
      )})`,
    );
  }
  if (q.afterId) conditions.push(sql`s.id > ${q.afterId}::uuid`);
  const home = haversineSql(sql`s.home_lat`, sql`s.home_lon`, sql`o.lat`, sql`o.lon`);
  const school = haversineSql(sql`sc.lat`, sql`sc.lon`, sql`o.lat`, sql`o.lon`);
  const list = await rows<{
    id: string;
    schoolUai: string;
    classId: string;
    className: string;
    status: PlacementStatus;
    exemptionReason: ExemptionReason | null;
    weeksCovered: number | string;
    hosts: number | string;
    homeKm: number | string | null;
    schoolKm: number | string | null;
  }>(
    db as Db,
    sql`select s.id, s.school_uai as "schoolUai", s.class_id as "classId", c.name as "className",
          ${STATUS} as status,
          case when d.kind = 'exemption' then d.reason end as "exemptionReason",
          ${WEEKS_COVERED} as "weeksCovered",
          coalesce(f.hosts, 0) as hosts,
          f.home_km as "homeKm", f.school_km as "schoolKm"
        from students s
        join classes c on c.id = s.class_id
        join schools sc on sc.uai = s.school_uai
        left join placement_decisions d on d.student_id = s.id and d.revoked_at is null
        left join lateral (
          select ${factsAggregates(q.now, SIGNED_EXISTS)},
            avg(${home}) filter (where a.status = 'confirmed') as home_km,
            avg(${school}) filter (where a.status = 'confirmed') as school_km
          from applications a
          join offers o on o.id = a.offer_id
          where a.student_id = s.id and ${MATTERING}
            and o.campaign_id in ${yearCampaigns(q.schoolYear)}
        ) f on true
        where ${sql.join(conditions, sql` and `)}
        order by s.id
        limit ${q.limit}`,
  );
  const km = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return list.map((r) => ({
    ...r,
    weeksCovered: Number(r.weeksCovered),
    hosts: Number(r.hosts),
    homeKm: km(r.homeKm),
    schoolKm: km(r.schoolKm),
  }));
}

// ---------------------------------------------------------------------------------------------
// The refresh

/** Serialises the refreshes of a school year (two server processes never interleave). */
export async function lockRefresh(tx: Runner, schoolYear: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`steering-refresh:${schoolYear}`}))`);
  // a few big statements: aggregates in memory rather than on disk, and no JIT compilation (on a
  // busy PostgreSQL it took longer than the queries themselves); both for this transaction only
  await tx.execute(sql`select set_config('work_mem', '128MB', true), set_config('jit', 'off', true)`);
}

/** `case` of a bucket: the first bound the value is below (or at, `inclusive`) names it. */
function bucketCase(
  value: SQL,
  bounds: readonly number[],
  names: readonly string[],
  inclusive: boolean,
): SQL {
  const op = inclusive ? sql`<=` : sql`<`;
  const whens = bounds.map((b, i) => sql`when ${value} ${op} ${b} then ${names[i]!}`);
  return sql`(case ${sql.join(whens, sql` `)} else ${names[names.length - 1]!} end)`;
}

/** `column` is one of the lycées (every lycée when `uais` is null). */
function amongLycees(column: SQL, uais: readonly string[] | null): SQL {
  if (uais === null) return sql`true`;
  if (uais.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    uais.map((u) => sql`${u}`),
    sql`, `,
  )})`;
}

/**
 * Rewrites the year's steering_figures (call inside the refresh's transaction): of every lycée,
 * or only of `uais` (the lycées whose facts changed since the last refresh).
 */
export async function writeStudentFigures(
  tx: Runner,
  schoolYear: string,
  now: Date,
  uais: readonly string[] | null = null,
): Promise<void> {
  const campaignsOfYear = yearCampaigns(schoolYear);
  const inScope = (column: SQL) => amongLycees(column, uais);
  const distBucket = (km: SQL) => bucketCase(km, DISTANCE_BUCKET_BOUNDS_KM, DISTANCE_BUCKETS, false);
  const delayBucket = bucketCase(sql`x.days`, DELAY_BUCKET_BOUNDS_DAYS, DELAY_BUCKETS, true);
  const distances = (kind: 'home' | 'school', km: SQL) => sql`
    (case when ${km} is not null then ${`dist.${kind}.n`} end, 1::float8),
    (case when ${km} is not null then ${`dist.${kind}.sum_m`} end, ${km} * 1000),
    (case when ${km} is not null then ${`dist.${kind}.`} || ${distBucket(km)} end, 1::float8)`;
  await tx.execute(
    sql`delete from steering_figures where school_year = ${schoolYear} and ${inScope(sql`school_uai`)}`,
  );
  await tx.execute(sql`
    with
    signed_apps as (
      select cv.application_id from conventions cv
      where cv.campaign_id in ${campaignsOfYear} and cv.amends_id is null and cv.status in ('signed', 'done')
        and ${inScope(sql`cv.school_uai`)}
      group by cv.application_id
    ),
    signed_students as (
      select cv.student_id from conventions cv
      where cv.campaign_id in ${campaignsOfYear} and cv.amends_id is null and cv.status in ('signed', 'done')
        and ${inScope(sql`cv.school_uai`)}
      group by cv.student_id
    ),
    f as (
      select a.student_id, ${factsAggregates(now, sql`(sg.application_id is not null)`)}
      from applications a
      join offers o on o.id = a.offer_id
      left join signed_apps sg on sg.application_id = a.id
      where ${MATTERING} and o.campaign_id in ${campaignsOfYear}
        and ${uais === null ? sql`true` : sql`a.student_id in (select sx.id from students sx where ${inScope(sql`sx.school_uai`)})`}
      group by a.student_id
    ),
    st as (
      select s.school_uai, s.class_id, ${STATUS} as status, d.reason, f.hosts,
             (ss.student_id is not null) as signed_any
      from students s
      join classes c on c.id = s.class_id and c.school_year = ${schoolYear}
      left join placement_decisions d on d.student_id = s.id and d.revoked_at is null
      left join f on f.student_id = s.id
      left join signed_students ss on ss.student_id = s.id
      where ${inScope(sql`s.school_uai`)}
    ),
    ycv as (
      select cv.id, cv.status, cv.host_completed_at, cv.school_completed_at, s.school_uai, s.class_id,
             (case when cv.status in ('signed', 'done') and cv.signed_at is not null
                   then greatest(0, floor(extract(epoch from (cv.signed_at - a.applied_at)) / 86400))
              end)::float8 as days
      from conventions cv
      join students s on s.id = cv.student_id
      join classes c on c.id = s.class_id and c.school_year = ${schoolYear}
      join applications a on a.id = cv.application_id
      where cv.campaign_id in ${campaignsOfYear} and cv.amends_id is null and ${inScope(sql`s.school_uai`)}
    ),
    placements as materialized (
      select s.school_uai, s.class_id,
             ${haversineSql(sql`s.home_lat`, sql`s.home_lon`, sql`o.lat`, sql`o.lon`)} as home_km,
             ${haversineSql(sql`sc.lat`, sql`sc.lon`, sql`o.lat`, sql`o.lon`)} as school_km
      from applications a
      join offers o on o.id = a.offer_id
      join students s on s.id = a.student_id
      join classes c on c.id = s.class_id and c.school_year = ${schoolYear}
      join schools sc on sc.uai = s.school_uai
      where a.status = 'confirmed' and o.campaign_id in ${campaignsOfYear}
        and o.lat is not null and o.lon is not null and ${inScope(sql`s.school_uai`)}
    ),
    src (school_uai, class_id, metric, value) as (
      select c.school_uai, c.id, 'students', 0::float8 from classes c
      where c.school_year = ${schoolYear} and ${inScope(sql`c.school_uai`)}
      union all
      select st.school_uai, st.class_id, m.metric, 1::float8
      from st cross join lateral (values
        ('students'),
        ('status.' || (case when st.status = 'exempted' then 'exempted.' || st.reason else st.status end)),
        (case when st.signed_any then 'signed_any' end),
        (case when st.status in ('covered', 'placed')
              then (case when st.hosts >= 2 then 'hosts.two' else 'hosts.one' end) end)
      ) m(metric)
      where m.metric is not null
      union all
      select x.school_uai, x.class_id, m.metric, m.value
      from ycv x cross join lateral (values
        ((case when x.status = 'cancelled' then 'conv.cancelled'
               when x.status in ('signed', 'done') then 'conv.signed'
               when x.status = 'validated' then 'conv.signatures'
               when x.host_completed_at is null then 'conv.host'
               when x.school_completed_at is null then 'conv.school'
               else 'conv.validation' end), 1::float8),
        ((case when x.days is not null then 'delay.n' end), 1::float8),
        ((case when x.days is not null then 'delay.sum_days' end), x.days),
        ((case when x.days is not null then 'delay.' || ${delayBucket} end), 1::float8)
      ) m(metric, value)
      where m.metric is not null
      union all
      select x.school_uai, x.class_id, 'sig.missing.' || p.party, 1::float8
      from ycv x
      join lateral (
        select distinct (case when cs.role in ('guardian_1', 'guardian_2') then 'guardian' else cs.role end) as party
        from convention_signatories cs where cs.convention_id = x.id and cs.signed_at is null
      ) p on true
      where x.status = 'validated'
      union all
      select p.school_uai, p.class_id, m.metric, m.value
      from placements p cross join lateral (values
        ${distances('home', sql`p.home_km`)},
        ${distances('school', sql`p.school_km`)}
      ) m(metric, value)
      where m.metric is not null
    ),
    by_class as materialized (
      select school_uai, class_id, metric, sum(value) as value from src group by school_uai, class_id, metric
    )
    insert into steering_figures (school_year, school_uai, class_key, metric, value)
    select ${schoolYear}, school_uai, class_id::text, metric, round(value)::bigint
    from by_class where round(value) <> 0 or metric = 'students'
    union all
    select ${schoolYear}, school_uai, '', metric, round(sum(value))::bigint
    from by_class group by school_uai, metric
    having round(sum(value)) <> 0 or metric = 'students'`);
}

/** departementOfPostalCode (src/infra/geocoding/offline.ts) in SQL. */
function departementOfPostalCodeSql(pc: SQL): SQL {
  const t = sql`btrim(coalesce(${pc}, ''))`;
  return sql`(case
    when ${t} ~ '^2[AB][0-9]{3}$' then left(${t}, 2)
    when ${t} !~ '^[0-9]{5}$' then null
    when left(${t}, 2) in ('97', '98') then left(${t}, 3)
    when left(${t}, 2) = '20' then (case when ${t}::int < 20200 then '2A' else '2B' end)
    when ${t} = '00000' then null
    else left(${t}, 2) end)`;
}

/**
 * Radius of the first look for a commune's nearest lycée: the lycées in its bounding box, and the
 * nearest of them when it is within the radius (then no lycée outside the box can be nearer);
 * otherwise every lycée of the académie.
 */
export const NEAREST_RADIUS_KM = 30;

/**
 * Rewrites the year's steering_offer_figures: the visible offers (published or full, not
 * off_platform) grouped by commune, sector and kind of host, with the commune's département and
 * nearest lycée of its académie (and that lycée's bassin).
 */
export async function writeOfferFigures(tx: Runner, schoolYear: string): Promise<void> {
  const kmTo = (lat: SQL, lon: SQL) => haversineSql(sql`cc.lat`, sql`cc.lon`, lat, lon);
  const dLat = NEAREST_RADIUS_KM / ((EARTH_RADIUS_KM * Math.PI) / 180);
  const dLon = sql`(${dLat}::float8 / greatest(cos(radians(cc.lat)), 0.01))`;
  await tx.execute(sql`delete from steering_offer_figures where school_year = ${schoolYear}`);
  await tx.execute(sql`
    with
    vo as (
      select o.id, k.academy_code, coalesce(o.commune_insee, '') as commune, o.sector_code, o.postal_code,
             o.lat, o.lon,
             (case when o.education_nationale then 'education_nationale'
                   when h.is_public then 'public' else 'private' end) as host_kind
      from offers o
      join campaigns k on k.id = o.campaign_id and k.school_year = ${schoolYear}
      join hosts h on h.id = o.host_id
      where o.status in ('published', 'full') and o.source <> 'off_platform'
    ),
    ow as (
      select w.offer_id,
             sum(w.places) filter (where w.week = 1) as p1, sum(w.places) filter (where w.week = 2) as p2,
             sum(w.taken) filter (where w.week = 1) as t1, sum(w.taken) filter (where w.week = 2) as t2
      from offer_weeks w where w.offer_id in (select id from vo)
      group by w.offer_id
    ),
    g as (
      select vo.academy_code, vo.commune, vo.sector_code, vo.host_kind, count(*)::int as offers,
             coalesce(sum(ow.p1), 0)::int as p1, coalesce(sum(ow.p2), 0)::int as p2,
             coalesce(sum(ow.t1), 0)::int as t1, coalesce(sum(ow.t2), 0)::int as t2,
             min(${departementOfPostalCodeSql(sql`vo.postal_code`)}) as pc_departement
      from vo left join ow on ow.offer_id = vo.id
      group by vo.academy_code, vo.commune, vo.sector_code, vo.host_kind
    ),
    cm as (
      select cm.insee, min(cm.departement_code) as departement_code,
             coalesce(avg(cm.lat) filter (where cm.type = 'COM'), avg(cm.lat)) as lat,
             coalesce(avg(cm.lon) filter (where cm.type = 'COM'), avg(cm.lon)) as lon
      from communes cm where cm.insee in (select commune from g where commune <> '')
      group by cm.insee
    ),
    cc as materialized (
      select vo.academy_code, vo.commune,
             coalesce(min(cm.lat), avg(vo.lat)) as lat, coalesce(min(cm.lon), avg(vo.lon)) as lon,
             min(cm.departement_code) as departement_code
      from vo left join cm on cm.insee = vo.commune
      where vo.commune <> ''
      group by vo.academy_code, vo.commune
    ),
    near as materialized (
      select cc.academy_code, cc.commune, cc.departement_code,
             coalesce(boxed.uai, anywhere.uai) as uai
      from cc
      left join lateral (
        select sc.uai, ${kmTo(sql`sc.lat`, sql`sc.lon`)} as km
        from schools sc
        where sc.kind = 'lycee' and sc.academy_code = cc.academy_code and sc.lat is not null and sc.lon is not null
          and sc.lat between cc.lat - ${dLat}::float8 and cc.lat + ${dLat}::float8
          and sc.lon between cc.lon - ${dLon} and cc.lon + ${dLon}
        order by 2, sc.uai
        limit 1
      ) boxed on true
      left join lateral (
        select sc.uai
        from schools sc
        where (boxed.uai is null or boxed.km > ${NEAREST_RADIUS_KM}::float8)
          and sc.kind = 'lycee' and sc.academy_code = cc.academy_code and sc.lat is not null and sc.lon is not null
        order by ${kmTo(sql`sc.lat`, sql`sc.lon`)}, sc.uai
        limit 1
      ) anywhere on true
      where cc.lat is not null and cc.lon is not null
    )
    insert into steering_offer_figures (school_year, commune_insee, departement_code, academy_code,
      nearest_uai, bassin_code, sector_code, host_kind, offers, places_week1, places_week2, taken_week1, taken_week2)
    select ${schoolYear}, m.commune, coalesce(n.departement_code, m.pc_departement), m.academy_code,
           n.uai, sc.bassin_code, m.sector_code, m.host_kind, m.offers, m.p1, m.p2, m.t1, m.t2
    from g m
    left join near n on n.commune = m.commune and n.academy_code = m.academy_code and m.commune <> ''
    left join schools sc on sc.uai = n.uai`);
}

/**
 * Rewrites the day's snapshot (steering_daily) of each lycée from the lycée's figures just written:
 * SNAPSHOT_METRICS, status.exempted summing the exemptions' reasons.
 */
export async function writeDailySnapshot(tx: Runner, schoolYear: string, day: string): Promise<void> {
  const value = (metric: string) =>
    metric === 'status.exempted'
      ? sql`coalesce(sum(f.value) filter (where f.metric like 'status.exempted.%'), 0)`
      : sql`coalesce(sum(f.value) filter (where f.metric = ${metric}), 0)`;
  const pairs = SNAPSHOT_METRICS.map((m) => sql`${m}::text, ${value(m)}`);
  await tx.execute(sql`delete from steering_daily where school_year = ${schoolYear} and day = ${day}::date`);
  await tx.execute(sql`
    insert into steering_daily (school_year, day, school_uai, figures)
    select ${schoolYear}, ${day}::date, f.school_uai, jsonb_build_object(${sql.join(pairs, sql`, `)})
    from steering_figures f
    where f.school_year = ${schoolYear} and f.class_key = ''
    group by f.school_uai`);
}

export async function writeRefresh(
  tx: Runner,
  schoolYear: string,
  at: Date,
  durationMs: number,
  full: boolean,
): Promise<void> {
  await tx.execute(sql`
    insert into steering_refreshes (school_year, refreshed_at, duration_ms, full_refreshed_at)
    values (${schoolYear}, ${iso(at)}, ${Math.round(durationMs)}, ${full ? iso(at) : null})
    on conflict (school_year) do update set refreshed_at = excluded.refreshed_at,
      duration_ms = excluded.duration_ms,
      full_refreshed_at = coalesce(excluded.full_refreshed_at, steering_refreshes.full_refreshed_at)`);
}

export async function lastRefreshRow(
  db: Runner,
  schoolYear: string,
): Promise<{ refreshedAt: Date; durationMs: number; fullRefreshedAt: Date | null } | null> {
  const [r] = await rows<{
    refreshedAt: string | Date;
    durationMs: number;
    fullRefreshedAt: string | Date | null;
  }>(
    db as Db,
    sql`select refreshed_at as "refreshedAt", duration_ms as "durationMs", full_refreshed_at as "fullRefreshedAt"
        from steering_refreshes where school_year = ${schoolYear}`,
  );
  return r
    ? {
        refreshedAt: new Date(r.refreshedAt),
        durationMs: Number(r.durationMs),
        fullRefreshedAt: r.fullRefreshedAt === null ? null : new Date(r.fullRefreshedAt),
      }
    : null;
}

/**
 * The lycées marked by the triggers of migration 0014 (steering_changes) up to the last row this
 * transaction sees; `upTo` is then given to `forgetChanges` once their figures are rewritten. A
 * writer still running keeps its rows (not visible yet): the next refresh takes them.
 */
export async function changedLycees(tx: Runner): Promise<{ uais: string[]; upTo: number }> {
  const list = await rows<{ uai: string | null; upTo: string | number | null }>(
    tx as Db,
    sql`select distinct school_uai as uai, (select max(id) from steering_changes) as "upTo"
        from steering_changes`,
  );
  const upTo = Number(list[0]?.upTo ?? 0);
  return { uais: list.flatMap((r) => (r.uai === null ? [] : [r.uai])), upTo };
}

export async function forgetChanges(tx: Runner, upTo: number): Promise<void> {
  await tx.execute(sql`delete from steering_changes where id <= ${upTo}`);
}

/** The tables the figures are computed from. */
const SOURCE_TABLES = [
  'students',
  'classes',
  'schools',
  'applications',
  'student_weeks',
  'placement_decisions',
  'conventions',
  'convention_signatories',
  'offers',
  'offer_weeks',
  'hosts',
  'communes',
] as const;

/**
 * Collects the planner's statistics of the source tables that were never analysed or changed by a
 * tenth since (what autovacuum does on PostgreSQL; the embedded database has no autovacuum, and
 * without statistics its planner chose plans that ran for minutes on the demo's 30,000 students).
 */
export async function analyzeStaleTables(db: Runner): Promise<string[]> {
  const stale = await rows<{ name: string }>(
    db as Db,
    sql`select relname as name from pg_stat_user_tables
        where relname in (${sql.join(
          SOURCE_TABLES.map((t) => sql`${t}`),
          sql`, `,
        )})
          and (coalesce(last_analyze, last_autoanalyze) is null
               or n_mod_since_analyze > greatest(1000, n_live_tup / 10))`,
  );
  for (const { name } of stale) {
    const table = SOURCE_TABLES.find((t) => t === name);
    if (table) await db.execute(sql`analyze ${sql.identifier(table)}`);
  }
  return stale.map((r) => r.name);
}
