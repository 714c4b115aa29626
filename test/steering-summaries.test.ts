/**
 * Summaries by e-mail (issue 7 §5): the weekly summary of the DSDEN and rectorat accounts, the
 * daily one of the heads in the last month before the stages, once a day whatever the number of
 * runs, the unsubscribe link (no sign-in) and the account's subscriptions. The figures are those
 * the refresh would have written (steering_figures, steering_daily), read through the dashboard.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mails, steeringDaily, steeringFigures, summarySubscriptions } from '../src/db/schema/index.ts';
import { callAs, useAcademyApp } from './helpers/academy-app.ts';
import type { Account } from './fixtures.ts';

const t = useAcademyApp();
const YEAR = '2026-2027';

/** Monday 1 March 2027, 08:00 in Paris: inside the campaign (offers open since 1 December). */
const MONDAY = new Date('2027-03-01T07:00:00Z');
/** 07:30 in Paris, the day before the daily window opens (first week: 14 June 2027, minus 30 days). */
const BEFORE_WINDOW = new Date('2027-05-14T05:30:00Z');
const IN_WINDOW = new Date('2027-05-20T05:30:00Z');
const DAY_MS = 86_400_000;

async function setFigures(uai: string, f: Record<string, number>) {
  await t.database.db.insert(steeringFigures).values(
    Object.entries(f).map(([metric, value]) => ({
      schoolYear: YEAR,
      schoolUai: uai,
      classKey: '',
      metric,
      value,
    })),
  );
}

/**
 * Émile Zola (35): 40 students, 20 placed (50 %), 12 to place, 8 in progress, 3 conventions
 * missing the host's signature; 14 placed a week before. Cornouaille (29): 30 students, 6 placed
 * (20 %), 20 to place, 4 in progress. Académie: 70 students, 26 placed (37,1 %).
 */
async function loadFigures() {
  await setFigures('0350024L', {
    students: 40,
    'status.placed': 20,
    'status.to_place': 12,
    'status.in_progress': 8,
    'sig.missing.host': 3,
  });
  await setFigures('0290062L', {
    students: 30,
    'status.placed': 6,
    'status.to_place': 20,
    'status.in_progress': 4,
  });
  await t.database.db.insert(steeringDaily).values([
    {
      schoolYear: YEAR,
      day: '2027-02-22',
      schoolUai: '0350024L',
      figures: { students: 40, 'status.placed': 14 },
    },
    {
      schoolYear: YEAR,
      day: '2027-02-22',
      schoolUai: '0290062L',
      figures: { students: 30, 'status.placed': 6 },
    },
    {
      schoolYear: YEAR,
      day: '2027-03-01',
      schoolUai: '0350024L',
      figures: { students: 40, 'status.placed': 20 },
    },
    {
      schoolYear: YEAR,
      day: '2027-03-01',
      schoolUai: '0290062L',
      figures: { students: 30, 'status.placed': 6 },
    },
  ]);
}

async function summaryMails() {
  return t.database.db
    .select({ to: mails.to, subject: mails.subject, text: mails.text, template: mails.template })
    .from(mails)
    .where(inArray(mails.template, ['weekly_summary', 'daily_summary']))
    .orderBy(asc(mails.to), asc(mails.createdAt))
    .then((list) => list.map((m) => ({ ...m, text: plain(m.text), subject: plain(m.subject) })));
}

/** French numbers carry no-break spaces (« 50 % », « 1 200 »): plain spaces for the assertions. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

async function run(job: 'steering-weekly-summary' | 'steering-daily-summary', now: Date) {
  t.now = now;
  return t.app.jobs.run(job, now);
}

function tokenOf(text: string): string {
  const m = /\/desabonnement\?jeton=([A-Za-z0-9_-]+)/.exec(text);
  expect(m, 'lien de désabonnement').not.toBeNull();
  return m![1]!;
}

const unsubscribe = (token: string) =>
  t.app.inject({ method: 'POST', url: '/api/summaries/unsubscribe', payload: { token } });

describe('weekly summary', () => {
  it('sends one mail per DSDEN and rectorat account with its scope’s figures, once a day', async () => {
    await loadFigures();
    expect(await run('steering-weekly-summary', MONDAY)).toEqual({ kind: 'weekly', sent: 4, skipped: 0 });

    const sent = await summaryMails();
    expect(sent.map((m) => [m.to, m.template])).toEqual([
      ['dsden.in@example.net', 'weekly_summary'],
      ['dsden.out@example.net', 'weekly_summary'],
      ['rectorat.in@example.net', 'weekly_summary'],
      ['rectorat.out@example.net', 'weekly_summary'],
    ]);
    const dsden = sent[0]!.text;
    expect(dsden).toContain('Ille-et-Vilaine');
    expect(dsden).toMatch(/50 % des élèves de 2de GT placés \(20 sur 40/);
    expect(dsden).toContain('20 élèves à placer ou en cours');
    // the change since last week, from the daily snapshots: 14 → 20 placed
    expect(dsden).toMatch(/Depuis le 22 février : \+6 élèves placés \(\+15 points\)/);
    expect(dsden).toMatch(/en attente de signature — .*: 3/);
    expect(dsden).toContain('http://localhost:3000/pilotage?scope=departement:35');
    expect(dsden).not.toContain('Finistère');
    expect(sent[1]!.text).toMatch(/Finistère[\s\S]*20 % des élèves de 2de GT placés \(6 sur 30/);

    const rectorat = sent[2]!.text;
    expect(sent[2]!.subject).toMatch(/Académie de Rennes 37,1 % placés/);
    expect(rectorat).toMatch(/37,1 % des élèves de 2de GT placés \(26 sur 70/);
    // the départements with the lowest share first
    expect(rectorat).toMatch(
      /Les départements les moins avancés :\s+– Finistère[^\n]*20 %[\s\S]*– Ille-et-Vilaine[^\n]*50 %/,
    );
    expect(rectorat).toContain('http://localhost:3000/pilotage?scope=academie:14');
    expect(rectorat).toMatch(
      /http:\/\/localhost:3000\/desabonnement\?jeton=[A-Za-z0-9_-]{43}&synthese=weekly/,
    );

    // a second run the same day sends nothing; the next Monday sends again
    expect(await run('steering-weekly-summary', new Date(MONDAY.getTime() + 3_600_000))).toEqual({
      kind: 'weekly',
      sent: 0,
      skipped: 4,
    });
    expect(await summaryMails()).toHaveLength(4);
    expect(await run('steering-weekly-summary', new Date(MONDAY.getTime() + 7 * DAY_MS))).toMatchObject({
      sent: 4,
    });
    expect(await summaryMails()).toHaveLength(8);
    // the token is stored hashed only
    const rows = await t.database.db.select().from(summarySubscriptions);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends nothing before the offers open', async () => {
    await loadFigures();
    expect(await run('steering-weekly-summary', new Date('2026-11-23T07:00:00Z'))).toMatchObject({ sent: 0 });
    expect(await summaryMails()).toEqual([]);
  });
});

describe('daily summary', () => {
  it('goes to heads only in the last month before the stages, once a day', async () => {
    await loadFigures();
    expect(await run('steering-daily-summary', BEFORE_WINDOW)).toMatchObject({ sent: 0 });
    expect(await summaryMails()).toEqual([]);

    expect(await run('steering-daily-summary', IN_WINDOW)).toEqual({ kind: 'daily', sent: 2, skipped: 0 });
    await run('steering-daily-summary', new Date(IN_WINDOW.getTime() + 60_000));
    const sent = await summaryMails();
    expect(sent.map((m) => [m.to, m.template])).toEqual([
      ['school_head.in@example.net', 'daily_summary'],
      ['school_head.out@example.net', 'daily_summary'],
    ]);
    const zola = sent[0]!;
    expect(zola.subject).toMatch(/Lycée Émile Zola.*20 élèves à placer ou en cours/);
    expect(zola.text).toContain('La première semaine de stage commence dans 25 jours.');
    expect(zola.text).toMatch(/50 % des élèves de 2de GT placés \(20 sur 40/);
    expect(zola.text).toContain('http://localhost:3000/pilotage?scope=lycee:0350024L');
    expect(zola.text).toContain('http://localhost:3000/etablissement/eleves');
    expect(sent[1]!.text).toMatch(/Lycée de Cornouaille[\s\S]*20 % des élèves/);

    // the last day of the second week still sends, the day after does not
    expect(await run('steering-daily-summary', new Date('2027-06-25T05:30:00Z'))).toMatchObject({ sent: 2 });
    expect(await run('steering-daily-summary', new Date('2027-06-26T05:30:00Z'))).toMatchObject({ sent: 0 });
  });
});

describe('unsubscribe', () => {
  async function firstMailTo(email: string) {
    const [m] = await t.database.db
      .select()
      .from(mails)
      .where(and(eq(mails.to, email), inArray(mails.template, ['weekly_summary', 'daily_summary'])))
      .orderBy(asc(mails.createdAt));
    return m!;
  }

  it('stops the summary by the link without signing in; the account subscribes again', async () => {
    await loadFigures();
    await run('steering-daily-summary', IN_WINDOW);
    const token = tokenOf((await firstMailTo('school_head.in@example.net')).text);

    const res = await unsubscribe(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      kind: 'daily',
      title: 'Synthèse quotidienne du lycée',
      message:
        'Vous ne recevrez plus la « Synthèse quotidienne du lycée ». Vous pouvez vous réabonner depuis votre compte.',
    });
    // twice: still fine (the link of the last summary stays valid)
    expect((await unsubscribe(token)).statusCode).toBe(200);

    const head: Account = t.accounts.inside.school_head;
    const list = await callAs(t, head, 'GET', '/api/summaries');
    expect(list.statusCode).toBe(200);
    expect(list.json().summaries).toEqual([
      expect.objectContaining({ kind: 'daily', subscribed: false, lastSentAt: IN_WINDOW.toISOString() }),
    ]);

    // the next day: the other head only
    expect(await run('steering-daily-summary', new Date(IN_WINDOW.getTime() + DAY_MS))).toEqual({
      kind: 'daily',
      sent: 1,
      skipped: 1,
    });
    expect((await summaryMails()).filter((m) => m.to === 'school_head.in@example.net')).toHaveLength(1);

    // subscribed again from the account page: the next day's summary comes
    const put = await callAs(t, head, 'PUT', '/api/summaries/daily', { subscribed: true });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ kind: 'daily', subscribed: true });
    expect(await run('steering-daily-summary', new Date(IN_WINDOW.getTime() + 2 * DAY_MS))).toMatchObject({
      sent: 2,
    });
    // each summary carries a new link: the old one no longer works
    expect((await unsubscribe(token)).statusCode).toBe(404);
  });

  it('answers an unknown link in French', async () => {
    const res = await unsubscribe('inconnu-0123456789abcdefghijklmnopqrstuvwxyz');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      title: 'Lien de désabonnement inconnu',
      detail: expect.stringMatching(/n’est pas ou plus valable/),
    });
    const empty = await t.app.inject({ method: 'POST', url: '/api/summaries/unsubscribe', payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('limits the links tried per address', async () => {
    let last = 0;
    for (let i = 0; i < 61; i += 1) last = (await unsubscribe(`essai-${i}-0123456789`)).statusCode;
    expect(last).toBe(429);
  });

  it('lets an account stop a summary before any was sent, and refuses a summary its roles do not get', async () => {
    await loadFigures();
    const dsden = t.accounts.inside.dsden;
    expect((await callAs(t, dsden, 'GET', '/api/summaries')).json().summaries).toEqual([
      {
        kind: 'weekly',
        title: 'Synthèse hebdomadaire du pilotage',
        description: expect.stringMatching(/lundi/),
        subscribed: true,
        lastSentAt: null,
      },
    ]);
    const off = await callAs(t, dsden, 'PUT', '/api/summaries/weekly', { subscribed: false });
    expect(off.json()).toMatchObject({ subscribed: false });
    expect(await run('steering-weekly-summary', MONDAY)).toMatchObject({ sent: 3, skipped: 1 });
    expect((await summaryMails()).map((m) => m.to)).not.toContain('dsden.in@example.net');

    const wrong = await callAs(t, dsden, 'PUT', '/api/summaries/daily', { subscribed: true });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().detail).toMatch(/Vos rôles ne reçoivent pas/);
    expect((await callAs(t, t.accounts.inside.student, 'GET', '/api/summaries')).json()).toEqual({
      summaries: [],
    });
    expect((await callAs(t, null, 'GET', '/api/summaries')).statusCode).toBe(401);
  });
});
