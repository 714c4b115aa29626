import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { guardians, hosts, memberships, offers, schools, students, users } from '../db/schema/index.ts';

/** The lycée of the demo accounts: Lycée Émile Zola, Rennes. */
export const DEMO_LYCEE_UAI = '0350024L';

export interface DemoAccountsReport {
  created: number;
  missing: string[];
}

/**
 * Creates one demo account per role (idempotent): a student and a guardian of a Rennes lycée,
 * its head and a teacher, an école director of Rennes and the IEN of that école, the DSDEN 35,
 * the rectorat, a host member and an admin. E-mails are in example.net.
 */
export async function ensureDemoAccounts(db: Db): Promise<DemoAccountsReport> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.isDemo, true)).limit(1);
  if (existing) return { created: 0, missing: [] };
  const missing: string[] = [];

  const [student] = await db
    .select()
    .from(students)
    .where(
      and(
        eq(students.schoolUai, DEMO_LYCEE_UAI),
        sql`not exists (select 1 from ${users} u where u.student_id = ${students.id})`,
      ),
    )
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.id))
    .limit(1);
  const [guardian] = student
    ? await db
        .select()
        .from(guardians)
        .where(and(eq(guardians.studentId, student.id), eq(guardians.rank, 1)))
    : [];
  const [ecole] = await db
    .select()
    .from(schools)
    .where(
      and(eq(schools.kind, 'ecole'), eq(schools.communeName, 'Rennes'), isNotNull(schools.circonscriptionId)),
    )
    .orderBy(asc(schools.uai))
    .limit(1);
  const [host] = await db
    .select({ id: hosts.id, name: hosts.name })
    .from(hosts)
    .where(
      and(
        eq(hosts.communeName, 'Rennes'),
        sql`exists (select 1 from ${offers} o where o.host_id = ${hosts.id} and o.status = 'published')`,
      ),
    )
    .orderBy(asc(hosts.name))
    .limit(1);
  const [lycee] = await db.select().from(schools).where(eq(schools.uai, DEMO_LYCEE_UAI));

  type Account = {
    email: string;
    firstName: string;
    lastName: string;
    studentId?: string;
    membership: Omit<typeof memberships.$inferInsert, 'userId'>;
  };
  const accounts: Account[] = [];
  if (student) {
    accounts.push({
      email: 'demo.eleve@example.net',
      firstName: student.firstName,
      lastName: student.lastName,
      studentId: student.id,
      membership: { role: 'student', schoolUai: DEMO_LYCEE_UAI },
    });
  } else missing.push('élève');
  if (guardian) {
    accounts.push({
      email: 'demo.parent@example.net',
      firstName: guardian.firstName,
      lastName: guardian.lastName,
      membership: { role: 'guardian', guardianId: guardian.id },
    });
  } else missing.push('représentant légal');
  if (lycee) {
    accounts.push(
      {
        email: 'demo.proviseur@example.net',
        firstName: 'Catherine',
        lastName: 'Le Bihan',
        membership: { role: 'school_head', schoolUai: DEMO_LYCEE_UAI },
      },
      {
        email: 'demo.professeur@example.net',
        firstName: 'Erwan',
        lastName: 'Morvan',
        membership: {
          role: 'school_staff',
          schoolUai: DEMO_LYCEE_UAI,
          staffFunction: 'professeur principal',
        },
      },
    );
  } else missing.push('lycée de démonstration');
  if (ecole?.circonscriptionId) {
    accounts.push(
      {
        email: 'demo.directeur-ecole@example.net',
        firstName: 'Sophie',
        lastName: 'Guégan',
        membership: { role: 'school_director', schoolUai: ecole.uai },
      },
      {
        email: 'demo.ien@example.net',
        firstName: 'Philippe',
        lastName: 'Kerjean',
        membership: { role: 'ien', circonscriptionId: ecole.circonscriptionId },
      },
    );
  } else missing.push('école de Rennes');
  accounts.push(
    {
      email: 'demo.dsden35@example.net',
      firstName: 'Nathalie',
      lastName: 'Riou',
      membership: { role: 'dsden', departementCode: '35' },
    },
    {
      email: 'demo.rectorat@example.net',
      firstName: 'Jean-Marc',
      lastName: 'Le Gall',
      membership: { role: 'rectorat', academyCode: '14' },
    },
  );
  if (host) {
    accounts.push({
      email: 'demo.entreprise@example.net',
      firstName: 'Gwenaëlle',
      lastName: 'Pérès',
      membership: { role: 'host_member', hostId: host.id },
    });
  } else missing.push('organisme d’accueil de Rennes');
  accounts.push({
    email: 'demo.admin@example.net',
    firstName: 'Alex',
    lastName: 'Martin',
    membership: { role: 'admin' },
  });

  await db.transaction(async (tx) => {
    for (const [i, a] of accounts.entries()) {
      const [u] = await tx
        .insert(users)
        .values({
          email: a.email,
          firstName: a.firstName,
          lastName: a.lastName,
          studentId: a.studentId ?? null,
          isDemo: true,
          emailVerifiedAt: new Date(),
          // keeps the listing in the order above
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        })
        .returning({ id: users.id });
      await tx.insert(memberships).values({ ...a.membership, userId: u!.id });
    }
  });
  return { created: accounts.length, missing };
}
