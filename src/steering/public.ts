/**
 * Public steering figures (issue 7 §6): the running campaign's placement indicators for the
 * public page, read from the precomputed figures of the refresh (steering_figures, whole lycées
 * only) — no personal data, and no count under PUBLIC_MIN_COUNT by lycée (the rule and its
 * reasons: src/domain/public-figures.ts). The académie's totals are exact.
 */
import type { Db } from '../db/client.ts';
import { suppressSmallCounts } from '../domain/public-figures.ts';
import {
  addFigures,
  exemptedTotal,
  headline,
  PUBLIC_MIN_COUNT,
  ratio,
  statusRows,
  type Figures,
} from '../domain/steering.ts';
import { lyceeFigures, refreshedAt } from './public.store.ts';
import type { PublicSteering } from './schemas.ts';

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

  // the académie: exact, the same arithmetic as the dashboards
  const total: Figures = {};
  for (const l of lycees) addFigures(total, l.figures as Figures);
  const head = headline(total);
  const exempted = exemptedTotal(total);
  return {
    computedAt: computedAt?.toISOString() ?? null,
    minCount: PUBLIC_MIN_COUNT,
    headline: { students: head.students, placed: head.placed, share: head.share, unplaced: head.unplaced },
    // exemptions are not detailed by reason in public (a medical reason is health data)
    statuses: [
      ...statusRows(total).flatMap((r) =>
        r.key.startsWith('exempted.')
          ? []
          : [{ ...r, key: r.key as 'to_place' | 'in_progress' | 'covered' | 'placed' | 'repli' }],
      ),
      {
        key: 'exempted' as const,
        label: 'Dispensés',
        count: exempted,
        share: ratio(exempted, head.students),
      },
    ],
    departements: suppressed.departements.map((d) => ({ ...d, name: depNames.get(d.code) ?? d.code })),
    lycees: suppressed.lycees,
  };
}
