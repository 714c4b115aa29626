import { sha256 } from '../src/accounts/service.ts';
import type { Db } from '../src/db/client.ts';
import { externalStages, students } from '../src/db/schema/index.ts';
import type { SmallAcademy } from './fixtures.ts';

/**
 * What the access matrix needs for the stages found outside the platform (after
 * loadMatrixApplications, which opens the campaign): a declaration of Léa (Rennes) waiting for
 * its host, to cancel, and two more students of the Rennes lycée, one for the head's and one for
 * the staff's declaration.
 */
export async function loadMatrixExternalStages(db: Db, academy: SmallAcademy, now: Date) {
  const s1 = academy.students[0]!;
  const [stage] = await db
    .insert(externalStages)
    .values({
      studentId: s1.id,
      weeks: 1,
      hostName: 'Boulangerie de la matrice',
      siret: '73282932000074',
      address: '1 rue de la Matrice',
      postalCode: '35000',
      communeName: 'Rennes',
      contactName: 'Jeanne Matrice',
      contactEmail: 'jeanne.matrice@example.net',
      status: 'invited',
      tokenHash: sha256('jeton-de-la-matrice-a-annuler-0123456789'),
      tokenExpiresAt: new Date(now.getTime() + 14 * 86_400_000),
      createdBy: s1.id,
      createdAt: now,
    })
    .returning();
  const extra = await db
    .insert(students)
    .values(
      ['Head', 'Staff'].map((who) => ({
        firstName: `Déclaré par ${who}`,
        lastName: 'Matrice',
        birthDate: '2011-05-05',
        classId: s1.classId,
        schoolUai: s1.schoolUai,
      })),
    )
    .returning({ id: students.id });
  return { cancel: stage!.id, forHead: extra[0]!.id, forStaff: extra[1]!.id };
}

/** A valid declaration: week 2, a private host with a valid SIRET in Rennes. */
export function declarationPayload(overrides: Record<string, unknown> = {}) {
  return {
    weeks: 2,
    hostName: 'Boulangerie Le Fournil',
    siret: '732 829 320 00074',
    address: '3 rue de la Monnaie',
    postalCode: '35000',
    communeName: 'Rennes',
    contactName: 'Jeanne Riou',
    contactEmail: 'jeanne.riou@example.net',
    activities: 'Fabrication du pain, accueil des clients.',
    ...overrides,
  };
}
