import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  applications,
  classReferents,
  classes,
  memberships,
  offers,
  placementDecisions,
  storedFiles,
  students,
} from '../db/schema/index.ts';

/** Any query runner: the database or a transaction. */
type Runner = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | 'execute'>;

export type StoredFileInsert = typeof storedFiles.$inferInsert;

const meta = {
  id: storedFiles.id,
  purpose: storedFiles.purpose,
  fileName: storedFiles.fileName,
  mediaType: storedFiles.mediaType,
  size: storedFiles.size,
  uploadedBy: storedFiles.uploadedBy,
  uploadedAt: storedFiles.uploadedAt,
};
export type StoredFileMeta = {
  id: string;
  purpose: (typeof storedFiles.$inferSelect)['purpose'];
  fileName: string;
  mediaType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: Date;
};

/**
 * The content travels as base64 text, decoded by the database: PGlite serialises a bytea
 * parameter byte by byte (about 10 s for 2 MB, blocking the process), base64 takes well under
 * a second; PostgreSQL is as fast either way.
 */
export async function insertFile(db: Runner, values: StoredFileInsert): Promise<StoredFileMeta> {
  const base64 = Buffer.from(
    values.content.buffer,
    values.content.byteOffset,
    values.content.byteLength,
  ).toString('base64');
  const [row] = await db
    .insert(storedFiles)
    .values({ ...values, content: sql`decode(${base64}, 'base64')` })
    .returning(meta);
  return row!;
}

/** A file's description, without its content. */
export async function findFileMeta(db: Runner, id: string): Promise<StoredFileMeta | undefined> {
  const [row] = await db.select(meta).from(storedFiles).where(eq(storedFiles.id, id));
  return row;
}

/** The content (read as base64 for the same reason as insertFile). */
export async function findFileContent(db: Runner, id: string): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ content: sql<string>`encode(${storedFiles.content}, 'base64')` })
    .from(storedFiles)
    .where(eq(storedFiles.id, id));
  return row ? Buffer.from(row.content, 'base64') : undefined;
}

/** True when an application to one of the host's offers carries this CV. */
export async function cvSentToHost(db: Runner, fileId: string, hostId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: applications.id })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .where(and(eq(applications.cvFileId, fileId), eq(offers.hostId, hostId)))
    .limit(1);
  return row !== undefined;
}

/** The students whose placement decisions (in force or revoked) rest on this document. */
export async function studentsOfDocument(db: Runner, fileId: string) {
  return db
    .selectDistinct({ studentId: students.id, schoolUai: students.schoolUai, classId: students.classId })
    .from(placementDecisions)
    .innerJoin(students, eq(students.id, placementDecisions.studentId))
    .where(eq(placementDecisions.documentFileId, fileId));
}

/** The classes of a lycée a staff member is named referent of (a teacher sees only those). */
export async function referentClassIds(db: Runner, schoolUai: string, userId: string): Promise<string[]> {
  const list = await db
    .select({ id: classes.id })
    .from(classReferents)
    .innerJoin(classes, eq(classes.id, classReferents.classId))
    .where(and(eq(classReferents.userId, userId), eq(classes.schoolUai, schoolUai)));
  return list.map((c) => c.id);
}

/** True when the user is the head or a staff member of the lycée. */
export async function isStaffOf(db: Runner, userId: string, schoolUai: string): Promise<boolean> {
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.schoolUai, schoolUai),
        inArray(memberships.role, ['school_head', 'school_staff']),
      ),
    )
    .limit(1);
  return row !== undefined;
}
