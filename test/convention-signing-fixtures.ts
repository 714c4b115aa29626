/**
 * Validated conventions for the signing tests and the bulk signature benchmark, made the real way:
 * a confirmed application, the convention created by the conventions module, both parts completed
 * and declared complete, then validated by the head through the conventions service (document
 * PDF stored, signatories created, personal links mailed). The links' tokens are read back from
 * the outbox.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import {
  applications,
  conventionSignatories,
  conventions,
  guardians,
  mails,
  memberships,
  offers,
  signatureChallenges,
  students,
  users,
} from '../src/db/schema/index.ts';
import { codeHash } from '../src/conventions/signing.service.ts';
import type { ConventionHostPart, ConventionSchoolPart, SignatoryRole } from '../src/domain/convention.ts';
import type { Principal } from '../src/domain/permissions.ts';
import { createConventionForApplication, validate } from '../src/conventions/service.ts';
import type { SmallAcademy } from './fixtures.ts';

export const HEAD_EMAIL = 'school_head.in@example.net';
export const HOST_EMAIL = 'host_member.in@example.net';
export const GUARDIAN_EMAIL = 'guardian.in@example.net';
export const STUDENT_EMAIL = 'student.in@example.net';

let offerCount = 0;

export interface ValidatedConvention {
  id: string;
  reference: string;
  studentId: string;
  /** the personal link's token of each party, from the outbox */
  tokens: Partial<Record<SignatoryRole, string>>;
  emails: Partial<Record<SignatoryRole, string>>;
}

const HOURS = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00', breakMinutes: 60 }));

export function headPrincipal(userId: string): Principal {
  return {
    userId,
    role: 'school_head',
    scope: { kind: 'lycee', uai: '0350024L', departementCode: '35', academyCode: '14' },
    studentIds: [],
    signatureDelegate: false,
  };
}

/**
 * `count` validated conventions of the Rennes lycée with host 1's open offer. The first one is the
 * demo student's (student.in, guardian.in, host_member.in as the host's representative); the
 * others get a student of their own (with an account and one guardian) and their own addresses.
 * `phone`: the guardian's mobile number (SMS codes); `sameStudent`: every convention is the demo
 * student's (one offer each).
 */
export async function validatedConventions(
  db: Db,
  academy: SmallAcademy,
  headUserId: string,
  now: Date,
  count = 1,
  options: {
    secondGuardian?: boolean;
    phone?: string;
    sameStudent?: boolean;
    releaseApplication?: boolean;
  } = {},
): Promise<ValidatedConvention[]> {
  const clock = () => now;
  const deps = { db, clock, publicUrl: 'http://localhost:3000' };
  const [template] = await db.select().from(offers).where(eq(offers.title, 'Découverte de l’hôpital'));
  const first = academy.students[0]!;
  const out: ValidatedConvention[] = [];
  for (let i = 0; i < count; i++) {
    let studentId = first.id;
    let guardianEmail = GUARDIAN_EMAIL;
    const own = i > 0 && !options.sameStudent;
    const hostEmail = own ? `representant${i}@organisme.example` : HOST_EMAIL;
    if (own) {
      const [s] = await db
        .insert(students)
        .values({
          firstName: `Élève${i}`,
          lastName: `Kerhervé${i}`,
          birthDate: '2011-05-05',
          classId: first.classId,
          schoolUai: '0350024L',
        })
        .returning();
      studentId = s!.id;
      guardianEmail = `parent${i}@famille.example`;
      await db.insert(guardians).values({
        studentId,
        rank: 1,
        firstName: 'Gwenaëlle',
        lastName: `Kerhervé${i}`,
        email: guardianEmail,
      });
      const [u] = await db
        .insert(users)
        .values({ email: `eleve${i}@lycee.example`, firstName: `Élève${i}`, lastName: 'K', studentId })
        .returning();
      await db.insert(memberships).values({ userId: u!.id, role: 'student', schoolUai: '0350024L' });
    }
    // an offer of host 1 per convention: a student has one live application per offer
    const [offer] = await db
      .insert(offers)
      .values({
        campaignId: template!.campaignId,
        hostId: template!.hostId,
        source: 'seed',
        status: 'published',
        title: `Signature ${++offerCount}`,
        description: 'Découverte des métiers de l’hôpital',
        sectorCode: template!.sectorCode,
        lat: 48.11,
        lon: -1.68,
      })
      .returning();
    const [application] = await db
      .insert(applications)
      .values({
        studentId,
        offerId: offer!.id,
        weeks: 1,
        motivation: 'Signature',
        status: 'confirmed',
        appliedAt: now,
        expiresAt: now,
        acceptedAt: now,
        confirmedAt: now,
        updatedAt: now,
      })
      .returning();
    const created = await db.transaction((tx) => createConventionForApplication(tx, deps, application!.id));
    if (!created) throw new Error('convention non créée');
    const [student] = await db.select().from(students).where(eq(students.id, studentId));
    const hostPart: ConventionHostPart = {
      ...created.hostPart,
      representative: { name: 'Hélène Quéré', role: 'Directrice', email: hostEmail, phone: '02 99 00 00 00' },
      tutor: { name: 'Loïc Le Bihan', role: 'Cadre de santé', email: 'tuteur@chu.example', phone: '' },
      placeAddress: '2 rue Henri Le Guilloux, 35000 Rennes',
      activities: 'Découvrir les services de l’hôpital, observer l’accueil des patients.',
      hours: HOURS,
      lunch: 'Self du personnel, à la charge de l’élève.',
      insurance: { insurer: 'SHAM', policyNumber: 'RC-35-0001' },
    };
    const schoolPart: ConventionSchoolPart = {
      ...created.schoolPart,
      representative: { name: 'Anne Morvan', role: 'Proviseure', email: HEAD_EMAIL, phone: '02 99 11 11 11' },
      caDeliberationDate: '2026-09-18',
      referentTeacher: { name: 'Paul Tanguy', email: 'paul.tanguy@lycee.example', phone: '06 00 00 00 00' },
      className: created.schoolPart.className || '2NDE1',
      pai: { has: false, kitBy: '' },
      guardians: [
        {
          firstName: 'Anne',
          lastName: student!.lastName,
          email: guardianEmail,
          phone: options.phone ?? '',
        },
        ...(options.secondGuardian
          ? [
              {
                firstName: 'Erwan',
                lastName: student!.lastName,
                email: `second${i}@famille.example`,
                phone: '',
              },
            ]
          : []),
      ],
      guardiansChecked: true,
      preparation: 'Séance de préparation la semaine précédente, bilan au retour.',
    };
    const [c] = await db
      .update(conventions)
      .set({ hostPart, schoolPart, hostCompletedAt: now, schoolCompletedAt: now })
      .where(eq(conventions.id, created.id))
      .returning();
    const r = await validate(deps, headPrincipal(headUserId), c!.id, { version: c!.version });
    if (!r.ok) throw new Error(`validation refusée : ${JSON.stringify(r)}`);
    // the matrix's demo student keeps its own applications: the one behind this convention is closed
    if (options.releaseApplication)
      await db
        .update(applications)
        .set({ status: 'withdrawn_by_student', closedAt: now })
        .where(eq(applications.id, application!.id));
    out.push({ id: c!.id, reference: c!.reference, studentId, tokens: {}, emails: {} });
  }
  // the personal links, from the mails of the validation
  const sent = await db
    .select({ to: mails.to, text: mails.text })
    .from(mails)
    .where(and(eq(mails.template, 'convention_ready_to_sign'), like(mails.text, '%/signature/%')));
  const roleOf: Record<string, SignatoryRole> = {
    'Représentant légal 1': 'guardian_1',
    'Représentant légal 2': 'guardian_2',
    'Représentant de l’organisme d’accueil': 'host',
    'Chef d’établissement ou délégué': 'school',
    Élève: 'student',
  };
  for (const m of sent) {
    const conv = out.find((c) => m.text.includes(c.reference));
    const token = /\/signature\/([A-Za-z0-9_-]+)/.exec(m.text)?.[1];
    const label = /Votre signature est attendue \(([^)]+)\)/.exec(m.text)?.[1];
    const role = label === undefined ? undefined : roleOf[label];
    if (!conv || !token || !role) continue;
    conv.tokens[role] = token;
    conv.emails[role] = m.to;
  }
  return out;
}

/** The last signature code mailed (or texted) to an address, from the outbox. */
export async function lastCode(db: Db, to: string): Promise<string> {
  const rows = await db
    .select({ text: mails.text, createdAt: mails.createdAt, template: mails.template })
    .from(mails)
    .where(eq(mails.to, to.toLowerCase()));
  const codes = rows
    .filter((r) => r.template === 'signature_code' || r.template === 'sms_code')
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const text = codes.at(-1)?.text ?? '';
  const code = /code de signature (?:est |: )(\d{6})/.exec(text)?.[1];
  if (!code) throw new Error(`aucun code pour ${to}`);
  return code;
}

/**
 * What the access matrix needs: a convention to ask codes for, one signed by each role from its
 * account with a code known in advance (the staff member of the matrix is a signature delegate:
 * a convention of its own), one bulk code each for the head and the delegate, a reference.
 */
export async function loadMatrixSignatures(
  db: Db,
  academy: SmallAcademy,
  inside: Record<string, { userId: string }>,
  now: Date,
) {
  const [code, signA, signB, bulkHead, bulkStaff] = await validatedConventions(
    db,
    academy,
    inside.school_head!.userId,
    now,
    5,
    { sameStudent: true, releaseApplication: true },
  );
  const known = '424242';
  const challenge = async (conventionId: string, role: SignatoryRole, userId: string) => {
    const [s] = await db
      .select()
      .from(conventionSignatories)
      .where(and(eq(conventionSignatories.conventionId, conventionId), eq(conventionSignatories.role, role)));
    const id = randomUUID();
    await db.insert(signatureChallenges).values({
      id,
      signatoryIds: [s!.id],
      email: s!.email,
      channel: 'email',
      codeHash: codeHash(id, known),
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 10 * 60_000),
    });
    return id;
  };
  const signAs = async (conv: ValidatedConvention, role: SignatoryRole, account: string) => ({
    id: conv.id,
    role,
    challengeId: await challenge(conv.id, role, inside[account]!.userId),
    code: known,
  });
  return {
    code: code!.id,
    reference: code!.reference,
    sign: {
      student: await signAs(signA!, 'student', 'student'),
      guardian: await signAs(signA!, 'guardian_1', 'guardian'),
      host_member: await signAs(signA!, 'host', 'host_member'),
      school_head: await signAs(signA!, 'school', 'school_head'),
      school_staff: await signAs(signB!, 'school', 'school_staff'),
    } as Record<string, { id: string; role: SignatoryRole; challengeId: string; code: string }>,
    bulk: {
      school_head: await challenge(bulkHead!.id, 'school', inside.school_head!.userId),
      school_staff: await challenge(bulkStaff!.id, 'school', inside.school_staff!.userId),
    } as Record<string, string>,
    knownCode: known,
  };
}
