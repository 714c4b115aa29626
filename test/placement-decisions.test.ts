/**
 * The head's exemption and repli decisions through HTTP on a real database (issue 5 §7): an
 * exemption needs a reason and a document of the lycée; a repli needs a comment; one decision in
 * force; revoking; staff and teachers cannot decide; another lycée's head gets 404; the refusals
 * against confirmed placements; the placement status read through the API follows. PGlite by
 * default, PostgreSQL with TEST_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  applications,
  auditEvents,
  offerWeeks,
  offers,
  placementDecisions,
  studentWeeks,
} from '../src/db/schema/index.ts';
import { signIn } from './fixtures.ts';
import { useAcademyApp } from './helpers/academy-app.ts';
import { multipart, pdfBytes } from './helpers/multipart.ts';

const t = useAcademyApp({ start: new Date('2027-02-01T09:00:00Z') });

type Who = keyof typeof t.accounts.inside;

async function call(
  who: Who,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
  where: 'inside' | 'outside' = 'inside',
) {
  const s = await signIn(t.database.db, t.accounts[where][who], () => t.now);
  return t.app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload ? { payload } : {}),
  });
}

async function document(who: Who = 'school_head', where: 'inside' | 'outside' = 'inside'): Promise<string> {
  const s = await signIn(t.database.db, t.accounts[where][who], () => t.now);
  const body = multipart([
    { name: 'purpose', value: 'exemption' },
    { name: 'file', file: { filename: 'convocation SNU.pdf', content: pdfBytes() } },
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/files',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...body.headers },
    payload: body.payload,
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/** s1 has the student account "inside" (Léa, Rennes); s2 is another student of the same lycée. */
const s1 = () => t.academy.students[0]!;
const s2 = () => t.academy.students[1]!;
const decisions = (studentId: string) => `/api/students/${studentId}/placement-decisions`;

async function placementStatus() {
  const res = await call('student', 'GET', '/api/applications/mine');
  expect(res.statusCode).toBe(200);
  return res.json().placement as { status: string; weeks: { kind: string }[] };
}

async function rows() {
  return t.database.db.select().from(placementDecisions);
}

/** A confirmed placement of the student on the given weeks (as the confirmation leaves it). */
async function confirmed(studentId: string, weeks: (1 | 2)[]) {
  const [offer] = await t.database.db
    .select()
    .from(offers)
    .where(eq(offers.title, 'Découverte de l’hôpital'));
  const [a] = await t.database.db
    .insert(applications)
    .values({
      studentId,
      offerId: offer!.id,
      weeks: weeks.reduce((m, w) => m | w, 0),
      motivation: 'Oui',
      status: 'confirmed',
      appliedAt: t.now,
      expiresAt: new Date(t.now.getTime() + 15 * 86_400_000),
      acceptedAt: t.now,
      confirmedAt: t.now,
      updatedAt: t.now,
    })
    .returning();
  await t.database.db
    .insert(studentWeeks)
    .values(weeks.map((week) => ({ studentId, week, applicationId: a!.id })));
  await t.database.db.update(offerWeeks).set({ taken: 1 }).where(eq(offerWeeks.offerId, offer!.id));
}

describe('exemption', () => {
  it('is granted with a reason and a document of the lycée; the status follows; audited', async () => {
    expect((await placementStatus()).status).toBe('to_place');
    const doc = await document();
    const res = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      reason: 'snu',
      documentFileId: doc,
      comment: 'Convocation au séjour de cohésion du 15 au 27 juin.',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      studentId: s1().id,
      kind: 'exemption',
      kindLabel: 'Dispense',
      reason: 'snu',
      reasonLabel: expect.stringMatching(/Service national universel/),
      comment: 'Convocation au séjour de cohésion du 15 au 27 juin.',
      document: { id: doc, fileName: 'convocation SNU.pdf' },
      decidedAt: t.now.toISOString(),
      revokedAt: null,
    });
    const placement = await placementStatus();
    expect(placement.status).toBe('exempted');
    expect(placement.weeks.map((w) => w.kind)).toEqual(['exempted', 'exempted']);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'placement.exemption_granted'));
    expect(audit).toMatchObject({ studentId: s1().id, actorUserId: t.accounts.inside.school_head.userId });
  });

  it('stops the student from applying and from confirming an acceptance (409 in French, nothing changed)', async () => {
    const [offer] = await t.database.db
      .select()
      .from(offers)
      .where(eq(offers.title, 'Découverte de l’hôpital'));
    const applied = await call('student', 'POST', `/api/offers/${offer!.id}/applications`, {
      weeks: [1],
      motivation: 'Je voudrais devenir infirmière.',
    });
    expect(applied.statusCode).toBe(201);
    const id = applied.json().id as string;
    const accepted = await call('host_member', 'POST', `/api/applications/${id}/decision`, {
      decision: 'accept',
    });
    expect(accepted.statusCode).toBe(200);
    // an acceptance holds no week: the head may still grant the exemption
    const granted = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      reason: 'medical',
      documentFileId: await document(),
    });
    expect(granted.statusCode).toBe(201);
    const before = await t.database.db.select().from(applications);
    const confirm = await call('student', 'POST', `/api/applications/${id}/confirm`);
    expect(confirm.statusCode).toBe(409);
    expect(confirm.json()).toMatchObject({
      title: 'Élève dispensé de stage',
      detail: expect.stringMatching(/^Votre chef d’établissement vous a dispensé de stage/),
    });
    const again = await call('student', 'POST', `/api/offers/${offer!.id}/applications`, {
      weeks: [2],
      motivation: 'Pour la deuxième semaine.',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().title).toBe('Élève dispensé de stage');
    expect(await t.database.db.select().from(applications)).toEqual(before);
    expect(await t.database.db.select().from(studentWeeks)).toEqual([]);
  });

  it('accepts a document sent by a staff member of the lycée', async () => {
    const doc = await document('school_staff');
    const res = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      reason: 'mobility',
      documentFileId: doc,
    });
    expect(res.statusCode).toBe(201);
  });

  it('refuses without a reason, without a document, with a foreign or unknown document; nothing stored', async () => {
    const doc = await document();
    const noReason = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      documentFileId: doc,
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    const noDoc = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      reason: 'medical',
    });
    expect(noDoc.statusCode).toBe(400);
    expect(noDoc.json().detail).toBe('Joignez le justificatif de la dispense (un PDF).');
    const badReason = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      reason: 'vacances',
      documentFileId: doc,
    });
    expect(badReason.statusCode).toBe(400);
    // a document of another lycée, a CV, an unknown id: 422
    const foreign = await document('school_head', 'outside');
    const studentSession = await signIn(t.database.db, t.accounts.inside.student, () => t.now);
    const cvBody = multipart([
      { name: 'purpose', value: 'cv' },
      { name: 'file', file: { filename: 'cv.pdf', content: pdfBytes() } },
    ]);
    const cv = (
      await t.app.inject({
        method: 'POST',
        url: '/api/files',
        headers: { cookie: studentSession.cookie, 'x-csrf-token': studentSession.csrf, ...cvBody.headers },
        payload: cvBody.payload,
      })
    ).json().id as string;
    for (const id of [foreign, cv, randomUUID()]) {
      const res = await call('school_head', 'POST', decisions(s1().id), {
        kind: 'exemption',
        reason: 'medical',
        documentFileId: id,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().detail).toBe('Ce justificatif est introuvable : déposez-le de nouveau.');
    }
    expect(await rows()).toEqual([]);
    expect((await placementStatus()).status).toBe('to_place');
  });

  it('refuses a document already used for another student', async () => {
    const doc = await document();
    expect(
      (
        await call('school_head', 'POST', decisions(s2().id), {
          kind: 'exemption',
          reason: 'sthr',
          documentFileId: doc,
        })
      ).statusCode,
    ).toBe(201);
    const res = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      reason: 'sthr',
      documentFileId: doc,
    });
    expect(res.statusCode).toBe(422);
    expect(await rows()).toHaveLength(1);
  });

  it('is refused while the student has a confirmed placement', async () => {
    await confirmed(s1().id, [1]);
    const res = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      reason: 'medical',
      documentFileId: await document(),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/déjà un stage pour la semaine 1 .*pas être dispensé/);
    expect(await rows()).toEqual([]);
    expect((await placementStatus()).status).toBe('in_progress');
  });
});

describe('repli', () => {
  it('needs a comment of 10 characters, no reason, no document', async () => {
    const short = await call('school_head', 'POST', decisions(s1().id), { kind: 'repli', comment: 'CDI' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([
      { field: 'comment', message: expect.stringMatching(/10 caractères/) },
    ]);
    const withReason = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'repli',
      reason: 'snu',
      comment: 'Projet au CDI avec la documentaliste.',
    });
    expect(withReason.statusCode).toBe(400);
    expect(await rows()).toEqual([]);
    const res = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'repli',
      comment: '  Projet au CDI avec la documentaliste.  ',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'repli',
      kindLabel: 'Repli au lycée',
      reason: null,
      document: null,
      comment: 'Projet au CDI avec la documentaliste.',
    });
    expect((await placementStatus()).status).toBe('repli');
  });

  it('covers the week left when one is placed; refused when both are', async () => {
    await confirmed(s1().id, [1]);
    const res = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'repli',
      comment: 'Semaine 2 au lycée : exposé sur le stage.',
    });
    expect(res.statusCode).toBe(201);
    const placement = await placementStatus();
    expect(placement.status).toBe('repli');
    expect(placement.weeks.map((w) => w.kind)).toEqual(['placement', 'repli']);

    await confirmed(s2().id, [1, 2]);
    const full = await call('school_head', 'POST', decisions(s2().id), {
      kind: 'repli',
      comment: 'Semaine au lycée sans objet.',
    });
    expect(full.statusCode).toBe(409);
    expect(full.json().detail).toMatch(/deux semaines/);
  });
});

describe('one decision in force, revoking', () => {
  it('refuses a second decision, revokes (audited, kept in history), then allows a new one', async () => {
    const first = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'repli',
      comment: 'Projet au CDI avec la documentaliste.',
    });
    expect(first.statusCode).toBe(201);
    const second = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      reason: 'snu',
      documentFileId: await document(),
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toMatch(/déjà en vigueur/);

    t.now = new Date(t.now.getTime() + 60_000);
    const revoked = await call('school_head', 'DELETE', `${decisions(s1().id)}/current`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: first.json().id, revokedAt: t.now.toISOString() });
    expect((await placementStatus()).status).toBe('to_place');
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'placement.decision_revoked'));
    expect(audit).toMatchObject({ studentId: s1().id });

    const again = await call('school_head', 'DELETE', `${decisions(s1().id)}/current`);
    expect(again.statusCode).toBe(404);
    expect(again.json().title).toBe('Aucune décision en vigueur');

    const next = await call('school_head', 'POST', decisions(s1().id), {
      kind: 'exemption',
      reason: 'snu',
      documentFileId: await document(),
    });
    expect(next.statusCode).toBe(201);
    expect((await placementStatus()).status).toBe('exempted');
    const all = await rows();
    expect(all).toHaveLength(2);
    expect(all.filter((d) => d.revokedAt === null)).toHaveLength(1);
  });
});

describe('who decides', () => {
  it('staff and teachers cannot decide (403), another lycée’s head gets 404, a student 403', async () => {
    const body = { kind: 'repli', comment: 'Projet au CDI avec la documentaliste.' };
    const staff = await call('school_staff', 'POST', decisions(s1().id), body);
    expect(staff.statusCode).toBe(403);
    expect((await call('school_staff', 'DELETE', `${decisions(s1().id)}/current`)).statusCode).toBe(403);
    const other = await call('school_head', 'POST', decisions(s1().id), body, 'outside');
    expect(other.statusCode).toBe(404);
    expect(other.json().detail).toBe('Aucun élève de votre lycée ne correspond.');
    expect((await call('student', 'POST', decisions(s1().id), body)).statusCode).toBe(403);
    expect((await call('school_head', 'POST', decisions(randomUUID()), body)).statusCode).toBe(404);
    expect(await rows()).toEqual([]);

    // the head decides; another lycée's head cannot revoke it
    expect((await call('school_head', 'POST', decisions(s1().id), body)).statusCode).toBe(201);
    expect(
      (await call('school_head', 'DELETE', `${decisions(s1().id)}/current`, undefined, 'outside')).statusCode,
    ).toBe(404);
    expect((await rows()).filter((d) => d.revokedAt === null)).toHaveLength(1);
  });

  it('needs the CSRF token', async () => {
    const s = await signIn(t.database.db, t.accounts.inside.school_head, () => t.now);
    const res = await t.app.inject({
      method: 'POST',
      url: decisions(s1().id),
      headers: { cookie: s.cookie },
      payload: { kind: 'repli', comment: 'Projet au CDI avec la documentaliste.' },
    });
    expect(res.statusCode).toBe(403);
    expect(await rows()).toEqual([]);
  });
});
