/**
 * « Mes candidatures » (GET /api/applications/mine): the student's applications and their
 * placement status, derived from the applications and the head's decision in force; only the
 * signed-in student's own facts.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { offers, placementDecisions } from '../src/db/schema/index.ts';
import { signIn } from './fixtures.ts';
import { useAcademyApp } from './helpers/academy-app.ts';

/** during the 2026-2027 campaign's applications (open from 15 January 2027) */
const t = useAcademyApp({ start: new Date('2027-02-01T09:00:00Z') });

type Who = 'student' | 'host_member' | 'school_head';
async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: unknown, outside = false) {
  const s = await signIn(t.database.db, t.accounts[outside ? 'outside' : 'inside'][who], () => t.now);
  return t.app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function offerId(title: string) {
  return (await t.database.db.select().from(offers)).find((o) => o.title === title)!.id;
}

const mine = async (outside = false) =>
  (await call('student', 'GET', '/api/applications/mine', undefined, outside)).json();

describe('GET /api/applications/mine: the placement summary', () => {
  it('nothing yet: to place, both weeks without application', async () => {
    const body = await mine();
    expect(body.items).toEqual([]);
    expect(body.placement).toMatchObject({
      status: 'to_place',
      statusLabel: 'À placer',
      weeks: [
        { week: 1, kind: 'none', hostName: null },
        { week: 2, kind: 'none', hostName: null },
      ],
      gaps: [
        { week: 1, code: 'no_application' },
        { week: 2, code: 'no_application' },
      ],
    });
  });

  it('pending, accepted, then confirmed for week 1 with a second host waiting for the head on week 2', async () => {
    const chu = await offerId('Découverte de l’hôpital');
    const web = await offerId('Développement web');
    const a = (
      await call('student', 'POST', `/api/offers/${chu}/applications`, { weeks: [1], motivation: 'Soigner.' })
    ).json();
    let body = await mine();
    expect(body.placement.status).toBe('in_progress');
    expect(body.placement.gaps[0]).toMatchObject({ week: 1, code: 'applications_pending', until: null });

    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    body = await mine();
    expect(body.placement.gaps[0]).toMatchObject({
      week: 1,
      code: 'acceptance_to_confirm',
      until: body.items[0].confirmBy,
    });

    await call('student', 'POST', `/api/applications/${a.id}/confirm`);
    const b = (
      await call('student', 'POST', `/api/offers/${web}/applications`, { weeks: [2], motivation: 'Coder.' })
    ).json();
    await call('host_member', 'POST', `/api/applications/${b.id}/decision`, { decision: 'accept' }, true);
    expect((await call('student', 'POST', `/api/applications/${b.id}/confirm`)).json().status).toBe(
      'split_pending',
    );
    body = await mine();
    expect(body.placement).toMatchObject({
      status: 'in_progress',
      weeks: [
        { week: 1, kind: 'placement', applicationId: a.id, offerTitle: 'Découverte de l’hôpital' },
        { week: 2, kind: 'split_pending', applicationId: b.id, offerTitle: 'Développement web' },
      ],
      gaps: [{ week: 2, code: 'split_awaiting_approval' }],
    });
    expect(body.placement.weeks[0].hostName).toBe(
      body.items.find((i: { id: string }) => i.id === a.id).host.name,
    );

    await call('school_head', 'POST', `/api/applications/${b.id}/split`, { decision: 'approve' });
    body = await mine();
    expect(body.placement).toMatchObject({
      status: 'covered',
      statusLabel: 'Couvert',
      weeks: [{ kind: 'placement' }, { kind: 'placement' }],
      gaps: [],
      reason: null,
    });
  });

  it('an acceptance past its deadline counts as lapsed before any job runs', async () => {
    const chu = await offerId('Découverte de l’hôpital');
    const a = (
      await call('student', 'POST', `/api/offers/${chu}/applications`, {
        weeks: [1, 2],
        motivation: 'Soigner.',
      })
    ).json();
    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    t.now = new Date('2027-02-20T09:00:00Z');
    const body = await mine();
    expect(body.items[0].status).toBe('accepted');
    expect(body.placement).toMatchObject({
      status: 'to_place',
      gaps: [
        { week: 1, code: 'acceptance_lapsed' },
        { week: 2, code: 'acceptance_lapsed' },
      ],
    });
  });

  it('the head’s decision in force: a revoked repli no longer counts, one in force does', async () => {
    const student = t.academy.students[0]!;
    const [repli] = await t.database.db
      .insert(placementDecisions)
      .values({
        studentId: student.id,
        kind: 'repli',
        decidedBy: randomUUID(),
        decidedAt: t.now,
        revokedAt: t.now,
      })
      .returning();
    expect(repli).toBeDefined();
    expect((await mine()).placement.status).toBe('to_place');
    await t.database.db
      .insert(placementDecisions)
      .values({ studentId: student.id, kind: 'repli', decidedBy: randomUUID(), decidedAt: t.now });
    expect((await mine()).placement).toMatchObject({
      status: 'repli',
      statusLabel: 'Repli au lycée',
      weeks: [{ kind: 'repli' }, { kind: 'repli' }],
    });
    // the other student (Quimper) is not concerned
    expect((await mine(true)).placement.status).toBe('to_place');
  });

  it('an exemption wins', async () => {
    await t.database.db.insert(placementDecisions).values({
      studentId: t.academy.students[0]!.id,
      kind: 'exemption',
      reason: 'snu',
      decidedBy: randomUUID(),
      decidedAt: t.now,
    });
    expect((await mine()).placement).toMatchObject({
      status: 'exempted',
      statusLabel: 'Dispensé',
      weeks: [{ kind: 'exempted' }, { kind: 'exempted' }],
    });
  });

  it('only the student’s own applications', async () => {
    const chu = await offerId('Découverte de l’hôpital');
    await call('student', 'POST', `/api/offers/${chu}/applications`, { weeks: [1], motivation: 'Soigner.' });
    const other = await mine(true);
    expect(other.items).toEqual([]);
    expect(other.placement.status).toBe('to_place');
    expect((await mine()).items).toHaveLength(1);
  });
});
