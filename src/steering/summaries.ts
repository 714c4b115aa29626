import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/client.ts';
import type { JobDefinition } from '../infra/jobs.ts';

export interface SummaryDeps {
  db: Db;
  clock: () => Date;
  publicUrl: string;
}

/** Summaries by e-mail (issue 7 §5): weekly to DSDEN and rectorat, daily to heads in the last month. */
export function summaryJobs(_deps: SummaryDeps): JobDefinition[] {
  return [];
}

export const summaryRoutes =
  (_deps: SummaryDeps): FastifyPluginAsyncZod =>
  async () => {};
