/**
 * Signed conventions for the after-signature tests and the access matrix: a complete convention
 * made signed as the signing module leaves it (document rendered, sealed, stored; status signed),
 * without going through the codes.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import {
  applications,
  conventionTemplates,
  conventions,
  storedFiles,
  students,
} from '../src/db/schema/index.ts';
import { documentModel } from '../src/conventions/document.ts';
import { PLATFORM_USER } from '../src/conventions/service.ts';
import { insertFile } from '../src/files/store.ts';
import { renderPdf } from '../src/infra/pdf.ts';
import { createSealer, generateSelfSignedP12, type Sealer } from '../src/infra/seal.ts';
import { makeConvention } from './convention-fixtures.ts';
import type { SmallAcademy } from './fixtures.ts';

let sealer: Sealer | undefined;
function testSealer(now: Date): Sealer {
  if (!sealer) {
    const g = generateSelfSignedP12('Sceau de test', now);
    sealer = createSealer({ p12: g.p12, passphrase: g.passphrase });
  }
  return sealer;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Makes a convention (complete or given) signed and sealed, as the last signature leaves it. */
export async function signDirectly(db: Db, id: string, now: Date) {
  const [c] = await db.select().from(conventions).where(eq(conventions.id, id));
  const [template] = await db
    .select()
    .from(conventionTemplates)
    .where(eq(conventionTemplates.id, c!.templateId));
  const pdf = await renderPdf(documentModel({ ...c!, template: template! }), { createdAt: now });
  const sealed = await testSealer(now).seal(pdf, {
    reason: `Convention ${c!.reference} signée par toutes les parties`,
    location: 'Stages de seconde',
    name: 'Sceau de test',
    signedAt: now,
  });
  const file = await insertFile(db, {
    purpose: 'convention_sealed',
    fileName: `convention-${c!.reference}-signee.pdf`,
    mediaType: 'application/pdf',
    size: sealed.byteLength,
    sha256: sha256(sealed),
    content: sealed,
    uploadedBy: PLATFORM_USER,
    uploadedAt: now,
  });
  const [signed] = await db
    .update(conventions)
    .set({
      status: 'signed',
      validatedAt: c!.validatedAt ?? now,
      documentSha256: c!.documentSha256 ?? sha256(pdf),
      signedAt: now,
      sealedFileId: file.id,
      sealedSha256: sha256(sealed),
      version: c!.version + 1,
      updatedAt: now,
    })
    .where(eq(conventions.id, id))
    .returning();
  return signed!;
}

/** A new complete convention of a student at a host, signed and sealed. */
export async function signedConvention(
  db: Db,
  academy: SmallAcademy,
  now: Date,
  options: { studentIndex?: number; hostIndex?: number; weeks?: 1 | 2 | 3 } = {},
) {
  const c = await makeConvention(db, academy, now, { ...options, complete: true });
  return signDirectly(db, c.id, now);
}

/**
 * What the access matrix needs after the signature: a signed convention per role that may ask an
 * avenant, one whose stage is over (attendance), one done with its attestation, all of student 1
 * (class 2NDE1 of the Rennes lycée: the ZIP). Their applications are closed afterwards, so that
 * the student's weeks stay free for the applications' own matrix calls.
 */
export async function loadMatrixAfter(db: Db, academy: SmallAcademy, now: Date) {
  const make = async () => {
    const c = await signedConvention(db, academy, now);
    await db
      .update(applications)
      .set({ status: 'withdrawn_by_student', closedAt: now })
      .where(eq(applications.id, c.applicationId));
    return c;
  };
  const amend = {
    school_head: (await make()).id,
    school_staff: (await make()).id,
    host_member: (await make()).id,
  };
  // the stage ended the day before the matrix's clock
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const over = await make();
  await db
    .update(conventions)
    .set({ startDate: day(-5), endDate: day(-1) })
    .where(eq(conventions.id, over.id));
  const done = await make();
  const sealed = await db.select().from(storedFiles).where(eq(storedFiles.id, done.sealedFileId!));
  const attestation = await insertFile(db, {
    purpose: 'attestation',
    fileName: `attestation-${done.reference}.pdf`,
    mediaType: 'application/pdf',
    size: sealed[0]!.size,
    sha256: sealed[0]!.sha256,
    content: sealed[0]!.content,
    uploadedBy: PLATFORM_USER,
    uploadedAt: now,
  });
  await db
    .update(conventions)
    .set({ status: 'done', attestationFileId: attestation.id, attendedDays: [done.startDate] })
    .where(eq(conventions.id, done.id));
  const [student] = await db
    .select({ classId: students.classId })
    .from(students)
    .where(eq(students.id, academy.students[0]!.id));
  return {
    amend,
    attendance: { id: over.id, day: day(-5) },
    attestation: done.id,
    classId: student!.classId,
  };
}
