/**
 * The public page's placement figures (issue 7 §6) through GET /api/public/stats: read from the
 * refresh's figures (written here by hand, as the refresh would), aggregated, with no count under
 * 10 by lycée. The campaign's counts and sectors are tested in server.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { schools, steeringFigures, steeringRefreshes } from '../src/db/schema/index.ts';
import { useAcademyApp } from './helpers/academy-app.ts';

const t = useAcademyApp();
const YEAR = '2026-2027';

/** A lycée of the small académie, beyond its two. */
async function addLycee(uai: string, departementCode: '35' | '29', name = `Lycée ${uai}`) {
  await t.database.db.insert(schools).values({
    uai,
    kind: 'lycee',
    name,
    isPublic: true,
    departementCode,
    academyCode: '14',
    communeName: departementCode === '35' ? 'Rennes' : 'Quimper',
  });
}

/** The whole-lycée figures the refresh would write (students by status; placed = status.placed). */
async function setFigures(uai: string, f: { students: number; placed: number; [metric: string]: number }) {
  const { placed, ...rest } = f;
  const metrics: Record<string, number> = { ...rest, 'status.placed': placed };
  await t.database.db.insert(steeringFigures).values(
    Object.entries(metrics).map(([metric, value]) => ({
      schoolYear: YEAR,
      schoolUai: uai,
      classKey: '',
      metric,
      value,
    })),
  );
}

async function publicSteering() {
  const res = await t.app.inject('/api/public/stats');
  expect(res.statusCode).toBe(200);
  return res.json().steering;
}

type LyceeRow = { uai: string; students: number | null; placed: number | null; share: number | null };

describe('public placement figures', () => {
  it('shows no lycée with fewer than 10 students: 9 hidden, 10 and 11 shown; the académie total stays exact', async () => {
    await addLycee('0350900A', '35');
    await addLycee('0350901B', '35');
    await addLycee('0290900A', '29');
    await addLycee('0290901B', '29');
    await setFigures('0350024L', { students: 400, placed: 200 });
    await setFigures('0350900A', { students: 9, placed: 0 });
    await setFigures('0350901B', { students: 300, placed: 150 });
    await setFigures('0290062L', { students: 500, placed: 250 });
    await setFigures('0290900A', { students: 10, placed: 0 });
    await setFigures('0290901B', { students: 11, placed: 0 });

    const s = await publicSteering();
    const at = (uai: string) => s.lycees.find((l: LyceeRow) => l.uai === uai);
    expect(at('0350900A')).toMatchObject({
      students: null,
      studentsHidden: 'small',
      placed: null,
      share: null,
    });
    expect(at('0290900A')).toMatchObject({ students: 10, studentsHidden: null });
    expect(at('0290901B')).toMatchObject({ students: 11, studentsHidden: null });
    // the département's total minus the others would give the 9 back: the smallest other is hidden
    expect(at('0350901B')).toMatchObject({ students: null, studentsHidden: 'secondary' });
    expect(at('0350024L')).toMatchObject({ students: 400, placed: 200, share: 0.5 });
    // totals: exact, hidden lycées included
    expect(s.headline).toEqual({ students: 1230, placed: 600, share: 600 / 1230, unplaced: 0 });
    expect(s.departements).toEqual([
      expect.objectContaining({ code: '29', name: 'Finistère', students: 521, placed: 250 }),
      expect.objectContaining({ code: '35', name: 'Ille-et-Vilaine', students: 709, placed: 350 }),
    ]);
    expect(s.minCount).toBe(10);
  });

  it('hides placed counts of 9 and shows 10 and 11, and hides a count whose complement is under 10', async () => {
    for (const uai of ['0350900A', '0350901B', '0350902C', '0290900A', '0290901B'])
      await addLycee(uai, uai.startsWith('035') ? '35' : '29');
    await setFigures('0350024L', { students: 100, placed: 9 });
    await setFigures('0350900A', { students: 100, placed: 10 });
    await setFigures('0350901B', { students: 100, placed: 11 });
    await setFigures('0350902C', { students: 100, placed: 50 });
    // 29: 95 placed of 100 (5 not placed), 90 of 100 (10 not placed), 60 of 120
    await setFigures('0290062L', { students: 100, placed: 95 });
    await setFigures('0290900A', { students: 100, placed: 90 });
    await setFigures('0290901B', { students: 120, placed: 60 });

    const s = await publicSteering();
    const cells = Object.fromEntries(
      s.lycees.map((l: LyceeRow & { placedHidden: string | null }) => [l.uai, [l.placed, l.placedHidden]]),
    );
    expect(cells).toEqual({
      '0350024L': [null, 'small'],
      // 10: the threshold is shown… but the only other small one needs a second hidden cell
      '0350900A': [null, 'secondary'],
      '0350901B': [11, null],
      '0350902C': [50, null],
      '0290062L': [null, 'complement'],
      '0290900A': [90, null],
      '0290901B': [null, 'secondary'],
    });
    const share = (uai: string) => s.lycees.find((l: LyceeRow) => l.uai === uai).share;
    expect(share('0350901B')).toBe(0.11);
    expect(share('0290900A')).toBe(0.9);
    // a hidden count hides its share (the share and the students would give it back)
    expect(share('0350024L')).toBeNull();
    expect(share('0290062L')).toBeNull();
    // the students stay shown: only the placed count is sensitive here
    expect(s.lycees.every((l: LyceeRow) => l.students !== null)).toBe(true);
    expect(s.headline).toMatchObject({ students: 720, placed: 325 });
  });

  it('gives the académie statuses (exemptions not by reason) and when the figures were computed', async () => {
    await setFigures('0350024L', {
      students: 40,
      placed: 12,
      'status.to_place': 10,
      'status.in_progress': 8,
      'status.covered': 5,
      'status.repli': 1,
      'status.exempted.medical': 1,
      'status.exempted.snu': 3,
      // figures the public page never shows
      'conv.signed': 14,
    });
    await t.database.db
      .insert(steeringRefreshes)
      .values({ schoolYear: YEAR, refreshedAt: new Date('2026-11-28T09:59:30Z'), durationMs: 120 });

    const s = await publicSteering();
    expect(s.computedAt).toBe('2026-11-28T09:59:30.000Z');
    expect(s.headline).toEqual({ students: 40, placed: 12, share: 0.3, unplaced: 18 });
    expect(s.statuses).toEqual([
      { key: 'to_place', label: 'À placer', count: 10, share: 0.25 },
      { key: 'in_progress', label: 'En cours', count: 8, share: 0.2 },
      { key: 'covered', label: 'Couverts (conventions à signer)', count: 5, share: 0.125 },
      { key: 'placed', label: 'Placés (conventions signées)', count: 12, share: 0.3 },
      { key: 'repli', label: 'Repli au lycée', count: 1, share: 0.025 },
      { key: 'exempted', label: 'Dispensés', count: 4, share: 0.1 },
    ]);
  });

  it('carries no personal data: lycées and départements only, no class, no student', async () => {
    await setFigures('0350024L', { students: 40, placed: 20 });
    await setFigures('0290062L', { students: 30, placed: 15 });
    // class-level figures exist too: never public
    await t.database.db.insert(steeringFigures).values({
      schoolYear: YEAR,
      schoolUai: '0350024L',
      classKey: t.academy.students[0]!.classId,
      metric: 'students',
      value: 3,
    });
    const res = await t.app.inject('/api/public/stats');
    const body = res.json();
    for (const l of body.steering.lycees)
      expect(Object.keys(l).sort()).toEqual(
        [
          'commune',
          'departementCode',
          'name',
          'placed',
          'placedHidden',
          'share',
          'students',
          'studentsHidden',
          'uai',
        ].sort(),
      );
    expect(body.steering.headline.students).toBe(70);
    for (const student of t.academy.students) {
      expect(res.body).not.toContain(student.lastName);
      expect(res.body).not.toContain(student.id);
    }
    expect(res.body).not.toContain(t.academy.students[0]!.classId);
  });

  it('shows zero figures before the first refresh, and none without a campaign', async () => {
    const s = await publicSteering();
    expect(s).toMatchObject({
      computedAt: null,
      headline: { students: 0, placed: 0, share: null },
      lycees: [],
      departements: [],
    });
    await t.database.truncate();
    const res = await t.app.inject('/api/public/stats');
    expect(res.json().steering).toBeNull();
  });
});
