import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { applications, placementDecisions, storedFiles, studentWeeks, students } from '../db/schema/index.ts';

/** Any query runner: the database or a transaction. */
type Runner = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export type DecisionInsert = typeof placementDecisions.$inferInsert;

export async function findStudent(db: Runner, id: string) {
  const [row] = await db
    .select({ id: students.id, schoolUai: students.schoolUai, classId: students.classId })
    .from(students)
    .where(eq(students.id, id));
  return row;
}

/**
 * Serialises the student's placement changes: the confirmations of applications take the same
 * lock first (applications/store.ts lockStudent), so a decision never misses a placement being
 * confirmed at the same moment.
 */
export async function lockStudent(db: Runner, studentId: string): Promise<void> {
  await db.execute(sql`select 1 from ${students} where ${students.id} = ${studentId} for update`);
}

/** The weeks a student holds: a confirmed placement, or a second week waiting for the split's approval. */
export async function heldWeeks(db: Runner, studentId: string) {
  return db
    .select({ week: studentWeeks.week, status: applications.status })
    .from(studentWeeks)
    .innerJoin(applications, eq(applications.id, studentWeeks.applicationId))
    .where(eq(studentWeeks.studentId, studentId))
    .orderBy(studentWeeks.week);
}

const decisionColumns = {
  decision: placementDecisions,
  document: { id: storedFiles.id, fileName: storedFiles.fileName, size: storedFiles.size },
};

export async function currentDecision(db: Runner, studentId: string) {
  const [row] = await db
    .select(decisionColumns)
    .from(placementDecisions)
    .leftJoin(storedFiles, eq(storedFiles.id, placementDecisions.documentFileId))
    .where(and(eq(placementDecisions.studentId, studentId), isNull(placementDecisions.revokedAt)))
    .limit(1);
  return row;
}
export type DecisionRecord = NonNullable<Awaited<ReturnType<typeof currentDecision>>>;

export async function insertDecision(db: Runner, values: DecisionInsert) {
  const [row] = await db.insert(placementDecisions).values(values).returning();
  return row!;
}

/** Revokes the decision in force; undefined when there is none. */
export async function revokeCurrent(db: Runner, studentId: string, at: Date) {
  const [row] = await db
    .update(placementDecisions)
    .set({ revokedAt: at })
    .where(and(eq(placementDecisions.studentId, studentId), isNull(placementDecisions.revokedAt)))
    .returning();
  return row;
}

/** True when the document already supports a decision about another student. */
export async function documentUsedForOther(db: Runner, fileId: string, studentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: placementDecisions.id })
    .from(placementDecisions)
    .where(
      and(
        eq(placementDecisions.documentFileId, fileId),
        sql`${placementDecisions.studentId} <> ${studentId}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
