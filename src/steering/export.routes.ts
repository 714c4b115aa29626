import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/client.ts';

export interface ExportDeps {
  db: Db;
  clock: () => Date;
}

/** Every dashboard table as CSV and XLSX (issue 7 §4). */
export const exportRoutes =
  (_deps: ExportDeps): FastifyPluginAsyncZod =>
  async () => {};
