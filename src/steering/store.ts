import { sql } from 'drizzle-orm';
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
