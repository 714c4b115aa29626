import { describe, expect, it } from 'vitest';
import type { ChildRow } from '../../../src/steering/schemas.ts';
import {
  circleRadius,
  daysBefore,
  formatRatio,
  formatShare,
  ratioClass,
  segmentsText,
  sortChildren,
  statusSegments,
  trendGeometry,
  trendSeries,
} from './logic.ts';

function row(name: string, over: Partial<ChildRow> = {}): ChildRow {
  return {
    scope: { ref: `lycee:${name}`, kind: 'lycee', code: name, name },
    students: 10,
    placed: 0,
    share: 0,
    toPlace: 10,
    inProgress: 0,
    covered: 0,
    exempted: 0,
    repli: 0,
    unplaced: 10,
    placesPerStudent: null,
    ...over,
  };
}

describe('stacked status bar of a drill-down row', () => {
  it('splits the students by status in a fixed order, leaving out empty statuses', () => {
    const segments = statusSegments(
      row('A', { students: 20, placed: 5, covered: 3, inProgress: 2, toPlace: 8, exempted: 2, repli: 0 }),
    );
    expect(segments.map((s) => [s.key, s.count, s.share])).toEqual([
      ['placed', 5, 0.25],
      ['covered', 3, 0.15],
      ['inProgress', 2, 0.1],
      ['toPlace', 8, 0.4],
      ['exempted', 2, 0.1],
    ]);
    expect(segmentsText(segments)).toBe('5 placés, 3 couverts, 2 en cours, 8 à placer, 2 dispensés');
  });

  it('has no segment without students', () => {
    expect(statusSegments(row('B', { students: 0, toPlace: 0, unplaced: 0 }))).toEqual([]);
    expect(segmentsText([])).toBe('aucun élève');
  });
});

describe('trend of the signed share', () => {
  it('counts the days before week 1 across months and years', () => {
    expect(daysBefore('2027-06-07', '2027-06-14')).toBe(7);
    expect(daysBefore('2027-05-31', '2027-06-01')).toBe(1);
    expect(daysBefore('2026-12-31', '2027-01-02')).toBe(2);
    expect(daysBefore('2027-06-15', '2027-06-14')).toBe(-1);
  });

  it('aligns this year on days before week 1, drops days without students, earliest first', () => {
    const series = trendSeries(
      [
        { day: '2027-06-10', share: 0.5 },
        { day: '2027-06-08', share: 0.25 },
        { day: '2027-06-09', share: null },
      ],
      [
        { daysBeforeWeek1: 4, share: 0.4 },
        { daysBeforeWeek1: 6, share: 0.2 },
      ],
      '2027-06-14',
    );
    expect(series.thisYear).toEqual([
      { daysBeforeWeek1: 6, share: 0.25 },
      { daysBeforeWeek1: 4, share: 0.5 },
    ]);
    expect(series.lastYear).toEqual([
      { daysBeforeWeek1: 6, share: 0.2 },
      { daysBeforeWeek1: 4, share: 0.4 },
    ]);
    expect(trendSeries([{ day: '2027-06-10', share: 0.5 }], null, null)).toEqual({
      thisYear: [],
      lastYear: [],
    });
  });

  it('draws from the earliest day (left) to week 1 (right), 0 % at the bottom, 100 % at the top', () => {
    const box = { width: 120, height: 120, left: 10, right: 10, top: 10, bottom: 10 };
    const geometry = trendGeometry(
      {
        thisYear: [
          { daysBeforeWeek1: 10, share: 0 },
          { daysBeforeWeek1: 0, share: 1 },
        ],
        lastYear: [{ daysBeforeWeek1: 5, share: 0.5 }],
      },
      box,
    );
    expect(geometry.thisYear).toBe('M10 110 L110 10');
    expect(geometry.lastYear).toBe('M60 60');
    expect(geometry.week1X).toBe(110);
    expect(geometry.yTicks).toEqual([
      { share: 0, y: 110 },
      { share: 0.25, y: 85 },
      { share: 0.5, y: 60 },
      { share: 0.75, y: 35 },
      { share: 1, y: 10 },
    ]);
    expect(geometry.xTicks.map((t) => t.days)).toEqual([10, 8, 6, 4, 2, 0]);
    expect(geometry.xTicks[0]).toEqual({ days: 10, x: 10 });
  });

  it('draws nothing without points', () => {
    const g = trendGeometry(
      { thisYear: [], lastYear: [] },
      { width: 100, height: 100, left: 0, right: 0, top: 0, bottom: 0 },
    );
    expect(g.thisYear).toBe('');
    expect(g.lastYear).toBe('');
  });
});

describe('map classes and circles', () => {
  it('puts places per student in the legend’s classes', () => {
    expect(ratioClass(null)).toBe('none');
    expect(ratioClass(0)).toBe('low');
    expect(ratioClass(0.49)).toBe('low');
    expect(ratioClass(0.5)).toBe('mid');
    expect(ratioClass(0.99)).toBe('mid');
    expect(ratioClass(1)).toBe('high');
    expect(ratioClass(3.2)).toBe('high');
  });

  it('gives circles an area proportional to the students', () => {
    expect(circleRadius(400, 400, 20)).toBe(20);
    expect(circleRadius(100, 400, 20)).toBe(10);
    expect(circleRadius(1, 10_000, 20)).toBe(4);
    expect(circleRadius(0, 100)).toBe(4);
    expect(circleRadius(5, 0)).toBe(4);
  });
});

describe('drill-down sorting and formats', () => {
  const rows = [
    row('Lycée B', { students: 30, placesPerStudent: 0.4 }),
    row('Lycée a', { students: 10, placesPerStudent: null }),
    row('Lycée C', { students: 20, placesPerStudent: 1.2 }),
  ];

  it('sorts by name (French, case-insensitive) and by figures, nulls last either way', () => {
    expect(sortChildren(rows, 'name', 'ascending').map((r) => r.scope.name)).toEqual([
      'Lycée a',
      'Lycée B',
      'Lycée C',
    ]);
    expect(sortChildren(rows, 'students', 'descending').map((r) => r.students)).toEqual([30, 20, 10]);
    expect(sortChildren(rows, 'placesPerStudent', 'ascending').map((r) => r.scope.name)).toEqual([
      'Lycée B',
      'Lycée C',
      'Lycée a',
    ]);
    expect(sortChildren(rows, 'placesPerStudent', 'descending').map((r) => r.scope.name)).toEqual([
      'Lycée C',
      'Lycée B',
      'Lycée a',
    ]);
    expect(rows[0]!.scope.name).toBe('Lycée B');
  });

  it('writes ratios and shares in French, a dash when unknown', () => {
    expect(formatRatio(0.754)).toBe('0,75');
    expect(formatRatio(null)).toBe('—');
    expect(formatShare(0.477)).toMatch(/^48\s%$/);
    expect(formatShare(null)).toBe('—');
  });
});
