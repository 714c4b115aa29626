/**
 * The steering figures' refresh (issue 7): recomputes steering_figures, steering_offer_figures
 * and the day's steering_daily rows for a school year (the current one by default), set-based in
 * SQL (src/steering/refresh.store.ts), in one transaction: readers see the previous figures until
 * the new ones are all written. A transaction-level advisory lock serialises the refreshes of a
 * year, so two server processes sharing the database never interleave. The job runs every minute
 * (and once at start), so a figure is at most a minute old.
 */
import type { Db } from '../db/client.ts';
import { schoolYearOn } from '../domain/campaign.ts';
import type { JobDefinition } from '../infra/jobs.ts';
import {
  lastRefreshRow,
  lockRefresh,
  writeDailySnapshot,
  writeOfferFigures,
  writeRefresh,
  writeStudentFigures,
} from './refresh.store.ts';

export { studentStatusRows, type StudentStatusQuery, type StudentStatusRow } from './refresh.store.ts';

export interface RefreshDeps {
  db: Db;
  clock: () => Date;
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

/** The day (Paris) of an instant, YYYY-MM-DD. */
export const parisDay = (d: Date): string => PARIS_DAY.format(d);

export interface RefreshResult {
  schoolYear: string;
  /** wall-clock time of the refresh, lock wait included */
  durationMs: number;
  /** the application's clock when the figures were computed */
  refreshedAt: Date;
}

export async function refreshSteering(deps: RefreshDeps, schoolYear?: string): Promise<RefreshResult> {
  const refreshedAt = deps.clock();
  const year = schoolYear ?? schoolYearOn(parisDay(refreshedAt));
  const started = performance.now();
  await deps.db.transaction(async (tx) => {
    await lockRefresh(tx, year);
    await writeStudentFigures(tx, year, refreshedAt);
    await writeOfferFigures(tx, year);
    await writeDailySnapshot(tx, year, parisDay(refreshedAt));
    await writeRefresh(tx, year, refreshedAt, performance.now() - started);
  });
  return { schoolYear: year, durationMs: Math.round(performance.now() - started), refreshedAt };
}

/** When the figures of a school year were last computed (null: never), and how long it took. */
export async function lastRefresh(
  db: Db,
  schoolYear: string,
): Promise<{ refreshedAt: Date; durationMs: number } | null> {
  return lastRefreshRow(db, schoolYear);
}

/** The refresh every minute, and once when the scheduler starts. */
export function steeringJobs(deps: RefreshDeps): JobDefinition[] {
  return [
    {
      name: 'steering-refresh',
      cron: '* * * * *',
      tz: 'Europe/Paris',
      runAtStart: true,
      handler: async ({ now }) => {
        const r = await refreshSteering({ db: deps.db, clock: () => now });
        return { schoolYear: r.schoolYear, durationMs: r.durationMs };
      },
    },
  ];
}
