/**
 * SQL of the convention templates (issue 6 §2): the versions an académie sees (its own and the
 * platform's default), numbering, the conventions a publication switches, the convention a
 * preview is rendered with.
 */
import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import { conventionTemplates, conventions } from '../db/schema/index.ts';
import type { Runner } from './events.store.ts';
import type { TemplateRow } from './store.ts';

const asDb = (r: Runner) => r as unknown as Db;

export interface TemplateListRow extends TemplateRow {
  createdByName: string | null;
  conventionCount: number;
}

/** An académie's versions and the platform's (academyCode undefined: every académie's, admin). */
export async function listTemplates(db: Runner, academyCode: string | undefined): Promise<TemplateListRow[]> {
  const where =
    academyCode === undefined ? sql`true` : sql`(t.academy_code = ${academyCode} or t.academy_code is null)`;
  const list = await rows<TemplateListRow & { createdAt: string; publishedAt: string | null }>(
    asDb(db),
    sql`select t.id, t.academy_code as "academyCode", t.school_year as "schoolYear", t.version, t.name,
               t.body, t.sha256, t.status, t.created_by as "createdBy", t.created_at as "createdAt",
               t.published_at as "publishedAt",
               case when u.id is null then null else u.first_name || ' ' || u.last_name end as "createdByName",
               (select count(*)::int from conventions cv where cv.template_id = t.id) as "conventionCount"
        from convention_templates t
        left join users u on u.id = t.created_by
        where ${where}
        order by t.school_year desc, t.academy_code nulls first, t.version desc`,
  );
  return list.map((r) => ({
    ...r,
    createdAt: new Date(r.createdAt),
    publishedAt: r.publishedAt ? new Date(r.publishedAt) : null,
    conventionCount: Number(r.conventionCount),
  }));
}

/** The school years of the campaigns (of an académie, or all). */
export async function campaignYears(db: Runner, academyCode: string | undefined) {
  return rows<{ academyCode: string; schoolYear: string }>(
    asDb(db),
    sql`select distinct academy_code as "academyCode", school_year as "schoolYear" from campaigns
        where ${academyCode === undefined ? sql`true` : sql`academy_code = ${academyCode}`}
        order by school_year desc, academy_code`,
  );
}

/**
 * Serialises the changes of an académie's templates for a year (numbering, publication): locks
 * the year's rows of the académie and the platform's default (inserted before, so there is one).
 */
export async function lockYear(db: Runner, academyCode: string | null, schoolYear: string) {
  await db.execute(
    sql`select id from convention_templates
        where school_year = ${schoolYear}
          and (academy_code is null ${academyCode === null ? sql`` : sql`or academy_code = ${academyCode}`})
        order by id for update`,
  );
}

/** The next version number of a year: after the académie's and the platform's (the default is v1). */
export async function nextVersion(
  db: Runner,
  academyCode: string | null,
  schoolYear: string,
): Promise<number> {
  const [row] = await rows<{ v: number | null }>(
    asDb(db),
    sql`select max(version) as v from convention_templates
        where school_year = ${schoolYear}
          and (academy_code is null ${academyCode === null ? sql`` : sql`or academy_code = ${academyCode}`})`,
  );
  return Number(row?.v ?? 0) + 1;
}

export async function insertTemplate(db: Runner, values: typeof conventionTemplates.$inferInsert) {
  const [row] = await db.insert(conventionTemplates).values(values).returning();
  return row!;
}

/** Retires the published template of an académie (null: the platform) and year: the ids retired. */
export async function retirePublished(db: Runner, academyCode: string | null, schoolYear: string) {
  const list = await db
    .update(conventionTemplates)
    .set({ status: 'retired' })
    .where(
      and(
        eq(conventionTemplates.schoolYear, schoolYear),
        eq(conventionTemplates.status, 'published'),
        sql`coalesce(${conventionTemplates.academyCode}, '') = ${academyCode ?? ''}`,
      ),
    )
    .returning({ id: conventionTemplates.id });
  return list.map((r) => r.id);
}

/** Publishes a draft (undefined when it is not a draft any more). */
export async function markPublished(db: Runner, id: string, now: Date) {
  const [row] = await db
    .update(conventionTemplates)
    .set({ status: 'published', publishedAt: now })
    .where(and(eq(conventionTemplates.id, id), eq(conventionTemplates.status, 'draft')))
    .returning();
  return row;
}

/**
 * The conventions a publication switches: not validated yet (in completion), of the year, and
 * of the académie (for the platform's default: those on the default retired), locked.
 */
export async function conventionsToSwitch(
  db: Runner,
  target: { academyCode: string | null; schoolYear: string; id: string; retired: string[] },
) {
  const scope =
    target.academyCode === null
      ? target.retired.length === 0
        ? sql`false`
        : sql`cv.template_id in (${sql.join(
            target.retired.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
      : sql`cp.academy_code = ${target.academyCode}`;
  return rows<{ id: string; templateId: string }>(
    asDb(db),
    sql`select cv.id, cv.template_id as "templateId" from conventions cv
        join campaigns cp on cp.id = cv.campaign_id
        where cv.status = 'completion' and cp.school_year = ${target.schoolYear}
          and cv.template_id <> ${target.id} and ${scope}
        order by cv.created_at, cv.id
        for update of cv`,
  );
}

export async function setConventionTemplate(db: Runner, id: string, templateId: string, now: Date) {
  await db.update(conventions).set({ templateId, updatedAt: now }).where(eq(conventions.id, id));
}

/** The académie and school year of a convention (its campaign's). */
export async function conventionAcademy(db: Runner, conventionId: string) {
  const [row] = await rows<{ academyCode: string; schoolYear: string }>(
    asDb(db),
    sql`select cp.academy_code as "academyCode", cp.school_year as "schoolYear"
        from conventions cv join campaigns cp on cp.id = cv.campaign_id where cv.id = ${conventionId}`,
  );
  return row;
}

/** The first convention of an académie (any, for undefined) and year, for a preview. */
export async function firstConvention(db: Runner, academyCode: string | undefined, schoolYear: string) {
  const [row] = await rows<{ id: string }>(
    asDb(db),
    sql`select cv.id from conventions cv join campaigns cp on cp.id = cv.campaign_id
        where cp.school_year = ${schoolYear}
          and ${academyCode === undefined ? sql`true` : sql`cp.academy_code = ${academyCode}`}
        order by cv.created_at, cv.id limit 1`,
  );
  return row?.id;
}
