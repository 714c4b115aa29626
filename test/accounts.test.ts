import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureDemoAccounts } from '../src/accounts/demo.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sha256 } from '../src/accounts/service.ts';
import { buildServer } from '../src/server.ts';
import { createAccounts, loadSmallAcademy, signIn } from './fixtures.ts';
import { buildTestServer, type TestApp } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let database: TestDatabase;
let now = new Date('2026-11-28T10:00:00Z');
const clock = () => now;
let app: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(database, clock);
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});
beforeEach(async () => {
  now = new Date('2026-11-28T10:00:00Z');
  await database.truncate();
});

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const set = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('ss_session='));
  return String(set ?? '').split(';')[0]!;
}

describe('demo sign-in', () => {
  it('lists one demo account per role present, and signs in with one click', async () => {
    await loadSmallAcademy(database.db);
    const report = await ensureDemoAccounts(database.db);
    expect(report.created).toBeGreaterThan(5);
    const list = await app.inject('/api/demo/accounts');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { membershipId: string; role: string; roleLabel: string }[];
    expect(items.map((i) => i.role)).toEqual(
      expect.arrayContaining([
        'student',
        'guardian',
        'school_head',
        'school_staff',
        'dsden',
        'rectorat',
        'admin',
      ]),
    );
    expect(new Set(items.map((i) => i.role)).size).toBe(items.length);
    const head = items.find((i) => i.role === 'school_head')!;
    expect(head.roleLabel).toBe('Chef d’établissement');

    const res = await app.inject({
      method: 'POST',
      url: '/api/demo/sign-in',
      payload: { membershipId: head.membershipId },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String([res.headers['set-cookie']].flat()[0]);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const session = await app.inject({ url: '/api/session', headers: { cookie: cookieOf(res) } });
    expect(session.json()).toMatchObject({
      authenticated: true,
      role: 'school_head',
      scopeLabel: 'Lycée Émile Zola',
    });
    const audit = await database.db.query.auditEvents.findMany();
    expect(
      audit.map((e) => [e.action, e.schoolUai, (e.details as { method?: string }).method]),
    ).toContainEqual(['auth.sign_in', '0350024L', 'demo']);
    // ensureDemoAccounts is idempotent
    expect((await ensureDemoAccounts(database.db)).created).toBe(0);
  });

  it('refuses an unknown account, and is absent when the demo is off', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/demo/sign-in',
      payload: { membershipId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().title).toBe('Compte inconnu');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/demo/sign-in',
      payload: { membershipId: 'abc' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/identifiant de compte invalide/);

    const off = await buildServer({
      config: { bodyLimit: 1000, publicUrl: 'https://stages.example', demo: false },
      database,
      clock,
      webDist: '/nonexistent',
    });
    expect((await off.inject('/api/demo/accounts')).statusCode).toBe(404);
    await off.close();
  });
});

describe('sessions', () => {
  it('rotates the token at sign-in: the previous session is closed', async () => {
    await loadSmallAcademy(database.db);
    await ensureDemoAccounts(database.db);
    const [a, b] = (await app.inject('/api/demo/accounts')).json().items;
    const first = await app.inject({
      method: 'POST',
      url: '/api/demo/sign-in',
      payload: { membershipId: a.membershipId },
    });
    const firstCookie = cookieOf(first);
    const csrf = (await app.inject({ url: '/api/session', headers: { cookie: firstCookie } })).json()
      .csrfToken;
    const res = await app.inject({
      method: 'POST',
      url: '/api/demo/sign-in',
      headers: { cookie: firstCookie, 'x-csrf-token': csrf },
      payload: { membershipId: b.membershipId },
    });
    expect(res.statusCode).toBe(200);
    expect(cookieOf(res)).not.toBe(firstCookie);
    const old = await app.inject({ url: '/api/session', headers: { cookie: firstCookie } });
    expect(old.json()).toEqual({ authenticated: false });
    const current = await app.inject({ url: '/api/session', headers: { cookie: cookieOf(res) } });
    expect(current.json()).toMatchObject({ authenticated: true, role: b.role });
  });

  it('ends after the idle delay and after the absolute delay', async () => {
    const academy = await loadSmallAcademy(database.db);
    const { inside } = await createAccounts(database.db, academy);
    const s = await signIn(database.db, inside.dsden, clock);
    const who = () =>
      app.inject({ url: '/api/session', headers: { cookie: s.cookie } }).then((r) => r.json().authenticated);
    // activity every hour keeps it alive until the absolute limit
    for (let h = 1; h * 3600_000 < SESSION_ABSOLUTE_MS; h++) {
      now = new Date(Date.parse('2026-11-28T10:00:00Z') + h * 3600_000);
      expect(await who()).toBe(true);
    }
    now = new Date(Date.parse('2026-11-28T10:00:00Z') + SESSION_ABSOLUTE_MS + 1000);
    expect(await who()).toBe(false);

    now = new Date('2026-11-29T10:00:00Z');
    const t = await signIn(database.db, inside.dsden, clock);
    now = new Date(now.getTime() + SESSION_IDLE_MS + 1000);
    expect(
      (await app.inject({ url: '/api/session', headers: { cookie: t.cookie } })).json().authenticated,
    ).toBe(false);
  });

  it('signs out, and signs out everywhere', async () => {
    const academy = await loadSmallAcademy(database.db);
    const { inside } = await createAccounts(database.db, academy);
    const a = await signIn(database.db, inside.rectorat, clock);
    const b = await signIn(database.db, inside.rectorat, clock);
    const list = await app.inject({ url: '/api/account/sessions', headers: { cookie: a.cookie } });
    expect(list.json().items).toHaveLength(2);
    expect(list.json().items.filter((i: { current: boolean }) => i.current)).toHaveLength(1);

    const out = await app.inject({
      method: 'POST',
      url: '/api/account/sign-out-everywhere',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    expect(out.json()).toEqual({ ok: true, closed: 2 });
    const events = (await database.db.query.auditEvents.findMany()).map((e) => e.action);
    expect(events).toContain('auth.sign_out_everywhere');
    expect(
      (await app.inject({ url: '/api/session', headers: { cookie: b.cookie } })).json().authenticated,
    ).toBe(false);

    const c = await signIn(database.db, inside.rectorat, clock);
    await app.inject({
      method: 'POST',
      url: '/api/session/sign-out',
      headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
    });
    expect(
      (await app.inject({ url: '/api/session', headers: { cookie: c.cookie } })).json().authenticated,
    ).toBe(false);
  });

  it('stores only the hash of the token', async () => {
    const academy = await loadSmallAcademy(database.db);
    const { inside } = await createAccounts(database.db, academy);
    const s = await signIn(database.db, inside.admin, clock);
    const rows = await database.db.query.sessions.findMany();
    expect(rows.map((r) => r.tokenHash)).toContain(sha256(s.token));
    expect(JSON.stringify(rows)).not.toContain(s.token);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the token or with a forged one, and changes nothing', async () => {
    const academy = await loadSmallAcademy(database.db);
    const { inside } = await createAccounts(database.db, academy);
    const s = await signIn(database.db, inside.school_head, clock);
    for (const headers of [{ cookie: s.cookie }, { cookie: s.cookie, 'x-csrf-token': 'forged' }]) {
      const res = await app.inject({ method: 'POST', url: '/api/account/sign-out-everywhere', headers });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().detail).toMatch(/CSRF/);
    }
    expect(
      (await app.inject({ url: '/api/session', headers: { cookie: s.cookie } })).json().authenticated,
    ).toBe(true);
  });
});

describe('personal data download', () => {
  it('gives the account its own data as a JSON file', async () => {
    const academy = await loadSmallAcademy(database.db);
    const { inside } = await createAccounts(database.db, academy);
    const s = await signIn(database.db, inside.school_staff, clock);
    const res = await app.inject({ url: '/api/account/data', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    expect(res.json()).toMatchObject({
      account: { email: 'school_staff.in@example.net' },
      roles: [{ role: 'school_staff', scope: 'Lycée Émile Zola' }],
    });
  });
});
