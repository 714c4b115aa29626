/**
 * Conventions for the API tests and the access matrix: a confirmed application inserted as such,
 * its convention created by the conventions module (as the confirmation does), and, when asked,
 * both parts completed with valid values and declared complete (ready for validation).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import { applications, conventions, memberships, offerWeeks, offers } from '../src/db/schema/index.ts';
import type { ConventionHostPart, ConventionSchoolPart } from '../src/domain/convention.ts';
import { createConventionForApplication } from '../src/conventions/service.ts';
import type { Account, SmallAcademy } from './fixtures.ts';

export const HOURS = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '16:30', breakMinutes: 60 }));

export function validHostPart(base: ConventionHostPart): ConventionHostPart {
  return {
    ...base,
    representative: {
      name: 'Hélène Quéré',
      role: 'Directrice des ressources humaines',
      email: 'helene.quere@chu.example',
      phone: '02 99 00 00 00',
    },
    tutor: { name: 'Loïc Le Bihan', role: 'Cadre de santé', email: 'loic.lebihan@chu.example', phone: '' },
    placeAddress: '2 rue Henri Le Guilloux, 35000 Rennes',
    activities: 'Découvrir les services de l’hôpital, observer l’accueil des patients.',
    hours: HOURS,
    lunch: 'Self du personnel, à la charge de l’élève.',
    insurance: { insurer: 'SHAM', policyNumber: 'RC-35-0001' },
  };
}

export function validSchoolPart(base: ConventionSchoolPart): ConventionSchoolPart {
  return {
    ...base,
    representative: {
      name: 'Anne Morvan',
      role: 'Proviseure',
      email: 'school_head.in@example.net',
      phone: '02 99 11 11 11',
    },
    caDeliberationDate: '2026-09-18',
    referentTeacher: { name: 'Paul Tanguy', email: 'paul.tanguy@lycee.example', phone: '02 99 11 11 12' },
    className: base.className || '2NDE1',
    pai: { has: false, kitBy: '' },
    guardians: [{ firstName: 'Anne', lastName: 'Le Goff', email: 'anne.legoff@famille.example', phone: '' }],
    guardiansChecked: true,
    preparation: 'Séance de préparation la semaine précédente, bilan au retour.',
  };
}

/**
 * A confirmed application of the student on a new offer of the host (one place on `weeks`), and
 * its convention; `complete`: both parts valid and declared complete.
 */
export async function makeConvention(
  db: Db,
  academy: SmallAcademy,
  now: Date,
  options: {
    studentIndex?: number;
    hostIndex?: number;
    weeks?: 1 | 2 | 3;
    complete?: boolean;
    title?: string;
  } = {},
) {
  const student = academy.students[options.studentIndex ?? 0]!;
  const host = academy.hosts[options.hostIndex ?? 0]!;
  const weeks = options.weeks ?? 1;
  const [offer] = await db
    .insert(offers)
    .values({
      campaignId: academy.campaign.id,
      hostId: host.id,
      source: 'host',
      status: 'published',
      title: options.title ?? 'Stage des conventions',
      description: 'Découverte des métiers',
      sectorCode: 'sante',
      contactName: 'Hélène Quéré',
      contactEmail: 'contact@organisme.example',
    })
    .returning();
  await db
    .insert(offerWeeks)
    .values([1, 2].filter((w) => (weeks & w) !== 0).map((week) => ({ offerId: offer!.id, week, places: 1 })));
  const [application] = await db
    .insert(applications)
    .values({
      studentId: student.id,
      offerId: offer!.id,
      weeks,
      motivation: 'Convention',
      status: 'confirmed',
      appliedAt: now,
      expiresAt: now,
      acceptedAt: now,
      confirmedAt: now,
      updatedAt: now,
    })
    .returning();
  const deps = { clock: () => now, publicUrl: 'http://localhost:3000' };
  const created = await db.transaction((t) => createConventionForApplication(t, deps, application!.id));
  if (!created) throw new Error('convention non créée');
  if (!options.complete) return created;
  const [c] = await db
    .update(conventions)
    .set({
      hostPart: validHostPart(created.hostPart),
      schoolPart: validSchoolPart(created.schoolPart),
      hostCompletedAt: now,
      schoolCompletedAt: now,
    })
    .where(eq(conventions.id, created.id))
    .returning();
  return c!;
}

/**
 * What the access matrix needs: the Rennes lycée's staff member is a signature delegate (so that
 * a permitted call of the delegate routes succeeds), and one convention per call that changes it.
 */
export async function loadMatrixConventions(
  db: Db,
  academy: SmallAcademy,
  inside: Record<string, Account>,
  now: Date,
) {
  await db
    .update(memberships)
    .set({ signatureDelegate: true })
    .where(eq(memberships.id, inside.school_staff!.membershipId));
  // the applications behind them are closed afterwards, so that the student's weeks stay free
  // for the applications' own matrix calls (the conventions stay, for their routes only)
  const make = async (complete = false) => {
    const c = await makeConvention(db, academy, now, { complete });
    await db
      .update(applications)
      .set({ status: 'withdrawn_by_student', closedAt: now })
      .where(eq(applications.id, c.applicationId));
    return c;
  };
  return {
    read: (await make()).id,
    hostEdit: (await make()).id,
    schoolEdit: { school_head: (await make()).id, school_staff: (await make()).id },
    validate: { school_head: (await make(true)).id, school_staff: (await make(true)).id },
    cancel: { school_head: (await make()).id, school_staff: (await make()).id },
  };
}
