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
  analyzeStaleTables,
  changedLycees,
  forgetChanges,
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
  /** every lycée recomputed, or only the changed ones */
  full: boolean;
  /** how many lycées an incremental refresh recomputed (-1: a full one) */
  lyceesRecomputed: number;
}

/**
 * A full refresh recomputes every lycée; the others only the lycées whose facts changed
 * (steering_changes). A full one runs at the first refresh, on the first refresh of each day
 * (Paris: the day's snapshot), and at least every hour: statuses that change with time alone (a
 * pending application past its expiry before the deadlines job records it) are caught up then.
 */
export const FULL_REFRESH_EVERY_MS = 60 * 60 * 1000;

export interface RefreshOptions {
  /** recompute every lycée whatever changed */
  full?: boolean;
}

export async function refreshSteering(
  deps: RefreshDeps,
  schoolYear?: string,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const refreshedAt = deps.clock();
  const day = parisDay(refreshedAt);
  const year = schoolYear ?? schoolYearOn(day);
  const started = performance.now();
  await analyzeStaleTables(deps.db);
  let full = false;
  let lycees = 0;
  await deps.db.transaction(async (tx) => {
    await lockRefresh(tx, year);
    const last = await lastRefreshRow(tx, year);
    full =
      options.full === true ||
      !last?.fullRefreshedAt ||
      parisDay(last.fullRefreshedAt) !== day ||
      refreshedAt.getTime() - last.fullRefreshedAt.getTime() >= FULL_REFRESH_EVERY_MS ||
      refreshedAt.getTime() < last.fullRefreshedAt.getTime();
    const changes = await changedLycees(tx);
    if (full) await writeStudentFigures(tx, year, refreshedAt);
    else if (changes.uais.length > 0) await writeStudentFigures(tx, year, refreshedAt, changes.uais);
    lycees = full ? -1 : changes.uais.length;
    await writeOfferFigures(tx, year);
    await writeDailySnapshot(tx, year, day);
    await forgetChanges(tx, changes.upTo);
    await writeRefresh(tx, year, refreshedAt, performance.now() - started, full);
  });
  return {
    schoolYear: year,
    durationMs: Math.round(performance.now() - started),
    refreshedAt,
    full,
    lyceesRecomputed: lycees,
  };
}

/** When the figures of a school year were last computed (null: never), and how long it took. */
export async function lastRefresh(
  db: Db,
  schoolYear: string,
): Promise<{ refreshedAt: Date; durationMs: number } | null> {
  const r = await lastRefreshRow(db, schoolYear);
  return r ? { refreshedAt: r.refreshedAt, durationMs: r.durationMs } : null;
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
        return {
          schoolYear: r.schoolYear,
          durationMs: r.durationMs,
          full: r.full,
          lycees: r.lyceesRecomputed,
        };
      },
    },
  ];
}
