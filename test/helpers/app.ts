import { buildServer } from '../../src/server.ts';
import type { Database } from '../../src/db/client.ts';

/** A fixed clock: 28 November 2026, during the 2026-2027 campaign's preparation. */
export const FIXED_NOW = new Date('2026-11-28T10:00:00Z');

export async function buildTestServer(database: Database, now: Date = FIXED_NOW) {
  const app = await buildServer({
    config: { bodyLimit: 1_048_576, publicUrl: 'http://localhost:3000', demo: true },
    database,
    clock: () => now,
    webDist: '/nonexistent',
  });
  await app.ready();
  return app;
}
