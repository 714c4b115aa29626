import { eq } from 'drizzle-orm';
import { openSession } from '../src/accounts/service.ts';
import type { Db } from '../src/db/client.ts';
import {
  applications,
  campaigns,
  memberships,
  offerWeeks,
  offers,
  splitApprovals,
  studentWeeks,
  students,
  users,
} from '../src/db/schema/index.ts';
import type { ApplicationState } from '../src/domain/application.ts';
import type { SmallAcademy } from './fixtures.ts';

/**
 * Applications in the states the access matrix needs (after loadSmallAcademy): one resource per
 * route, so that each call can succeed once inside its perimeter whatever the order of roles.
 * Opens the campaign's applications before `now` so that students may apply.
 */
export async function loadMatrixApplications(db: Db, academy: SmallAcademy, now: Date) {
  const [s1, s2, s3, s4] = academy.students;
  const [h1, h2] = academy.hosts;
  await db
    .update(campaigns)
    .set({ studentsOpenOn: '2026-11-01' })
    .where(eq(campaigns.id, academy.campaign.id));
  const offer = async (title: string, hostId: string) => {
    const [o] = await db
      .insert(offers)
      .values({
        campaignId: academy.campaign.id,
        hostId,
        source: 'host',
        status: 'published',
        title,
        description: 'Offre des candidatures de la matrice',
        sectorCode: 'sante',
      })
      .returning();
    await db.insert(offerWeeks).values([
      { offerId: o!.id, week: 1, places: 5 },
      { offerId: o!.id, week: 2, places: 5 },
    ]);
    return o!.id;
  };
  const [A, B, C, D, E, F] = [
    await offer('Candidatures A', h1!.id),
    await offer('Candidatures B', h1!.id),
    await offer('Candidatures C', h1!.id),
    await offer('Candidatures D', h1!.id),
    await offer('Candidatures E', h1!.id),
    await offer('Candidatures F', h2!.id),
  ];
  const day = 86_400_000;
  const make = async (studentId: string, offerId: string, weeks: number, status: ApplicationState) => {
    const [a] = await db
      .insert(applications)
      .values({
        studentId,
        offerId,
        weeks,
        motivation: 'Matrice',
        status,
        appliedAt: now,
        expiresAt: new Date(now.getTime() + 15 * day),
        ...(status === 'pending' ? {} : { acceptedAt: now, confirmBy: new Date(now.getTime() + 7 * day) }),
        updatedAt: now,
      })
      .returning();
    return a!.id;
  };
  const ids = {
    /** any student applies to it */
    applyOffer: A,
    /** read by the student, the host, the lycée's staff */
    read: await make(s1!.id, B, 2, 'refused'),
    confirm: await make(s1!.id, C, 1, 'accepted'),
    withdraw: await make(s1!.id, D, 2, 'pending'),
    decide: await make(s2!.id, B, 1, 'pending'),
    bulk: await make(s4!.id, B, 1, 'pending'),
    cancel: await make(s2!.id, C, 2, 'accepted'),
    split: await make(s3!.id, E, 2, 'split_pending'),
  };
  // s3: week 1 confirmed with host 2, week 2 with host 1 waiting for the head
  const placed = await make(s3!.id, F, 1, 'confirmed');
  await db.update(offerWeeks).set({ taken: 1 }).where(eq(offerWeeks.offerId, F));
  await db.insert(studentWeeks).values([
    { studentId: s3!.id, week: 1, applicationId: placed },
    { studentId: s3!.id, week: 2, applicationId: ids.split },
  ]);
  await db
    .insert(splitApprovals)
    .values({ applicationId: ids.split, studentId: s3!.id, schoolUai: s3!.schoolUai, requestedAt: now });
  return ids;
}

/** An offer with 3 places in week 1 and 200 students of the Rennes lycée each holding an acceptance of it. */
export async function loadRace(db: Db, academy: SmallAcademy, now: Date, count = 200) {
  const [offer] = await db
    .insert(offers)
    .values({
      campaignId: academy.campaign.id,
      hostId: academy.hosts[0]!.id,
      source: 'seed',
      status: 'published',
      title: 'Trois places',
      description: 'Course aux places',
      sectorCode: 'sante',
    })
    .returning();
  await db.insert(offerWeeks).values({ offerId: offer!.id, week: 1, places: 3 });
  const s1 = academy.students[0]!;
  const many = await db
    .insert(students)
    .values(
      Array.from({ length: count }, (_, i) => ({
        firstName: `Élève ${i}`,
        lastName: 'Concurrent',
        birthDate: '2011-01-01',
        classId: s1.classId,
        schoolUai: s1.schoolUai,
      })),
    )
    .returning({ id: students.id });
  const day = 86_400_000;
  const apps = await db
    .insert(applications)
    .values(
      many.map((s) => ({
        studentId: s.id,
        offerId: offer!.id,
        weeks: 1,
        motivation: 'Vite',
        status: 'accepted' as const,
        appliedAt: now,
        expiresAt: new Date(now.getTime() + 15 * day),
        acceptedAt: now,
        confirmBy: new Date(now.getTime() + 7 * day),
        updatedAt: now,
      })),
    )
    .returning({ id: applications.id, studentId: applications.studentId });
  return { offerId: offer!.id, apps };
}

/** A signed-in student account for each application of the race: cookie and CSRF token. */
export async function raceSessions(db: Db, apps: { id: string; studentId: string }[], clock: () => Date) {
  const sessions = [];
  for (const [i, a] of apps.entries()) {
    const [u] = await db
      .insert(users)
      .values({
        email: `concurrent.${i}@example.net`,
        firstName: 'Élève',
        lastName: `${i}`,
        studentId: a.studentId,
      })
      .returning();
    const [m] = await db
      .insert(memberships)
      .values({ userId: u!.id, role: 'student', schoolUai: '0350024L' })
      .returning();
    const s = await openSession({ db, clock }, { userId: u!.id, membershipId: m!.id, method: 'test' });
    sessions.push({ id: a.id, cookie: `ss_session=${s.token}`, csrf: s.csrfToken });
  }
  return sessions;
}
