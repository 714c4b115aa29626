/** SQL of the after-signature use cases: avenants of a convention, a class, its sealed conventions. */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { classes, conventions, students } from '../db/schema/index.ts';
import type { Runner } from './store.ts';

export { lockConvention } from './store.ts';

/** The avenants of a convention (status and reference), in the order they were opened. */
export async function amendmentStatuses(db: Runner, conventionId: string) {
  return db
    .select({ id: conventions.id, reference: conventions.reference, status: conventions.status })
    .from(conventions)
    .where(eq(conventions.amendsId, conventionId))
    .orderBy(asc(conventions.createdAt), asc(conventions.id));
}

export async function classOf(db: Runner, id: string) {
  const [row] = await db
    .select({ id: classes.id, name: classes.name, schoolUai: classes.schoolUai })
    .from(classes)
    .where(eq(classes.id, id));
  return row;
}

/** The sealed conventions (and avenants) of a class's students, by name then reference. */
export async function sealedOfClass(db: Runner, classId: string) {
  const list = await db
    .select({
      reference: conventions.reference,
      sealedFileId: conventions.sealedFileId,
      signedAt: conventions.signedAt,
      firstName: students.firstName,
      lastName: students.lastName,
    })
    .from(conventions)
    .innerJoin(students, eq(students.id, conventions.studentId))
    .where(
      and(
        eq(students.classId, classId),
        isNotNull(conventions.sealedFileId),
        inArray(conventions.status, ['signed', 'done']),
      ),
    )
    .orderBy(
      sql`unaccent(lower(${students.lastName}))`,
      sql`unaccent(lower(${students.firstName}))`,
      asc(conventions.reference),
    );
  return list.map((x) => ({ ...x, sealedFileId: x.sealedFileId! }));
}
