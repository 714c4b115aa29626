import { describe, expect, it } from 'vitest';
import { suppressSmallCounts, type LyceeCounts } from './public-figures.ts';

const l = (uai: string, departementCode: string, students: number, placed: number): LyceeCounts => ({
  uai,
  departementCode,
  students,
  placed,
});

/** Every lycée of `d` as [uai, students, placed] with null for hidden cells. */
function shown(result: ReturnType<typeof suppressSmallCounts>) {
  return result.lycees.map((x) => [x.uai, x.students, x.placed]);
}

describe('small-count suppression by lycée', () => {
  it('hides 9 students, shows 10 and 11', () => {
    const r = suppressSmallCounts([
      l('A', '35', 9, 0),
      l('X', '35', 300, 150),
      l('Y', '35', 400, 200),
      l('B', '29', 10, 0),
      l('C', '29', 11, 0),
      l('Z', '29', 500, 250),
    ]);
    const at = (uai: string) => r.lycees.find((x) => x.uai === uai)!;
    expect(at('A')).toMatchObject({ students: null, studentsHidden: 'small', placed: null, share: null });
    expect(at('B')).toMatchObject({ students: 10, studentsHidden: null });
    expect(at('C')).toMatchObject({ students: 11, studentsHidden: null });
    // the only small one of its département: the next smallest (X) is hidden too
    expect(at('X')).toMatchObject({ students: null, studentsHidden: 'secondary' });
    expect(at('Y')).toMatchObject({ students: 400, placed: 200, share: 0.5 });
  });

  it('hides placed counts of 9 and shows 10 and 11, with their share', () => {
    const r = suppressSmallCounts([
      l('A', '35', 100, 9),
      l('B', '35', 100, 10),
      l('C', '35', 100, 11),
      l('D', '35', 100, 12),
    ]);
    expect(shown(r)).toEqual([
      ['A', 100, null],
      // secondary: the smallest other placed count of the département
      ['B', 100, null],
      ['C', 100, 11],
      ['D', 100, 12],
    ]);
    expect(r.lycees[0]).toMatchObject({ placedHidden: 'small', share: null });
    expect(r.lycees[1]).toMatchObject({ placedHidden: 'secondary', share: null });
    expect(r.lycees[2]).toMatchObject({ placedHidden: null, share: 0.11 });
  });

  it('hides a placed count whose complement (students not placed) is under 10', () => {
    const r = suppressSmallCounts([
      l('A', '35', 100, 91),
      l('B', '35', 100, 90),
      l('C', '35', 100, 89),
      l('D', '35', 100, 50),
    ]);
    expect(r.lycees.map((x) => x.placedHidden)).toEqual(['complement', null, null, 'secondary']);
    // 90 placed out of 100: 10 not placed, shown
    expect(r.lycees[1]).toMatchObject({ placed: 90, share: 0.9 });
    // everyone placed: the complement is 0
    expect(suppressSmallCounts([l('A', '35', 40, 40)]).lycees[0]).toMatchObject({
      placed: null,
      placedHidden: 'complement',
      students: 40,
    });
  });

  it('counts zero as small: nobody placed is not shown by lycée', () => {
    const r = suppressSmallCounts([l('A', '35', 40, 0), l('B', '35', 40, 20)]);
    expect(r.lycees.map((x) => x.placedHidden)).toEqual(['small', 'secondary']);
  });

  it('never leaves a single hidden cell in a département (the total would give it back)', () => {
    const input = [
      l('A', '35', 8, 3),
      l('B', '35', 300, 120),
      l('C', '35', 200, 100),
      l('D', '29', 150, 60),
      l('E', '29', 160, 70),
    ];
    const r = suppressSmallCounts(input);
    for (const code of ['35', '29']) {
      for (const metric of ['studentsHidden', 'placedHidden'] as const) {
        const n = r.lycees.filter((x) => x.departementCode === code && x[metric] !== null).length;
        expect(n === 0 || n >= 2, `${code} ${metric}`).toBe(true);
      }
    }
    // C (200 students) is the smallest other lycée of 35: hidden with A, its placed with it
    expect(r.lycees.find((x) => x.uai === 'C')).toMatchObject({
      studentsHidden: 'secondary',
      placedHidden: 'secondary',
    });
    // 29 has nothing small: shown as is
    expect(r.lycees.filter((x) => x.departementCode === '29').map((x) => x.students)).toEqual([150, 160]);
  });

  it('hides a one-lycée département with its lycée, and a second département so the académie total does not give it back', () => {
    const r = suppressSmallCounts([
      l('A', '22', 7, 2),
      l('B', '35', 300, 120),
      l('C', '35', 200, 100),
      l('D', '29', 150, 60),
      l('E', '29', 160, 70),
    ]);
    const dep = (code: string) => r.departements.find((d) => d.code === code)!;
    expect(dep('22')).toMatchObject({ students: null, placed: null, studentsHidden: 'small' });
    // 29 (310 students) is smaller than 35 (500): hidden, and one of its lycées with it
    expect(dep('29')).toMatchObject({ students: null, studentsHidden: 'secondary', share: null });
    expect(dep('35')).toMatchObject({ students: 500, placed: 220, share: 0.44 });
    expect(r.lycees.find((x) => x.uai === 'D')).toMatchObject({ studentsHidden: 'secondary' });
    expect(r.lycees.find((x) => x.uai === 'E')).toMatchObject({ students: 160 });
  });

  it('keeps département sums exact when nothing is hidden', () => {
    const r = suppressSmallCounts([l('A', '35', 30, 15), l('B', '35', 40, 20), l('C', '29', 50, 25)]);
    expect(r.departements).toEqual([
      { code: '35', students: 70, placed: 35, share: 0.5, studentsHidden: null, placedHidden: null },
      { code: '29', students: 50, placed: 25, share: 0.5, studentsHidden: null, placedHidden: null },
    ]);
  });
});
