import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';

/** The names of these students (a head's or a referent's export), by id. */
export async function studentNames(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { lastName: string; firstName: string }>> {
  if (ids.length === 0) return new Map();
  const list = await rows<{ id: string; lastName: string; firstName: string }>(
    db,
    sql`select s.id, s.last_name as "lastName", s.first_name as "firstName" from students s
        where s.id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return new Map(list.map((r) => [r.id, { lastName: r.lastName, firstName: r.firstName }]));
}

/** The name of every lycée (the national export, whose students are not filtered by lycée). */
export async function lyceeNames(db: Db): Promise<Map<string, string>> {
  const list = await rows<{ uai: string; name: string }>(
    db,
    sql`select sc.uai, sc.name from schools sc where sc.kind = 'lycee'`,
  );
  return new Map(list.map((r) => [r.uai, r.name]));
}
