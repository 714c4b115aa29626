/**
 * OpenID Connect sign-in end to end against a real provider started in process: authorization
 * code + PKCE + state + nonce, claims mapped to accounts, sessions, and every refusal.
 */
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, guardians, memberships, sessions, students, users } from '../src/db/schema/index.ts';
import { buildServer } from '../src/server.ts';
import { loadSmallAcademy, type SmallAcademy } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { followUntil, startTestProvider, type TestProvider } from './helpers/oidc.ts';

const PUBLIC_URL = 'http://localhost:3000';
const now = new Date();
const clock = () => now;

let database: TestDatabase;
let provider: TestProvider;
let app: Awaited<ReturnType<typeof buildServer>>;
let academy: SmallAcademy;

const ACCOUNTS = {
  'eleve-lea': { ine: '123456789AB', given_name: 'Léa', family_name: 'Le Goff' },
  'parent-anne': { email: 'anne.parent@example.net', email_verified: true, given_name: 'Anne' },
  'chef-zola': {
    email: 'chef.zola@ac-rennes.fr',
    email_verified: true,
    given_name: 'Claire',
    family_name: 'Morvan',
    uai: '0350024L',
    role: 'chef_etablissement',
  },
  'prof-invitee': { email: 'prof.invitee@ac-rennes.fr', email_verified: true },
  inconnu: { email: 'personne@example.net', email_verified: true, ine: '999999999ZZ' },
};

beforeAll(async () => {
  database = await createTestDatabase();
  provider = await startTestProvider(ACCOUNTS, [
    {
      clientId: 'stages-educonnect',
      clientSecret: 'secret-educonnect',
      redirectUri: `${PUBLIC_URL}/api/auth/oidc/educonnect/callback`,
    },
    {
      clientId: 'stages-proconnect',
      clientSecret: 'secret-proconnect',
      redirectUri: `${PUBLIC_URL}/api/auth/oidc/proconnect/callback`,
    },
  ]);
  app = await buildServer({
    config: {
      bodyLimit: 1_048_576,
      publicUrl: PUBLIC_URL,
      demo: false,
      oidc: {
        educonnect: {
          issuer: provider.issuer,
          clientId: 'stages-educonnect',
          clientSecret: 'secret-educonnect',
        },
        proconnect: {
          issuer: provider.issuer,
          clientId: 'stages-proconnect',
          clientSecret: 'secret-proconnect',
        },
      },
    },
    database,
    clock,
    webDist: '/nonexistent',
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await provider.close();
  await database.destroy();
});

beforeEach(async () => {
  await database.truncate();
  academy = await loadSmallAcademy(database.db);
  const [lea, yann] = academy.students;
  await database.db.update(students).set({ ine: '123456789AB' }).where(eq(students.id, lea!.id));
  // Anne is the legal representative of two children
  for (const s of [lea!, yann!])
    await database.db
      .update(guardians)
      .set({ email: 'Anne.Parent@example.net' })
      .where(eq(guardians.studentId, s.id));
});

function cookieOf(res: LightMyRequestResponse, name: string): string | undefined {
  const c = res.cookies.find((x) => x.name === name);
  return c && c.value !== '' ? `${name}=${c.value}` : undefined;
}

/** Start → provider (interaction signs in `login`) → callback; returns the callback's answer. */
async function signInWith(
  which: 'educonnect' | 'proconnect',
  login: string,
  options: { next?: string; cookie?: string } = {},
) {
  provider.nextLogin = login;
  const query = options.next === undefined ? '' : `?next=${encodeURIComponent(options.next)}`;
  const start = await app.inject({
    url: `/api/auth/oidc/${which}/start${query}`,
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
  expect(start.statusCode).toBe(302);
  const flow = cookieOf(start, 'ss_oidc');
  expect(flow).toBeDefined();
  const authorize = new URL(String(start.headers.location));
  expect(authorize.origin).toBe(provider.issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const back = await followUntil(authorize.href, `${PUBLIC_URL}/`);
  const cookie = [flow, options.cookie].filter(Boolean).join('; ');
  const callback = await app.inject({ url: back.pathname + back.search, headers: { cookie } });
  return {
    callback,
    back,
    flow: flow!,
    location: String(callback.headers.location),
    session: cookieOf(callback, 'ss_session'),
  };
}

async function sessionOf(cookie: string | undefined) {
  return (await app.inject({ url: '/api/session', headers: cookie ? { cookie } : {} })).json();
}

describe('OpenID Connect sign-in', () => {
  it('says which providers are configured', async () => {
    expect((await app.inject('/api/auth/providers')).json()).toEqual({ educonnect: true, proconnect: true });
  });

  it('signs a student in by INE (ÉduConnect), then reuses the linked subject', async () => {
    const first = await signInWith('educonnect', 'eleve-lea', { next: '/offres?secteur=sante' });
    expect(first.callback.statusCode).toBe(302);
    expect(first.location).toBe('/offres?secteur=sante');
    const session = await sessionOf(first.session);
    expect(session).toMatchObject({ authenticated: true, role: 'student', user: { firstName: 'Léa' } });
    const [user] = await database.db
      .select()
      .from(users)
      .where(eq(users.oidcSubject, 'educonnect:eleve-lea'));
    expect(user?.studentId).toBe(academy.students[0]!.id);
    expect(user?.ine).toBe('123456789AB');

    const again = await signInWith('educonnect', 'eleve-lea', { cookie: first.session! });
    expect(again.location).toBe('/compte');
    expect((await sessionOf(again.session)).user.id).toBe(user!.id);
    expect(await database.db.select().from(users)).toHaveLength(1);
    // rotation: the session held before signing in again is closed
    expect((await sessionOf(first.session)).authenticated).toBe(false);
    const opened = await database.db.select().from(sessions).where(eq(sessions.userId, user!.id));
    expect(opened.map((s) => s.method)).toEqual(['oidc:educonnect', 'oidc:educonnect']);
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.sign_in'));
    expect(audit[0]?.details).toEqual({ method: 'oidc', provider: 'educonnect' });
  });

  it('gives a guardian of two children two guardian memberships', async () => {
    const r = await signInWith('educonnect', 'parent-anne');
    expect(r.location).toBe('/compte');
    expect(await sessionOf(r.session)).toMatchObject({ authenticated: true, role: 'guardian' });
    const [user] = await database.db.select().from(users).where(eq(users.email, 'anne.parent@example.net'));
    const held = await database.db.select().from(memberships).where(eq(memberships.userId, user!.id));
    expect(held.map((m) => m.role)).toEqual(['guardian', 'guardian']);
    expect(user?.emailVerifiedAt).not.toBeNull();
    // the second time, nothing is duplicated
    await signInWith('educonnect', 'parent-anne');
    expect(await database.db.select().from(memberships).where(eq(memberships.userId, user!.id))).toHaveLength(
      2,
    );
  });

  it('signs the head of a lycée in from uai + role claims (ProConnect)', async () => {
    const r = await signInWith('proconnect', 'chef-zola');
    expect(await sessionOf(r.session)).toMatchObject({
      authenticated: true,
      role: 'school_head',
      scopeLabel: 'Lycée Émile Zola',
      user: { firstName: 'Claire', lastName: 'Morvan', email: 'chef.zola@ac-rennes.fr' },
    });
  });

  it('signs in a member of staff invited by e-mail (ProConnect)', async () => {
    const [u] = await database.db
      .insert(users)
      .values({ email: 'prof.invitee@ac-rennes.fr', firstName: 'Paul', lastName: 'Riou' })
      .returning();
    await database.db
      .insert(memberships)
      .values({ userId: u!.id, role: 'school_staff', schoolUai: '0350024L' });
    const r = await signInWith('proconnect', 'prof-invitee');
    expect(await sessionOf(r.session)).toMatchObject({ role: 'school_staff', user: { id: u!.id } });
    const [after] = await database.db.select().from(users).where(eq(users.id, u!.id));
    expect(after?.oidcSubject).toBe('proconnect:prof-invitee');
  });

  it('refuses an unknown person', async () => {
    for (const which of ['educonnect', 'proconnect'] as const) {
      const r = await signInWith(which, 'inconnu');
      expect(r.location).toBe('/connexion?erreur=compte-inconnu');
      expect(r.session).toBeUndefined();
    }
    expect(await database.db.select().from(users)).toHaveLength(0);
  });

  it('refuses a wrong state, a missing flow cookie and a replayed callback', async () => {
    const r = await signInWith('educonnect', 'eleve-lea');
    expect(r.session).toBeDefined();
    // the same callback again: the flow was single use
    const replay = await app.inject({ url: r.back.pathname + r.back.search, headers: { cookie: r.flow } });
    expect(replay.headers.location).toBe('/connexion?erreur=demande-expiree');

    provider.nextLogin = 'eleve-lea';
    const start = await app.inject('/api/auth/oidc/educonnect/start');
    const flow = cookieOf(start, 'ss_oidc')!;
    const back = await followUntil(String(start.headers.location), `${PUBLIC_URL}/`);
    const forged = new URL(back);
    forged.searchParams.set('state', 'etat-falsifie');
    const wrong = await app.inject({ url: forged.pathname + forged.search, headers: { cookie: flow } });
    expect(wrong.headers.location).toBe('/connexion?erreur=demande-expiree');
    expect(cookieOf(wrong, 'ss_session')).toBeUndefined();
    const noCookie = await app.inject({ url: back.pathname + back.search });
    expect(noCookie.headers.location).toBe('/connexion?erreur=demande-expiree');
  });

  it('sends a refusal of consent back to the sign-in page', async () => {
    const r = await signInWith('educonnect', 'deny');
    expect(r.back.searchParams.get('error')).toBe('access_denied');
    expect(r.location).toBe('/connexion?erreur=consentement-refuse');
    expect(r.session).toBeUndefined();
  });

  it('only goes back to a path of the site', async () => {
    for (const next of ['https://evil.example/', '//evil.example/compte', '/\\evil.example']) {
      const r = await signInWith('educonnect', 'eleve-lea', { next });
      expect(r.location).toBe('/compte');
    }
  });

  it('sends to the sign-in page when a provider is not configured', async () => {
    const other = await buildServer({
      config: { bodyLimit: 1_048_576, publicUrl: PUBLIC_URL, demo: false },
      database,
      clock,
      webDist: '/nonexistent',
    });
    await other.ready();
    expect((await other.inject('/api/auth/providers')).json()).toEqual({
      educonnect: false,
      proconnect: false,
    });
    const start = await other.inject('/api/auth/oidc/educonnect/start');
    expect(start.statusCode).toBe(302);
    expect(start.headers.location).toBe('/connexion?erreur=fournisseur-indisponible');
    expect((await other.inject('/api/auth/oidc/inconnu/start')).statusCode).toBe(400);
    await other.close();
  });
});
