/**
 * The steering figures' refresh (issue 7): recomputes steering_figures, steering_offer_figures
 * and the day's steering_daily rows for the current school year. Filled by the refresh work.
 */
import type { Db } from '../db/client.ts';
import type { JobDefinition } from '../infra/jobs.ts';

export interface RefreshDeps {
  db: Db;
  clock: () => Date;
}

export function steeringJobs(_deps: RefreshDeps): JobDefinition[] {
  return [];
}
