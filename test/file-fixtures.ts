import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import { applications, placementDecisions, storedFiles } from '../src/db/schema/index.ts';
import type { Account, SmallAcademy } from './fixtures.ts';
import { multipart, pdfBytes } from './helpers/multipart.ts';

/**
 * Files for the access matrix (after loadMatrixApplications): the inside student's CV, attached
 * to an application to host 1 (`cvApplicationId`), and an exemption document of the Rennes lycée
 * behind a decision in force for the third student (the one the matrix's DELETE revokes).
 */
export async function loadMatrixFiles(
  db: Db,
  academy: SmallAcademy,
  inside: Record<string, Account>,
  cvApplicationId: string,
  now: Date,
) {
  const file = async (purpose: 'cv' | 'exemption', uploadedBy: string) => {
    const content = pdfBytes(300, purpose);
    const [f] = await db
      .insert(storedFiles)
      .values({
        purpose,
        fileName: `${purpose}.pdf`,
        mediaType: 'application/pdf',
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        uploadedBy,
        uploadedAt: now,
      })
      .returning({ id: storedFiles.id });
    return f!.id;
  };
  const student = inside['student']!;
  const head = inside['school_head']!;
  const cv = await file('cv', student.userId);
  const exemption = await file('exemption', head.userId);
  await db.update(applications).set({ cvFileId: cv }).where(eq(applications.id, cvApplicationId));
  await db.insert(placementDecisions).values({
    studentId: academy.students[2]!.id,
    kind: 'exemption',
    reason: 'medical',
    documentFileId: exemption,
    decidedBy: head.userId,
    decidedAt: now,
  });
  return { cv, exemption };
}

/** The multipart upload a role may make: a CV for a student, an exemption document for the lycée. */
export function matrixUpload(role: string) {
  const purpose = role === 'school_head' || role === 'school_staff' ? 'exemption' : 'cv';
  return multipart([
    { name: 'purpose', value: purpose },
    { name: 'file', file: { filename: `${purpose}.pdf`, content: pdfBytes(200) } },
  ]);
}
