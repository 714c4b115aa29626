/**
 * The lycée's placement follow-up through HTTP on a real database (issue 5 §3 split, §7, §8): the
 * students list with each student's derived status (to place, in progress, covered, split
 * pending, exempted, repli), filters and counts; a teacher's scope restricted to their classes;
 * reminders (once per 24 hours, guardians included, nothing to placed students); the CSV export
 * (BOM, formula guard); one student's history. PGlite by default, PostgreSQL with TEST_DATABASE_URL.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  applications,
  auditEvents,
  classReferents,
  guardians,
  hosts,
  mails,
  offers,
  placementDecisions,
  splitApprovals,
  studentWeeks,
  students,
} from '../src/db/schema/index.ts';
import type { ApplicationState } from '../src/domain/application.ts';
import { CSV_BOM, STUDENT_EXPORT_HEADERS } from '../src/domain/student-export.ts';
import { signIn } from './fixtures.ts';
import { useAcademyApp } from './helpers/academy-app.ts';

const t = useAcademyApp();
const DAY = 86_400_000;
const RENNES = '0350024L';

type Who = 'school_head' | 'school_staff' | 'student' | 'admin';
async function as(who: Who, where: 'inside' | 'outside' = 'inside') {
  const s = await signIn(t.database.db, t.accounts[where][who], () => t.now);
  return { cookie: s.cookie, 'x-csrf-token': s.csrf };
}
const get = async (who: Who, url: string, where: 'inside' | 'outside' = 'inside') =>
  t.app.inject({ method: 'GET', url, headers: await as(who, where) });
const post = async (who: Who, url: string, payload: object, where: 'inside' | 'outside' = 'inside') =>
  t.app.inject({
    method: 'POST',
    url,
    headers: await as(who, where),
    payload: payload as Record<string, unknown>,
  });

async function offerId(title: string) {
  const [o] = await t.database.db.select().from(offers).where(eq(offers.title, title));
  return o!.id;
}

async function addApplication(
  studentId: string,
  offer: string,
  weeks: number,
  status: ApplicationState,
  extra: Partial<typeof applications.$inferInsert> = {},
) {
  const now = t.now;
  const [a] = await t.database.db
    .insert(applications)
    .values({
      studentId,
      offerId: offer,
      weeks,
      motivation: 'Découvrir le métier',
      status,
      appliedAt: new Date(now.getTime() - 3 * DAY),
      expiresAt: new Date(now.getTime() + 12 * DAY),
      ...(status === 'pending'
        ? {}
        : { acceptedAt: new Date(now.getTime() - 2 * DAY), confirmBy: new Date(now.getTime() + 5 * DAY) }),
      ...(status === 'confirmed' || status === 'split_pending'
        ? { confirmedAt: status === 'confirmed' ? new Date(now.getTime() - DAY) : null }
        : {}),
      updatedAt: now,
      ...extra,
    })
    .returning();
  if (status === 'confirmed' || status === 'split_pending')
    await t.database.db
      .insert(studentWeeks)
      .values((weeks === 3 ? [1, 2] : [weeks]).map((week) => ({ studentId, week, applicationId: a!.id })));
  return a!.id;
}

/**
 * The Rennes lycée: Léa (2NDE1) to place, Yann (2NDE1) in progress, Inès (2NDE2) covered by the
 * CHU, Paul (2NDE1) week 1 at the CHU and week 2 at Breizh waiting for the head, Zoé (2NDE2)
 * exempted (SNU), Noé (2NDE2) in repli.
 */
async function loadPlacements() {
  const db = t.database.db;
  const [lea, yann, ines] = t.academy.students;
  const [paul, zoe, noe] = await db
    .insert(students)
    .values([
      {
        firstName: 'Paul',
        lastName: 'Bras',
        birthDate: '2011-05-05',
        classId: lea!.classId,
        schoolUai: RENNES,
      },
      {
        firstName: 'Zoé',
        lastName: 'Caradec',
        birthDate: '2011-06-06',
        classId: ines!.classId,
        schoolUai: RENNES,
      },
      {
        firstName: 'Noé',
        lastName: 'Derrien',
        birthDate: '2011-08-08',
        classId: ines!.classId,
        schoolUai: RENNES,
      },
    ])
    .returning();
  const chu = await offerId('Découverte de l’hôpital');
  const web = await offerId('Développement web');
  await addApplication(yann!.id, chu, 3, 'pending');
  await addApplication(ines!.id, chu, 3, 'confirmed');
  await addApplication(paul!.id, chu, 1, 'confirmed');
  const split = await addApplication(paul!.id, web, 2, 'split_pending', {
    appliedAt: new Date(t.now.getTime() - 2.5 * DAY),
  });
  await db
    .insert(splitApprovals)
    .values({ applicationId: split, studentId: paul!.id, schoolUai: RENNES, requestedAt: t.now });
  const head = t.accounts.inside.school_head.userId;
  await db.insert(placementDecisions).values([
    {
      studentId: zoe!.id,
      kind: 'exemption',
      reason: 'snu',
      decidedBy: head,
      decidedAt: t.now,
      comment: 'SNU',
    },
    { studentId: noe!.id, kind: 'repli', decidedBy: head, decidedAt: t.now, comment: 'Aucune offre' },
  ]);
  return { lea: lea!, yann: yann!, ines: ines!, paul: paul!, zoe: zoe!, noe: noe!, split, chu, web };
}

interface Item {
  id: string;
  firstName: string;
  className: string;
  placement: {
    status: string;
    statusLabel: string;
    weeks: { week: number; kind: string; hostName: string | null; offerTitle: string | null }[];
    reason: string | null;
    hosts: number;
  };
}
const names = (items: Item[]) => items.map((i) => i.firstName);

describe('the students list with their placement', () => {
  it('derives each status through the API, counts them, and filters by status and class', async () => {
    const p = await loadPlacements();
    const res = await get('school_head', `/api/schools/${RENNES}/students`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: Item[]; counts: Record<string, number>; total: number };
    const status = Object.fromEntries(body.items.map((i) => [i.firstName, i.placement.status]));
    expect(status).toEqual({
      Léa: 'to_place',
      Yann: 'in_progress',
      Paul: 'in_progress',
      Inès: 'covered',
      Zoé: 'exempted',
      Noé: 'repli',
    });
    expect(body.counts).toEqual({
      to_place: 1,
      in_progress: 2,
      covered: 1,
      placed: 0,
      exempted: 1,
      repli: 1,
      total: 6,
    });
    // the hosts per week, and why a week is not covered
    const ines = body.items.find((i) => i.firstName === 'Inès')!;
    expect(ines.placement.weeks).toMatchObject([
      { week: 1, kind: 'placement', hostName: 'CHU de Rennes', offerTitle: 'Découverte de l’hôpital' },
      { week: 2, kind: 'placement', hostName: 'CHU de Rennes' },
    ]);
    const paul = body.items.find((i) => i.firstName === 'Paul')!;
    expect(paul.placement.weeks).toMatchObject([
      { week: 1, kind: 'placement', hostName: 'CHU de Rennes' },
      { week: 2, kind: 'split_pending', hostName: 'Breizh Informatique' },
    ]);
    expect(paul.placement.reason).toMatch(/accord du chef d’établissement/);
    expect(body.items.find((i) => i.firstName === 'Yann')!.placement.reason).toBe(
      'Semaines 1 et 2 : 1 candidature en attente de réponse.',
    );
    expect(body.items.find((i) => i.firstName === 'Léa')!.placement.reason).toBe(
      'Semaines 1 et 2 : aucune candidature.',
    );

    const only = async (query: string) =>
      (await get('school_head', `/api/schools/${RENNES}/students?${query}`)).json() as {
        items: Item[];
        counts: Record<string, number>;
        total: number;
      };
    expect(names((await only('status=to_place')).items)).toEqual(['Léa']);
    const two = await only('status=covered,exempted');
    expect(names(two.items).sort()).toEqual(['Inès', 'Zoé']);
    expect(two.total).toBe(2);
    // the counts stay those of the whole selection
    expect(two.counts.total).toBe(6);
    expect(names((await only('status=repli&status=in_progress')).items).sort()).toEqual([
      'Noé',
      'Paul',
      'Yann',
    ]);
    const c2 = await only('status=covered,exempted,repli&classId=' + p.ines.classId);
    expect(names(c2.items).sort()).toEqual(['Inès', 'Noé', 'Zoé']);
    expect(c2.counts).toMatchObject({ total: 3, covered: 1, exempted: 1, repli: 1, to_place: 0 });

    // a deadline passed counts even before the job records it: Yann's application has expired
    t.now = new Date(t.now.getTime() + 13 * DAY);
    expect(names((await only('status=to_place')).items).sort()).toEqual(['Léa', 'Yann']);
  });

  it('refuses an unknown status in French and changes nothing', async () => {
    const before = await t.database.db.select().from(auditEvents);
    const res = await get('school_head', `/api/schools/${RENNES}/students?status=placed,perdu`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/statut de placement inconnu/);
    expect(await t.database.db.select().from(auditEvents)).toHaveLength(before.length);
  });

  it('restricts a teacher named referent to their classes; other staff see the lycée; another lycée is 404', async () => {
    const p = await loadPlacements();
    // without referent classes, the staff member sees the lycée as before
    const all = await get('school_staff', `/api/schools/${RENNES}/students`);
    expect(all.json().total).toBe(6);
    expect(all.json().restrictedToClasses).toBe(false);
    await t.database.db
      .insert(classReferents)
      .values({ classId: p.ines.classId, userId: t.accounts.inside.school_staff.userId });
    const mine = (await get('school_staff', `/api/schools/${RENNES}/students`)).json();
    expect(names(mine.items).sort()).toEqual(['Inès', 'Noé', 'Zoé']);
    expect(mine.counts.total).toBe(3);
    expect(mine.restrictedToClasses).toBe(true);
    expect(mine.classes.map((c: { name: string }) => c.name)).toEqual(['2NDE2']);
    // another class of the lycée is out of the teacher's reach, whatever the route
    const leaHistory = await get('school_staff', `/api/students/${p.lea.id}/placement`);
    expect(leaHistory.statusCode).toBe(404);
    expect((await get('school_staff', `/api/students/${p.lea.id}`)).statusCode).toBe(404);
    expect((await get('school_staff', `/api/students/${p.ines.id}/placement`)).statusCode).toBe(200);
    const csv = await get('school_staff', `/api/schools/${RENNES}/students.csv`);
    expect(csv.body).toContain('Martin');
    expect(csv.body).not.toContain('Le Goff');
    const reminder = await post('school_staff', `/api/schools/${RENNES}/placement-reminders`, {
      studentIds: [p.lea.id],
    });
    expect(reminder.json()).toMatchObject({ sent: 0, skipped: { not_found: 1 } });
    // the head still sees everyone
    expect((await get('school_head', `/api/schools/${RENNES}/students`)).json().total).toBe(6);
    // another lycée
    for (const url of [
      '/api/schools/0290062L/students',
      '/api/schools/0290062L/students.csv',
      `/api/students/${t.academy.students[3]!.id}/placement`,
    ])
      expect((await get('school_head', url)).statusCode).toBe(404);
    expect((await post('school_head', '/api/schools/0290062L/placement-reminders', {})).statusCode).toBe(404);
    expect((await get('school_head', `/api/students/${p.lea.id}/placement`, 'outside')).statusCode).toBe(404);
  });
});

describe('reminders', () => {
  async function remindersTo(to: string) {
    return t.database.db
      .select()
      .from(mails)
      .where(and(eq(mails.to, to), eq(mails.template, 'placement_reminder')));
  }

  it('mails the students to place and their guardians, once per 24 hours, nothing to the others', async () => {
    const p = await loadPlacements();
    await t.database.db
      .update(guardians)
      .set({ email: 'Anne.LeGoff@example.net' })
      .where(eq(guardians.studentId, p.lea.id));
    await t.database.db.insert(guardians).values({
      studentId: p.lea.id,
      rank: 2,
      firstName: 'Hervé',
      lastName: 'Le Goff',
      email: 'herve@example.net',
    });
    // Yann's guardian has an address: he is in progress, nothing must reach him
    await t.database.db
      .update(guardians)
      .set({ email: 'yann.parent@example.net' })
      .where(eq(guardians.studentId, p.yann.id));
    // a second student to place, without any address
    const [sans] = await t.database.db
      .insert(students)
      .values({
        firstName: 'Gwen',
        lastName: 'Sans',
        birthDate: '2011-02-02',
        classId: p.lea.classId,
        schoolUai: RENNES,
      })
      .returning();

    const url = `/api/schools/${RENNES}/placement-reminders`;
    const res = await post('school_head', url, { studentIds: [p.lea.id, p.yann.id, p.ines.id, sans!.id] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      sent: 1,
      mails: 3,
      skipped: { not_to_place: 2, no_address: 1, reminded_recently: 0, not_found: 0, total: 3 },
    });
    expect(res.json().message).toMatch(/^1 élève relancé \(3 courriels envoyés\)\. 3 élèves non relancés/);
    // the student's own account, and both guardians
    const [own] = await remindersTo('student.in@example.net');
    expect(own!.subject).toMatch(/Vous n’avez pas encore de stage/);
    expect(own!.text).toContain('http://localhost:3000/offres');
    expect(own!.text).toContain('http://localhost:3000/candidatures');
    const [anne] = await remindersTo('anne.legoff@example.net');
    expect(anne!.subject).toContain('Léa Le Goff n’a pas encore de stage');
    expect(anne!.text).toContain('Bonjour Anne,');
    expect(await remindersTo('herve@example.net')).toHaveLength(1);
    expect(await remindersTo('yann.parent@example.net')).toHaveLength(0);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'placement.reminder_sent'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      studentId: p.lea.id,
      schoolUai: RENNES,
      actorUserId: t.accounts.inside.school_head.userId,
      details: { students: 1, guardians: 2 },
    });

    // the same day (by the staff, for the whole lycée): Léa was reminded already, Gwen has no address
    t.now = new Date(t.now.getTime() + 23 * 3_600_000);
    const again = await post('school_staff', url, {});
    expect(again.json()).toMatchObject({
      sent: 0,
      mails: 0,
      skipped: { reminded_recently: 1, no_address: 1, total: 2 },
    });
    expect(await remindersTo('anne.legoff@example.net')).toHaveLength(1);

    // a day later, once more; a class without anyone to place sends nothing
    t.now = new Date(t.now.getTime() + 2 * 3_600_000);
    const c2 = await post('school_head', url, { classId: p.ines.classId });
    expect(c2.json()).toMatchObject({ sent: 0, skipped: { total: 0 } });
    const later = await post('school_head', url, { classId: p.lea.classId });
    expect(later.json()).toMatchObject({ sent: 1, mails: 3 });
    expect(await remindersTo('anne.legoff@example.net')).toHaveLength(2);
  });

  it('sends once when two reminders for the same students arrive together', async () => {
    const p = await loadPlacements();
    const url = `/api/schools/${RENNES}/placement-reminders`;
    const [a, b] = await Promise.all([
      post('school_head', url, { studentIds: [p.lea.id] }),
      post('school_head', url, { studentIds: [p.lea.id] }),
    ]);
    expect([a.json().sent, b.json().sent].sort()).toEqual([0, 1]);
    expect(await remindersTo('student.in@example.net')).toHaveLength(1);
  });

  it('refuses bad input in French and sends nothing; a student may not remind', async () => {
    await loadPlacements();
    const url = `/api/schools/${RENNES}/placement-reminders`;
    for (const payload of [
      { studentIds: [] },
      { studentIds: ['pas-un-id'] },
      { classId: 'x' },
      { other: 1 },
    ]) {
      const res = await post('school_head', url, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    expect((await post('student', url, {})).statusCode).toBe(403);
    expect(await t.database.db.select().from(mails)).toHaveLength(0);
  });
});

describe('the CSV export', () => {
  it('exports the filtered students with their status and hosts: BOM, semicolons, formulas guarded, audited', async () => {
    const p = await loadPlacements();
    await t.database.db
      .update(hosts)
      .set({ name: '=HYPERLINK("http://x")' })
      .where(eq(hosts.name, 'CHU de Rennes'));
    const res = await get('school_head', `/api/schools/${RENNES}/students.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="eleves-0350024L-2026-11-28.csv"');
    expect(res.body.startsWith(CSV_BOM)).toBe(true);
    const lines = res.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(STUDENT_EXPORT_HEADERS.join(';'));
    expect(lines).toHaveLength(8); // header, 6 students, the final CRLF
    const ines = lines.find((l) => l.includes(';Martin;Inès;'))!;
    expect(ines).toContain(
      `;Couvert;Stage (deux semaines);"'=HYPERLINK(""http://x"")";Découverte de l’hôpital;`,
    );
    expect(res.body).not.toMatch(/;=HYPERLINK/);
    expect(lines.find((l) => l.includes('Caradec'))).toContain('Dispensé');

    const filtered = await get('school_head', `/api/schools/${RENNES}/students.csv?status=to_place`);
    expect(
      filtered.body
        .slice(1)
        .split('\r\n')
        .filter((l) => l !== ''),
    ).toHaveLength(2);
    expect(filtered.body).toContain(';Le Goff;Léa;');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'students.exported'));
    expect(audit.map((a) => (a.details as { rows: number }).rows)).toEqual([6, 1]);
    void p;
  });
});

describe('one student’s history', () => {
  it('tells the applications, the split and its approval, decisions and reminders, in order', async () => {
    const p = await loadPlacements();
    const before = (await get('school_head', `/api/students/${p.paul.id}/placement`)).json();
    expect(before.placement.status).toBe('in_progress');
    expect(before.canDecide).toBe(true);
    expect(before.applications.map((a: { host: { name: string } }) => a.host.name)).toEqual([
      'CHU de Rennes',
      'Breizh Informatique',
    ]);
    expect(before.splits).toMatchObject([{ applicationId: p.split, decision: null }]);
    // the head approves the split: the student is covered by two hosts
    t.now = new Date(t.now.getTime() + 3_600_000);
    const approve = await post('school_head', `/api/applications/${p.split}/split`, { decision: 'approve' });
    expect(approve.statusCode).toBe(200);
    const after = (await get('school_head', `/api/students/${p.paul.id}/placement`)).json();
    expect(after.placement).toMatchObject({ status: 'covered', hosts: 2 });
    expect(after.splits[0]).toMatchObject({ decision: 'approved', decidedByName: 'school_head in' });
    const labels = after.timeline.map((e: { label: string }) => e.label);
    expect(labels).toEqual([
      'Candidature envoyée',
      'Candidature envoyée',
      'Candidature acceptée par l’organisme',
      'Candidature acceptée par l’organisme',
      'Stage confirmé par l’élève',
      'Stage en deux lieux demandé (accord du chef d’établissement attendu)',
      'Stage en deux lieux accepté',
      'Stage confirmé par l’élève',
    ]);

    // decisions and reminders
    const zoe = (await get('school_staff', `/api/students/${p.zoe.id}/placement`)).json();
    expect(zoe.canDecide).toBe(false);
    expect(zoe.placement).toMatchObject({ status: 'exempted', exemptionReason: 'snu' });
    expect(zoe.decisions).toMatchObject([
      { kind: 'exemption', reason: 'snu', comment: 'SNU', revokedAt: null },
    ]);
    expect(zoe.timeline[0].label).toMatch(/^Dispense : Service national universel/);

    await post('school_head', `/api/schools/${RENNES}/placement-reminders`, { studentIds: [p.lea.id] });
    const lea = (await get('school_head', `/api/students/${p.lea.id}/placement`)).json();
    expect(lea.reminders).toMatchObject([{ students: 1, guardians: 0, byName: 'school_head in' }]);
    expect(lea.timeline).toMatchObject([{ kind: 'reminder', label: 'Relance envoyée' }]);
    // every read is in the audit trail
    const reads = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'student.read'), eq(auditEvents.studentId, p.paul.id)));
    expect(reads).toHaveLength(2);
    // a student may not read it
    expect((await get('student', `/api/students/${p.lea.id}/placement`)).statusCode).toBe(403);
  });
});
