import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';

/** The figures of one lycée, as the refresh computed them for the whole lycée (class_key ''). */
export interface PublicLyceeFigures {
  uai: string;
  name: string;
  commune: string | null;
  departementCode: string;
  departementName: string;
  /** metric → value (src/domain/steering.ts STUDENT_METRICS: students, status.*) */
  figures: Record<string, number>;
}

/**
 * The lycée-level figures of an académie for a school year (students and statuses only: nothing
 * else is public), ordered by département and lycée name.
 */
export async function lyceeFigures(
  db: Db,
  schoolYear: string,
  academyCode: string,
): Promise<PublicLyceeFigures[]> {
  const result = await rows<{
    uai: string;
    name: string;
    commune: string | null;
    departementCode: string;
    departementName: string | null;
    figures: Record<string, string | number> | null;
  }>(
    db,
    sql`
      select s.uai, s.name, s.commune_name as "commune", s.departement_code as "departementCode",
             d.name as "departementName", jsonb_object_agg(f.metric, f.value) as "figures"
      from steering_figures f
      join schools s on s.uai = f.school_uai
      left join departements d on d.code = s.departement_code
      where f.school_year = ${schoolYear} and f.class_key = '' and s.academy_code = ${academyCode}
        and (f.metric = 'students' or f.metric like 'status.%')
      group by s.uai, s.name, s.commune_name, s.departement_code, d.name
      order by s.departement_code, s.name, s.uai
    `,
  );
  return result.map((r) => ({
    uai: r.uai,
    name: r.name,
    commune: r.commune,
    departementCode: r.departementCode,
    departementName: r.departementName ?? r.departementCode,
    figures: Object.fromEntries(Object.entries(r.figures ?? {}).map(([k, v]) => [k, Number(v)])),
  }));
}

/** When the figures of a school year were last computed (null: never). */
export async function refreshedAt(db: Db, schoolYear: string): Promise<Date | null> {
  const [r] = await rows<{ refreshedAt: Date | string }>(
    db,
    sql`select refreshed_at as "refreshedAt" from steering_refreshes where school_year = ${schoolYear}`,
  );
  return r ? new Date(r.refreshedAt) : null;
}
