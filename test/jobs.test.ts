/**
 * pg-boss really runs on the test database (src/infra/jobs.ts): a scheduled (cron) job and a sent
 * one reach their handler, the server starts the scheduler when it listens with the application's
 * schedules, and everything stops cleanly. PGlite by default (pg-boss through the executeSql
 * adapter), PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobs, type JobContext } from '../src/infra/jobs.ts';
import { buildTestServer } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

async function until(check: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('délai dépassé');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('pg-boss on the test database', () => {
  it('runs a scheduled job and a sent one with the application’s clock, then stops', async () => {
    const fake = new Date('2027-02-01T09:00:00Z');
    const seen: { name: string; now: Date }[] = [];
    const handler = (name: string) => async (ctx: JobContext) => {
      seen.push({ name, now: ctx.now });
      return { done: 1 };
    };
    const jobs = createJobs({
      database,
      clock: () => fake,
      definitions: [
        { name: 'test-every-minute', cron: '* * * * *', handler: handler('cron') },
        { name: 'test-on-demand', handler: handler('sent') },
        { name: 'test-at-start', runAtStart: true, handler: handler('start') },
      ],
      pollingIntervalSeconds: 0.5,
      cronMonitorIntervalSeconds: 1,
      cronWorkerIntervalSeconds: 1,
    });
    expect(jobs.started).toBe(false);
    await jobs.start();
    await jobs.start(); // idempotent
    expect(jobs.started).toBe(true);
    expect(await jobs.send('test-on-demand')).toEqual(expect.any(String));
    await until(() => ['cron', 'sent', 'start'].every((n) => seen.some((s) => s.name === n)));
    expect(seen.every((s) => s.now.getTime() === fake.getTime())).toBe(true);
    const schedules = await jobs.boss!.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron, (s as typeof s & { timezone: string }).timezone])).toEqual([
      ['test-every-minute', '* * * * *', 'Europe/Paris'],
    ]);

    await jobs.stop();
    await jobs.stop(); // idempotent
    expect(jobs.started).toBe(false);
    await expect(jobs.send('test-on-demand')).rejects.toThrow(/non démarrées/);
    // stopped: a job sent by someone else stays queued, nobody runs it here
    const count = seen.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen.length).toBe(count);
    // a handler can still be run directly (tests, command line)
    expect(await jobs.run('test-on-demand', new Date('2030-01-01T00:00:00Z'))).toEqual({ done: 1 });
    expect(seen.at(-1)).toEqual({ name: 'sent', now: new Date('2030-01-01T00:00:00Z') });
  });

  it('the server starts the scheduler when it listens, with the application’s jobs, and stops it on close', async () => {
    const app = await buildTestServer(database);
    expect(app.jobs.started).toBe(false);
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      // the onListen hook starts it without delaying listen
      await until(() => app.jobs.started);
      const schedules = await app.jobs.boss!.getSchedules();
      expect(
        schedules
          .map((s) => [s.name, s.cron, (s as typeof s & { timezone: string }).timezone])
          .filter(([n]) => !String(n).startsWith('test-'))
          .sort(),
      ).toEqual([
        ['applications-deadlines', '*/10 * * * *', 'Europe/Paris'],
        ['applications-host-digest', '0 7 * * *', 'Europe/Paris'],
        ['conventions-reminders', '0 9 * * *', 'Europe/Paris'],
        ['offers-archive', '30 0 * * *', 'Europe/Paris'],
        ['steering-daily-summary', '30 7 * * *', 'Europe/Paris'],
        ['steering-refresh', '* * * * *', 'Europe/Paris'],
        ['steering-weekly-summary', '0 8 * * 1', 'Europe/Paris'],
      ]);
    } finally {
      await app.close();
    }
    expect(app.jobs.started).toBe(false);
  });

  it('does not start the scheduler when the configuration says so', async () => {
    const app = await buildTestServer(database, undefined, { config: { jobs: false } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect(app.jobs.started).toBe(false);
    } finally {
      await app.close();
    }
  });
});
