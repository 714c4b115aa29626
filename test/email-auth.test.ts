/**
 * E-mail sign-in through HTTP against a real database: sign-up, verification, password sign-in,
 * lockout, rate limits, password reset, one-time links, and never revealing whether an address
 * has an account.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendSignInLink } from '../src/accounts/email-auth.ts';
import { auditEvents, authTokens, hosts, memberships, sessions, users } from '../src/db/schema/index.ts';
import { LIMITS } from '../src/domain/rate-limit.ts';
import { hashPassword } from '../src/infra/password.ts';
import { getMail, listOutbox } from '../src/notifications/service.ts';
import { buildTestServer, type TestApp } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let database: TestDatabase;
let now = new Date('2026-11-28T10:00:00Z');
const clock = () => now;
let app: TestApp;
const PUBLIC_URL = 'http://localhost:3000';
const PASSWORD = 'cheval agrafe batterie correcte';
const OTHER_PASSWORD = 'un tout autre mot de passe';

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(database, clock, { config: { publicUrl: PUBLIC_URL } });
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});
beforeEach(async () => {
  now = new Date('2026-11-28T10:00:00Z');
  await database.truncate();
});

let ipCounter = 0;
/** Each call from its own IP unless told otherwise (the per-IP limits are tested on their own). */
function post(url: string, payload: unknown, options: { ip?: string; cookie?: string; csrf?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  return app.inject({
    method: 'POST',
    url,
    payload: payload as Record<string, unknown>,
    headers,
    remoteAddress: options.ip ?? `10.1.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`,
  });
}

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const set = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('ss_session='));
  return String(set ?? '').split(';')[0]!;
}

async function mailsTo(to: string) {
  const { items } = await listOutbox(database.db, { to, limit: 50, offset: 0 });
  return Promise.all(items.map(async (i) => (await getMail(database.db, i.id))!));
}

/** The token of the last mail of this template to this address (the link's fragment). */
async function lastToken(to: string, template: string, path: string): Promise<string> {
  const mail = (await mailsTo(to)).find((m) => m.template === template);
  expect(mail, `courriel ${template} à ${to}`).toBeDefined();
  const match = mail!.text.match(new RegExp(`${PUBLIC_URL}${path}#([A-Za-z0-9_-]+)`));
  expect(match, `lien ${path}#… dans le courriel`).not.toBeNull();
  return match![1]!;
}

const signUpBody = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  password: PASSWORD,
  firstName: 'Anne',
  lastName: 'Kervella',
  organisation: { name: 'Boulangerie Kervella', siret: '732 829 320 00074' },
  ...extra,
});

/** A verified host account with a password, created directly. */
async function hostAccount(email = 'hote@example.net', password = PASSWORD) {
  const [host] = await database.db.insert(hosts).values({ name: 'Hôte', isPublic: false }).returning();
  const [user] = await database.db
    .insert(users)
    .values({
      email,
      firstName: 'Paul',
      lastName: 'Hôte',
      passwordHash: await hashPassword(password),
      emailVerifiedAt: now,
    })
    .returning();
  await database.db.insert(memberships).values({ userId: user!.id, role: 'host_member', hostId: host!.id });
  return user!;
}

const audits = async (action: string) =>
  (await database.db.select().from(auditEvents)).filter((e) => e.action === action);

describe('sign-up, verification, sign-in', () => {
  it('creates an unverified host account, verifies it by the mailed link, then signs in', async () => {
    const res = await post('/api/auth/sign-up', signUpBody(' Anne.Kervella@Example.NET '));
    expect(res.statusCode).toBe(202);

    const [user] = await database.db.select().from(users).where(eq(users.email, 'anne.kervella@example.net'));
    expect(user!.emailVerifiedAt).toBeNull();
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const [m] = await database.db.select().from(memberships).where(eq(memberships.userId, user!.id));
    expect(m!.role).toBe('host_member');
    const [host] = await database.db.select().from(hosts).where(eq(hosts.id, m!.hostId!));
    expect(host).toMatchObject({ name: 'Boulangerie Kervella', siret: '73282932000074', isPublic: false });

    // not verified yet: the right password gets a message offering a new verification mail
    const early = await post('/api/auth/sign-in', { email: 'anne.kervella@example.net', password: PASSWORD });
    expect(early.statusCode).toBe(403);
    expect(early.json().detail).toMatch(/pas encore confirmée/);

    const token = await lastToken('anne.kervella@example.net', 'verify_email', '/verification');
    // the token is stored hashed only
    const stored = await database.db.select().from(authTokens);
    expect(stored.every((t) => t.tokenHash !== token && t.tokenHash.length === 64)).toBe(true);

    expect((await post('/api/auth/verify-email', { token })).statusCode).toBe(200);
    const again = await post('/api/auth/verify-email', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().detail).toMatch(/déjà servi ou a expiré/);

    const ok = await post('/api/auth/sign-in', { email: 'ANNE.kervella@example.net', password: PASSWORD });
    expect(ok.statusCode).toBe(200);
    const session = await app.inject({ url: '/api/session', headers: { cookie: cookieOf(ok) } });
    expect(session.json()).toMatchObject({
      authenticated: true,
      role: 'host_member',
      scopeLabel: 'Boulangerie Kervella',
    });
    expect(await audits('auth.sign_in')).toHaveLength(1);
    expect(await audits('auth.email_verified')).toHaveLength(1);
  });

  it('refuses a verification token after 24 hours', async () => {
    await post('/api/auth/sign-up', signUpBody('anne@example.net'));
    const token = await lastToken('anne@example.net', 'verify_email', '/verification');
    now = new Date(now.getTime() + 24 * 3600_000 + 1000);
    expect((await post('/api/auth/verify-email', { token })).statusCode).toBe(400);
  });

  it('refuses bad input with French messages and creates nothing', async () => {
    const weak = await post('/api/auth/sign-up', signUpBody('a@example.net', { password: 'qwerty123456' }));
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([
      {
        field: 'password',
        message: 'Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre.',
      },
    ]);
    const siret = await post(
      '/api/auth/sign-up',
      signUpBody('a@example.net', { organisation: { name: 'X SA', siret: '73282932000075' } }),
    );
    expect(siret.statusCode).toBe(400);
    expect(siret.json().errors[0].field).toBe('organisation.siret');
    expect(siret.json().detail).toMatch(/SIRET n’est pas valide/);
    const email = await post('/api/auth/sign-up', signUpBody('pas-une-adresse'));
    expect(email.statusCode).toBe(400);
    expect(email.json().detail).toMatch(/adresse électronique invalide/);
    expect(await database.db.select().from(users)).toHaveLength(0);
    expect(await database.db.select().from(hosts)).toHaveLength(0);

    // a null SIRET is allowed; a SIRET already registered is refused
    expect(
      (
        await post(
          '/api/auth/sign-up',
          signUpBody('b@example.net', { organisation: { name: 'Mairie', siret: null } }),
        )
      ).statusCode,
    ).toBe(202);
    await post('/api/auth/sign-up', signUpBody('c@example.net'));
    const taken = await post('/api/auth/sign-up', signUpBody('d@example.net'));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toMatch(/demandez à l’un de ses membres de vous inviter/);
  });
});

describe('never revealing whether an e-mail has an account', () => {
  it('answers sign-up, reset and link requests identically for known and unknown addresses', async () => {
    await hostAccount('connu@example.net');
    const pairs: [string, (email: string) => unknown][] = [
      ['/api/auth/sign-up', (e) => signUpBody(e, { organisation: { name: 'Org' } })],
      ['/api/auth/password-reset/request', (e) => ({ email: e })],
      ['/api/auth/link/request', (e) => ({ email: e })],
      ['/api/auth/verify-email/resend', (e) => ({ email: e })],
    ];
    for (const [i, [url, body]] of pairs.entries()) {
      const known = await post(url, body('connu@example.net'));
      const unknown = await post(url, body(`inconnu${i}@example.net`));
      expect(known.statusCode, url).toBe(202);
      expect(unknown.statusCode, url).toBe(known.statusCode);
      expect(known.body, url).toBe(unknown.body);
    }
    // the owner of the known address is told that someone tried to sign up with it
    const mails = await mailsTo('connu@example.net');
    expect(mails.map((m) => m.template).sort()).toEqual([
      'password_reset',
      'sign_in_link',
      'sign_up_existing',
    ]);
    expect(mails.find((m) => m.template === 'sign_up_existing')!.text).toMatch(
      /aucun nouveau compte n’a été créé/,
    );
    // the new address got its sign-up verification; the other unknown ones got nothing
    expect((await mailsTo('inconnu0@example.net')).map((m) => m.template)).toEqual(['verify_email']);
    for (const i of [1, 2, 3]) expect(await mailsTo(`inconnu${i}@example.net`)).toEqual([]);
  });

  it('gives the same message for an unknown e-mail and a wrong password', async () => {
    await hostAccount('connu@example.net');
    const wrong = await post('/api/auth/sign-in', { email: 'connu@example.net', password: OTHER_PASSWORD });
    const unknown = await post('/api/auth/sign-in', {
      email: 'inconnu@example.net',
      password: OTHER_PASSWORD,
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe('Adresse électronique ou mot de passe incorrect.');
    expect({ ...wrong.json(), instance: null }).toEqual({ ...unknown.json(), instance: null });
    expect(await audits('auth.sign_in_failed')).toHaveLength(2);
  });
});

describe('lockout and rate limits', () => {
  it('locks an account after 5 failures, mails the notice once, audits, and unlocks after 15 minutes', async () => {
    const user = await hostAccount();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await post('/api/auth/sign-in', { email: user.email, password: OTHER_PASSWORD })).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // locked: even the right password is refused, with Retry-After
    const locked = await post('/api/auth/sign-in', { email: user.email, password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
    expect(locked.json().detail).toMatch(/Trop de tentatives de connexion pour cette adresse/);
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.lockedUntil).toEqual(new Date(now.getTime() + 15 * 60_000));
    const notices = (await mailsTo(user.email)).filter((m) => m.template === 'lockout_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain(`${PUBLIC_URL}/mot-de-passe-oublie`);
    expect(await audits('auth.lockout')).toHaveLength(1);

    now = new Date(now.getTime() + 14 * 60_000);
    expect((await post('/api/auth/sign-in', { email: user.email, password: PASSWORD })).statusCode).toBe(429);
    now = new Date(now.getTime() + 60_000 + 1000);
    expect((await post('/api/auth/sign-in', { email: user.email, password: PASSWORD })).statusCode).toBe(200);
  });

  it('locks an unknown address the same way (nothing tells them apart)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await post('/api/auth/sign-in', { email: 'personne@example.net', password: OTHER_PASSWORD }))
          .statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    expect(await mailsTo('personne@example.net')).toHaveLength(0);
  });

  it('limits sign-in attempts per IP (429 with Retry-After)', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < LIMITS.signInPerIp.max; i++) {
      const res = await post(
        '/api/auth/sign-in',
        { email: `x${i}@example.net`, password: OTHER_PASSWORD },
        { ip },
      );
      expect(res.statusCode).toBe(401);
    }
    const res = await post('/api/auth/sign-in', { email: 'y@example.net', password: OTHER_PASSWORD }, { ip });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // another IP is not affected
    expect(
      (await post('/api/auth/sign-in', { email: 'y@example.net', password: OTHER_PASSWORD })).statusCode,
    ).toBe(401);
  });

  it('limits reset and link requests per address', async () => {
    await hostAccount('connu@example.net');
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.mailRequestsPerAddress.max; i++)
      statuses.push((await post('/api/auth/link/request', { email: 'connu@example.net' })).statusCode);
    expect(statuses.slice(0, -1).every((s) => s === 202)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await mailsTo('connu@example.net')).length).toBe(LIMITS.mailRequestsPerAddress.max);
  });
});

describe('password reset', () => {
  it('sets a new password, revokes every session, refuses the old password and a second use', async () => {
    const user = await hostAccount();
    const first = await post('/api/auth/sign-in', { email: user.email, password: PASSWORD });
    const second = await post('/api/auth/sign-in', { email: user.email, password: PASSWORD });
    expect(first.statusCode).toBe(200);

    expect((await post('/api/auth/password-reset/request', { email: user.email })).statusCode).toBe(202);
    const token = await lastToken(user.email, 'password_reset', '/reinitialisation');

    // a refused password changes nothing, and the token stays usable
    const weak = await post('/api/auth/password-reset', { token, password: 'court' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toEqual({
      field: 'password',
      message: 'Le mot de passe doit contenir au moins 12 caractères.',
    });

    expect((await post('/api/auth/password-reset', { token, password: OTHER_PASSWORD })).statusCode).toBe(
      200,
    );
    const reused = await post('/api/auth/password-reset', {
      token,
      password: 'encore un autre mot de passe',
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().detail).toMatch(/déjà servi ou a expiré/);

    for (const res of [first, second]) {
      const s = await app.inject({ url: '/api/session', headers: { cookie: cookieOf(res) } });
      expect(s.json()).toEqual({ authenticated: false });
    }
    expect((await post('/api/auth/sign-in', { email: user.email, password: PASSWORD })).statusCode).toBe(401);
    expect(
      (await post('/api/auth/sign-in', { email: user.email, password: OTHER_PASSWORD })).statusCode,
    ).toBe(200);
    expect(await audits('auth.password_reset')).toHaveLength(1);
  });

  it('lifts a lockout', async () => {
    const user = await hostAccount();
    for (let i = 0; i < 5; i++)
      await post('/api/auth/sign-in', { email: user.email, password: OTHER_PASSWORD });
    await post('/api/auth/password-reset/request', { email: user.email });
    const token = await lastToken(user.email, 'password_reset', '/reinitialisation');
    expect(
      (await post('/api/auth/password-reset', { token, password: 'un troisième mot de passe' })).statusCode,
    ).toBe(200);
    expect(
      (await post('/api/auth/sign-in', { email: user.email, password: 'un troisième mot de passe' }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses an expired reset link (1 hour)', async () => {
    const user = await hostAccount();
    await post('/api/auth/password-reset/request', { email: user.email });
    const token = await lastToken(user.email, 'password_reset', '/reinitialisation');
    now = new Date(now.getTime() + 3600_000 + 1000);
    expect((await post('/api/auth/password-reset', { token, password: OTHER_PASSWORD })).statusCode).toBe(
      400,
    );
    expect((await post('/api/auth/sign-in', { email: user.email, password: PASSWORD })).statusCode).toBe(200);
  });
});

describe('one-time sign-in links', () => {
  it('opening the page consumes nothing; the click signs in once; a second use is refused', async () => {
    const user = await hostAccount();
    expect((await post('/api/auth/link/request', { email: user.email })).statusCode).toBe(202);
    const token = await lastToken(user.email, 'sign_in_link', '/connexion/lien');

    // what a mail scanner does: GET the page (the token is in the fragment, never sent)
    const page = await app.inject({ url: `/connexion/lien#${token}` });
    expect(page.statusCode).toBe(404); // no web build in this test; the API alone
    expect((await database.db.select().from(authTokens)).every((t) => t.usedAt === null)).toBe(true);

    const ok = await post('/api/auth/link/consume', { token });
    expect(ok.statusCode).toBe(200);
    const s = await app.inject({ url: '/api/session', headers: { cookie: cookieOf(ok) } });
    expect(s.json()).toMatchObject({ authenticated: true, role: 'host_member' });
    const [session] = await database.db.select().from(sessions);
    expect(session!.method).toBe('link');

    const twice = await post('/api/auth/link/consume', { token });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().detail).toBe('Ce lien a déjà servi ou a expiré. Demandez-en un nouveau.');
    expect(await audits('auth.link_used')).toHaveLength(1);
  });

  it('a link consumed twice at the same time signs in only once', async () => {
    const user = await hostAccount();
    await sendSignInLink({ db: database.db, clock, publicUrl: PUBLIC_URL }, user.email, {});
    const token = await lastToken(user.email, 'sign_in_link', '/connexion/lien');
    const results = await Promise.all([1, 2, 3].map(() => post('/api/auth/link/consume', { token })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400, 400]);
  });

  it('refuses an expired link (15 minutes)', async () => {
    const user = await hostAccount();
    await post('/api/auth/link/request', { email: user.email });
    const token = await lastToken(user.email, 'sign_in_link', '/connexion/lien');
    now = new Date(now.getTime() + 15 * 60_000 + 1000);
    expect((await post('/api/auth/link/consume', { token })).statusCode).toBe(400);
  });

  it('sendSignInLink does nothing for an unknown or disabled address', async () => {
    const deps = { db: database.db, clock, publicUrl: PUBLIC_URL };
    await sendSignInLink(deps, 'inconnu@example.net', {});
    const user = await hostAccount();
    await database.db.update(users).set({ disabledAt: now }).where(eq(users.id, user.id));
    await sendSignInLink(deps, user.email, {});
    expect((await listOutbox(database.db, { limit: 10, offset: 0 })).total).toBe(0);
  });

  it('rotates the session: signing in with a link closes the session the visitor had', async () => {
    const user = await hostAccount();
    const before = await post('/api/auth/sign-in', { email: user.email, password: PASSWORD });
    const csrf = (await app.inject({ url: '/api/session', headers: { cookie: cookieOf(before) } })).json()
      .csrfToken;
    await post('/api/auth/link/request', { email: user.email });
    const token = await lastToken(user.email, 'sign_in_link', '/connexion/lien');
    // a cookie-authenticated write needs the CSRF token
    expect((await post('/api/auth/link/consume', { token }, { cookie: cookieOf(before) })).statusCode).toBe(
      403,
    );
    const after = await post('/api/auth/link/consume', { token }, { cookie: cookieOf(before), csrf });
    expect(after.statusCode).toBe(200);
    expect(cookieOf(after)).not.toBe(cookieOf(before));
    const old = await app.inject({ url: '/api/session', headers: { cookie: cookieOf(before) } });
    expect(old.json()).toEqual({ authenticated: false });
  });
});
