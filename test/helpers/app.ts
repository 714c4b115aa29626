import { buildServer, type ServerDeps } from '../../src/server.ts';
import type { Database } from '../../src/db/client.ts';

/** A fixed clock: 28 November 2026, during the 2026-2027 campaign's preparation. */
export const FIXED_NOW = new Date('2026-11-28T10:00:00Z');

export type TestApp = Awaited<ReturnType<typeof buildServer>>;

/**
 * The real application on a test database, without the web app: demo on, http://localhost:3000.
 * `now` is a date or a clock (a test that moves time passes `() => now`).
 */
export async function buildTestServer(
  database: Database,
  now: Date | (() => Date) = FIXED_NOW,
  overrides: Partial<Omit<ServerDeps, 'database' | 'clock' | 'config'>> & {
    config?: Partial<ServerDeps['config']>;
  } = {},
): Promise<TestApp> {
  const { config, ...rest } = overrides;
  const app = await buildServer({
    database,
    clock: typeof now === 'function' ? now : () => now,
    webDist: '/nonexistent',
    ...rest,
    config: { bodyLimit: 1_048_576, publicUrl: 'http://localhost:3000', demo: true, ...config },
  });
  await app.ready();
  return app;
}
