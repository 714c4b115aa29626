/**
 * What the steering pages compute from the API's figures, without React: the segments of a
 * stacked status bar, the trend chart's geometry, the map's classes and radii, the drill-down's
 * sorting. Pure, unit-tested (logic.test.ts).
 */
import type { ChildRow } from '../../../src/steering/schemas.ts';

// ---------------------------------------------------------------------------------------------
// Stacked status bar of a drill-down row

export const SEGMENT_KEYS = ['placed', 'covered', 'inProgress', 'toPlace', 'repli', 'exempted'] as const;
export type SegmentKey = (typeof SEGMENT_KEYS)[number];

export const SEGMENT_LABELS: Record<SegmentKey, string> = {
  placed: 'placés',
  covered: 'couverts',
  inProgress: 'en cours',
  toPlace: 'à placer',
  repli: 'repli',
  exempted: 'dispensés',
};

export interface Segment {
  key: SegmentKey;
  count: number;
  /** part of the row's students, 0 to 1 */
  share: number;
}

/** The row's students split by status, in a fixed order; empty segments left out. */
export function statusSegments(row: Pick<ChildRow, 'students' | SegmentKey>): Segment[] {
  if (row.students <= 0) return [];
  return SEGMENT_KEYS.filter((key) => row[key] > 0).map((key) => ({
    key,
    count: row[key],
    share: row[key] / row.students,
  }));
}

/** The bar's text equivalent: "12 placés, 3 en cours, 5 à placer" ("aucun élève" when empty). */
export function segmentsText(segments: Segment[]): string {
  if (segments.length === 0) return 'aucun élève';
  return segments.map((s) => `${s.count} ${SEGMENT_LABELS[s.key]}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Trend of the signed share

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / DAY_MS;
}

/** Days from `day` to `week1Start` (positive before the first week), both AAAA-MM-JJ. */
export function daysBefore(day: string, week1Start: string): number {
  return dayNumber(week1Start) - dayNumber(day);
}

export interface TrendPoint {
  daysBeforeWeek1: number;
  share: number;
}

export interface TrendSeries {
  thisYear: TrendPoint[];
  lastYear: TrendPoint[];
}

/** Both campaigns on one axis, days before week 1; days without a share (no students) left out. */
export function trendSeries(
  days: { day: string; share: number | null }[],
  lastYear: { daysBeforeWeek1: number; share: number | null }[] | null,
  week1Start: string | null,
): TrendSeries {
  const thisYear: TrendPoint[] = [];
  if (week1Start)
    for (const d of days)
      if (d.share !== null) thisYear.push({ daysBeforeWeek1: daysBefore(d.day, week1Start), share: d.share });
  const last: TrendPoint[] = [];
  for (const d of lastYear ?? [])
    if (d.share !== null) last.push({ daysBeforeWeek1: d.daysBeforeWeek1, share: d.share });
  const byDay = (a: TrendPoint, b: TrendPoint) => b.daysBeforeWeek1 - a.daysBeforeWeek1;
  return { thisYear: thisYear.sort(byDay), lastYear: last.sort(byDay) };
}

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface TrendGeometry {
  /** SVG path data ("M x y L x y …") of each series; empty when the series has no point */
  thisYear: string;
  lastYear: string;
  /** ticks of the x axis: days before week 1, at their x */
  xTicks: { days: number; x: number }[];
  /** ticks of the y axis: 0 %, 25 %… 100 %, at their y */
  yTicks: { share: number; y: number }[];
  /** x of week 1's first day (days before = 0) when it lies in the range, else null */
  week1X: number | null;
}

/**
 * Coordinates of the trend chart: x runs from the earliest day before week 1 (left) to the latest
 * (right), y from 0 % (bottom) to 100 % (top).
 */
export function trendGeometry(series: TrendSeries, box: ChartBox): TrendGeometry {
  const all = [...series.thisYear, ...series.lastYear].map((p) => p.daysBeforeWeek1);
  const maxBefore = all.length ? Math.max(...all) : 1;
  const minBefore = all.length ? Math.min(...all, 0) : 0;
  const span = Math.max(1, maxBefore - minBefore);
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const x = (days: number) => box.left + ((maxBefore - days) / span) * plotWidth;
  const y = (share: number) => box.top + (1 - Math.min(1, Math.max(0, share))) * plotHeight;
  const path = (points: TrendPoint[]) =>
    points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${round(x(p.daysBeforeWeek1))} ${round(y(p.share))}`)
      .join(' ');
  const step = niceStep(span);
  const xTicks: { days: number; x: number }[] = [];
  for (let d = Math.floor(maxBefore / step) * step; d >= minBefore; d -= step)
    xTicks.push({ days: d, x: round(x(d)) });
  return {
    thisYear: path(series.thisYear),
    lastYear: path(series.lastYear),
    xTicks,
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((share) => ({ share, y: round(y(share)) })),
    week1X: minBefore <= 0 && maxBefore >= 0 ? round(x(0)) : null,
  };
}

function niceStep(span: number): number {
  for (const step of [1, 2, 5, 7, 14, 30, 60, 90]) if (span / step <= 8) return step;
  return 180;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

// ---------------------------------------------------------------------------------------------
// Map: classes of places per student, proportional circles

export const RATIO_CLASSES = ['none', 'low', 'mid', 'high'] as const;
export type RatioClass = (typeof RATIO_CLASSES)[number];

/** Thresholds of the legend: under 0.5 place per student, 0.5 to 1, 1 and more. */
export function ratioClass(placesPerStudent: number | null): RatioClass {
  if (placesPerStudent === null) return 'none';
  if (placesPerStudent < 0.5) return 'low';
  if (placesPerStudent < 1) return 'mid';
  return 'high';
}

export const RATIO_LABELS: Record<RatioClass, string> = {
  none: 'sans élève',
  low: 'moins de 0,5 place par élève',
  mid: 'de 0,5 à moins de 1 place par élève',
  high: '1 place par élève ou plus',
};

/** Radius in pixels: the area of a circle is proportional to its students (√), at least `min`. */
export function circleRadius(students: number, maxStudents: number, maxRadius = 28, min = 4): number {
  if (maxStudents <= 0 || students <= 0) return min;
  return Math.max(min, maxRadius * Math.sqrt(students / maxStudents));
}

// ---------------------------------------------------------------------------------------------
// Drill-down table: sorting

export const CHILD_SORT_KEYS = [
  'name',
  'students',
  'placed',
  'share',
  'toPlace',
  'inProgress',
  'covered',
  'exempted',
  'repli',
  'placesPerStudent',
] as const;
export type ChildSortKey = (typeof CHILD_SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/** The rows sorted by a column; missing values (null) always last. Does not change `rows`. */
export function sortChildren(
  rows: readonly ChildRow[],
  key: ChildSortKey,
  direction: SortDirection,
): ChildRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'name') return sign * collator.compare(a.scope.name, b.scope.name);
    const va = a[key];
    const vb = b[key];
    if (va === null && vb === null) return collator.compare(a.scope.name, b.scope.name);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || collator.compare(a.scope.name, b.scope.name);
  });
}

/** "0,75" place per student, or "—" when unknown. */
export function formatRatio(value: number | null): string {
  return value === null
    ? '—'
    : new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A share as "48 %", or "—" when the total is zero. */
export function formatShare(share: number | null): string {
  return share === null
    ? '—'
    : new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 }).format(share);
}
