/**
 * Public steering figures (issue 7 §6): the running campaign's placement indicators for the
 * public page, read from the precomputed figures of the refresh (steering_figures, whole lycées
 * only) — no personal data, and no count under PUBLIC_MIN_COUNT by lycée (the rule and its
 * reasons: src/domain/public-figures.ts). The académie's totals are exact.
 */
import type { Db } from '../db/client.ts';
import { PLACEMENT_STATUS_LABELS } from '../domain/placement-status.ts';
import { suppressSmallCounts } from '../domain/public-figures.ts';
import { PUBLIC_MIN_COUNT } from '../domain/steering.ts';
import { lyceeFigures, refreshedAt } from './public.store.ts';
import type { PublicSteering } from './schemas.ts';

const STATUS_KEYS = ['to_place', 'in_progress', 'covered', 'placed', 'repli', 'exempted'] as const;

/** A status' count from a lycée's figures; exemptions summed over their reasons. */
function statusCount(figures: Record<string, number>, key: (typeof STATUS_KEYS)[number]): number {
  if (key !== 'exempted') return figures[`status.${key}`] ?? 0;
  let n = 0;
  for (const [metric, value] of Object.entries(figures))
    if (metric.startsWith('status.exempted.')) n += value;
  return n;
}

export async function publicSteering(
  db: Db,
  schoolYear: string,
  academyCode: string,
): Promise<PublicSteering> {
  const [lycees, computedAt] = await Promise.all([
    lyceeFigures(db, schoolYear, academyCode),
    refreshedAt(db, schoolYear),
  ]);
  const counted = lycees
    .map((l) => ({
      uai: l.uai,
      name: l.name,
      commune: l.commune,
      departementCode: l.departementCode,
      students: l.figures.students ?? 0,
      placed: l.figures['status.placed'] ?? 0,
    }))
    // a lycée without 2de GT students this year is not listed
    .filter((l) => l.students > 0);
  const suppressed = suppressSmallCounts(counted, PUBLIC_MIN_COUNT);
  const depNames = new Map(lycees.map((l) => [l.departementCode, l.departementName]));

  const totals = Object.fromEntries(STATUS_KEYS.map((k) => [k, 0])) as Record<
    (typeof STATUS_KEYS)[number],
    number
  >;
  let students = 0;
  for (const l of lycees) {
    students += l.figures.students ?? 0;
    for (const k of STATUS_KEYS) totals[k] += statusCount(l.figures, k);
  }
  const shareOf = (n: number) => (students === 0 ? null : n / students);
  return {
    computedAt: computedAt?.toISOString() ?? null,
    minCount: PUBLIC_MIN_COUNT,
    headline: {
      students,
      placed: totals.placed,
      share: shareOf(totals.placed),
      unplaced: totals.to_place + totals.in_progress,
    },
    statuses: STATUS_KEYS.map((key) => ({
      key,
      label: PLACEMENT_STATUS_LABELS[key],
      count: totals[key],
      share: shareOf(totals[key]),
    })),
    departements: suppressed.departements.map((d) => ({ ...d, name: depNames.get(d.code) ?? d.code })),
    lycees: suppressed.lycees,
  };
}
