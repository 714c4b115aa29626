import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hit, peek, reset } from '../src/accounts/rate-limit.ts';
import { recordAudit } from '../src/audit/service.ts';
import { auditEventsOf } from '../src/audit/store.ts';
import { retryAfterSeconds, windowStart } from '../src/domain/rate-limit.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let database: TestDatabase;
let now = new Date('2026-11-28T10:07:00Z');
const deps = () => ({ db: database.db, clock: () => now });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.destroy());

describe('rate limits', () => {
  const limit = { max: 3, windowSeconds: 600 };

  it('computes fixed windows and the delay before the next one', () => {
    expect(windowStart(new Date('2026-11-28T10:07:00Z'), limit).toISOString()).toBe(
      '2026-11-28T10:00:00.000Z',
    );
    expect(retryAfterSeconds(new Date('2026-11-28T10:07:00Z'), limit)).toBe(180);
  });

  it('allows max hits per window, refuses the next, and starts again in the next window', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hit(deps(), 'k1', limit));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ ok: false, retryAfterSeconds: 180 });
    now = new Date('2026-11-28T10:10:00Z');
    expect(await hit(deps(), 'k1', limit)).toEqual({ ok: true, count: 1 });
    await reset(deps(), 'k1');
    expect(await peek(deps(), 'k1', limit)).toBe(0);
  });

  it('counts every hit exactly once under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () => hit(deps(), 'k2', { max: 10, windowSeconds: 600 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(await peek(deps(), 'k2', { max: 10, windowSeconds: 600 })).toBe(40);
  });
});

describe('audit', () => {
  it('records who did what, from where', async () => {
    await recordAudit(
      deps(),
      {
        action: 'auth.sign_in',
        actor: { userId: '00000000-0000-4000-8000-000000000001', role: 'host_member' },
      },
      { ip: '127.0.0.1', userAgent: 'test' },
    );
    const [e] = await auditEventsOf(database.db, '00000000-0000-4000-8000-000000000001');
    expect(e).toMatchObject({
      action: 'auth.sign_in',
      actorRole: 'host_member',
      ip: '127.0.0.1',
      userAgent: 'test',
    });
  });
});
