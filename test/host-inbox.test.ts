/**
 * The host's inbox « Candidatures reçues » through HTTP: oldest first, the student's lycée named,
 * filters by status, offer and week (alone and together), bad filters refused in French, another
 * host's member and other roles kept out, the first opening as read receipt. PGlite by default,
 * PostgreSQL with TEST_DATABASE_URL.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { applications, mails, offerWeeks, offers, studentWeeks } from '../src/db/schema/index.ts';
import type { ApplicationState } from '../src/domain/application.ts';
import { signIn, type Account } from './fixtures.ts';
import { useAcademyApp } from './helpers/academy-app.ts';

const t = useAcademyApp({ start: new Date('2027-02-01T09:00:00Z') });
const day = 86_400_000;

/** Host 1 (CHU): offers A and B; host 2: offer C. Applications at distinct times, in shuffled order. */
async function load() {
  const db = t.database.db;
  const [h1, h2] = t.academy.hosts;
  const [s1, s2, s3, s4] = t.academy.students;
  const offer = async (title: string, hostId: string) => {
    const [o] = await db
      .insert(offers)
      .values({
        campaignId: t.academy.campaign.id,
        hostId,
        source: 'host',
        status: 'published',
        title,
        description: 'Offre de la boîte de réception',
        sectorCode: 'sante',
      })
      .returning();
    await db.insert(offerWeeks).values([
      { offerId: o!.id, week: 1, places: 5 },
      { offerId: o!.id, week: 2, places: 5 },
    ]);
    return o!.id;
  };
  const A = await offer('Accueil des patients', h1!.id);
  const B = await offer('Blanchisserie', h1!.id);
  const C = await offer('Chez l’autre organisme', h2!.id);
  const make = async (
    studentId: string,
    offerId: string,
    weeks: number,
    status: ApplicationState,
    daysAgo: number,
  ) => {
    const appliedAt = new Date(t.now.getTime() - daysAgo * day);
    const [a] = await db
      .insert(applications)
      .values({
        studentId,
        offerId,
        weeks,
        motivation: `Motivation ${daysAgo}`,
        status,
        appliedAt,
        expiresAt: new Date(appliedAt.getTime() + 15 * day),
        updatedAt: appliedAt,
      })
      .returning();
    return a!.id;
  };
  const ids = {
    // inserted out of order: the answer must sort them
    bothWeeksA: await make(s2!.id, A, 3, 'pending', 2),
    week1A: await make(s1!.id, A, 1, 'pending', 5),
    week2B: await make(s3!.id, B, 2, 'refused', 4),
    week2A: await make(s4!.id, A, 2, 'pending', 1),
    otherHost: await make(s1!.id, C, 2, 'pending', 3),
  };
  return { A, B, C, ids };
}

async function get(account: Account, url: string) {
  const s = await signIn(t.database.db, account, () => t.now);
  return t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
}

const idsOf = (res: { json: () => { items: { id: string }[] } }) => res.json().items.map((i) => i.id);

describe('the host inbox', () => {
  it('lists the host’s applications only, oldest first, with the student’s lycée', async () => {
    const { ids } = await load();
    const host = t.academy.hosts[0]!.id;
    const res = await get(t.accounts.inside.host_member, `/api/hosts/${host}/applications`);
    expect(res.statusCode).toBe(200);
    expect(idsOf(res)).toEqual([ids.week1A, ids.week2B, ids.bothWeeksA, ids.week2A]);
    const first = res.json().items[0];
    expect(first).toMatchObject({
      status: 'pending',
      weeks: [1],
      offer: { title: 'Accueil des patients' },
      student: {
        firstName: 'Léa',
        lastName: 'Le Goff',
        schoolUai: '0350024L',
        schoolName: 'Lycée Émile Zola',
      },
      readAt: null,
    });
    // Malo's lycée is the other one: each line names its own
    expect(res.json().items[3].student.schoolName).toBe('Lycée de Cornouaille');
  });

  it('filters by week (an application for both weeks counts in each), status and offer, together', async () => {
    const { A, B, ids } = await load();
    const base = `/api/hosts/${t.academy.hosts[0]!.id}/applications`;
    const host = t.accounts.inside.host_member;
    expect(idsOf(await get(host, `${base}?week=1`))).toEqual([ids.week1A, ids.bothWeeksA]);
    expect(idsOf(await get(host, `${base}?week=2`))).toEqual([ids.week2B, ids.bothWeeksA, ids.week2A]);
    expect(idsOf(await get(host, `${base}?week=2&status=pending`))).toEqual([ids.bothWeeksA, ids.week2A]);
    expect(idsOf(await get(host, `${base}?week=2&offerId=${B}`))).toEqual([ids.week2B]);
    expect(idsOf(await get(host, `${base}?week=1&offerId=${A}&status=refused`))).toEqual([]);
    expect(idsOf(await get(host, `${base}?status=refused`))).toEqual([ids.week2B]);
  });

  it('refuses a bad filter in French', async () => {
    await load();
    const base = `/api/hosts/${t.academy.hosts[0]!.id}/applications`;
    const host = t.accounts.inside.host_member;
    for (const [query, text] of [
      ['week=3', 'semaine : 1 ou 2'],
      ['week=deux', 'semaine : 1 ou 2'],
      ['status=ouverte', 'état inconnu'],
      ['offerId=pas-un-id', 'identifiant d’offre invalide'],
    ] as const) {
      const res = await get(host, `${base}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json()), query).toContain(text);
    }
  });

  it('keeps other hosts’ members and other roles out', async () => {
    const { ids } = await load();
    const host = t.academy.hosts[0]!.id;
    const outside = await get(t.accounts.outside.host_member, `/api/hosts/${host}/applications`);
    expect(outside.statusCode).toBe(404);
    expect(JSON.stringify(outside.json())).not.toContain('Léa');
    for (const role of ['student', 'school_head', 'school_staff', 'rectorat'] as const) {
      const res = await get(t.accounts.inside[role], `/api/hosts/${host}/applications`);
      expect([403, 404], role).toContain(res.statusCode);
    }
    // the other host sees its own application only
    const own = await get(
      t.accounts.outside.host_member,
      `/api/hosts/${t.academy.hosts[1]!.id}/applications`,
    );
    expect(idsOf(own)).toEqual([ids.otherHost]);
    // and cannot open host 1's
    expect((await get(t.accounts.outside.host_member, `/api/applications/${ids.week1A}`)).statusCode).toBe(
      404,
    );
  });

  it('marks an application read on the host’s first opening only, as the inbox then shows', async () => {
    const { ids } = await load();
    const base = `/api/hosts/${t.academy.hosts[0]!.id}/applications`;
    const host = t.accounts.inside.host_member;
    const opened = await get(host, `/api/applications/${ids.week1A}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().readAt).toBe(t.now.toISOString());
    const first = t.now.toISOString();
    t.now = new Date(t.now.getTime() + day);
    expect((await get(host, `/api/applications/${ids.week1A}`)).json().readAt).toBe(first);
    const items = (await get(host, base)).json().items as { id: string; readAt: string | null }[];
    expect(items.filter((i) => i.readAt !== null).map((i) => i.id)).toEqual([ids.week1A]);
    // the student opening their own application is no read receipt
    const student = await get(t.accounts.inside.student, `/api/applications/${ids.bothWeeksA}`);
    expect([200, 404]).toContain(student.statusCode);
    expect(
      (await get(host, base)).json().items.find((i: { id: string }) => i.id === ids.bothWeeksA).readAt,
    ).toBe(null);
  });

  it('cancelling a confirmed stage tells the student and the head of the lycée; an accepted one, the student only', async () => {
    const { A, B } = await load();
    const host = t.accounts.inside.host_member;
    const student = t.accounts.inside.student;
    const post = async (who: Account, url: string, payload: Record<string, unknown> = {}) => {
      const s = await signIn(t.database.db, who, () => t.now);
      return t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload,
      });
    };
    // Léa applies to B (week 1), the host accepts, she confirms
    const applied = await post(student, `/api/offers/${B}/applications`, {
      weeks: [1],
      motivation: 'J’aime le linge propre.',
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const id = applied.json().id as string;
    expect((await post(host, `/api/applications/${id}/decision`, { decision: 'accept' })).statusCode).toBe(
      200,
    );
    expect((await post(student, `/api/applications/${id}/confirm`)).json().status).toBe('confirmed');
    const before = await t.database.db.select().from(mails);

    // no reason: refused in French, nothing changed
    const empty = await post(host, `/api/applications/${id}/cancel`, { reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toBe('Indiquez le motif de l’annulation à l’élève.');
    expect(await t.database.db.select().from(mails)).toHaveLength(before.length);

    const cancelled = await post(host, `/api/applications/${id}/cancel`, {
      reason: 'Fermeture pour travaux',
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled_by_host',
      cancelReason: 'Fermeture pour travaux',
    });
    const all = (await t.database.db.select().from(mails)).filter((m) => !before.some((b) => b.id === m.id));
    // the stage's convention is cancelled too: its parties (here the head, as the lycée's representative) are told
    expect(all.filter((m) => m.template === 'convention_cancelled').map((m) => m.to)).toEqual([
      'school_head.in@example.net',
    ]);
    const sent = all.filter((m) => m.template !== 'convention_cancelled');
    expect(sent.map((m) => m.to).sort()).toEqual(['school_head.in@example.net', 'student.in@example.net']);
    const head = sent.find((m) => m.to === 'school_head.in@example.net')!;
    expect(JSON.stringify(head)).toContain('Léa Le Goff');
    expect(JSON.stringify(head)).toContain('Fermeture pour travaux');
    // the other lycée's head hears nothing; the place is free again
    expect(sent.some((m) => m.to === 'school_head.out@example.net')).toBe(false);
    const [w1] = await t.database.db.select().from(offerWeeks).where(eq(offerWeeks.offerId, B));
    expect(w1!.taken).toBe(0);
    expect(await t.database.db.select().from(studentWeeks)).toEqual([]);

    // an acceptance not yet confirmed: the student only
    const second = await post(student, `/api/offers/${A}/applications`, { weeks: [2], motivation: 'Encore' });
    const id2 = second.json().id as string;
    await post(host, `/api/applications/${id2}/decision`, { decision: 'accept' });
    const mark = new Set((await t.database.db.select().from(mails)).map((m) => m.id));
    expect((await post(host, `/api/applications/${id2}/cancel`, { reason: 'Imprévu' })).statusCode).toBe(200);
    const after = await t.database.db.select().from(mails);
    expect(after.filter((m) => !mark.has(m.id)).map((m) => m.to)).toEqual(['student.in@example.net']);
  });
});
