/**
 * Class codes (created by the head or staff of the class's lycée) and account activation with a
 * class code: a one-time sign-in link is mailed; failures never say which field was wrong.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classCodes, mails, memberships, users } from '../src/db/schema/index.ts';
import { CLASS_CODE_ALPHABET } from '../src/domain/identity.ts';
import { LIMITS } from '../src/domain/rate-limit.ts';
import { buildServer } from '../src/server.ts';
import { createAccounts, loadSmallAcademy, signIn, type SmallAcademy } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildServer>>;
let academy: SmallAcademy;
let accounts: Awaited<ReturnType<typeof createAccounts>>;
const START = new Date('2026-11-28T10:00:00Z');
let now = START;
let ip = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildServer({
    config: { bodyLimit: 1_048_576, publicUrl: 'http://localhost:3000', demo: false },
    database,
    clock: () => now,
    webDist: '/nonexistent',
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});
beforeEach(async () => {
  now = START;
  await database.truncate();
  academy = await loadSmallAcademy(database.db);
  accounts = await createAccounts(database.db, academy);
});

const leaClass = () => academy.students[0]!.classId;

async function createCode(role: 'school_head' | 'school_staff' = 'school_head', classId = leaClass()) {
  const s = await signIn(database.db, accounts.inside[role], () => now);
  return app.inject({
    method: 'POST',
    url: `/api/classes/${classId}/codes`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
}

/** Each activation comes from its own IP unless told (the limit is per IP). */
function activate(body: Record<string, unknown>, from = `10.1.0.${++ip % 250}`) {
  return app.inject({ method: 'POST', url: '/api/auth/activate', payload: body, remoteAddress: from });
}

/** Yann Tanguy, of 2NDE1, has no account yet (Léa, of the same class, has one: student.in@example.net). */
const yann = (classCode: string) => ({
  classCode,
  lastName: 'TANGUY',
  firstName: 'yann',
  birthDate: '2011-07-14',
  email: 'Yann.Tanguy@example.net',
});

describe('class codes', () => {
  it('lets the head and the staff of the lycée create a code valid 30 days, and list it', async () => {
    const res = await createCode();
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.code).toMatch(new RegExp(`^[${CLASS_CODE_ALPHABET}]{8}$`));
    expect(body.className).toBe('2NDE1');
    expect(new Date(body.expiresAt).getTime() - START.getTime()).toBe(30 * 86_400_000);
    expect((await createCode('school_staff')).statusCode).toBe(201);

    const s = await signIn(database.db, accounts.inside.school_staff, () => now);
    const list = await app.inject({ url: `/api/classes/${leaClass()}/codes`, headers: { cookie: s.cookie } });
    expect(list.json().items).toHaveLength(2);
    const school = (await app.inject({ url: '/api/class-codes', headers: { cookie: s.cookie } })).json();
    expect(school.items.map((c: { name: string }) => c.name)).toEqual(['2NDE1', '2NDE2']);
    expect(school.items[0].codes.map((c: { code: string }) => c.code)).toContain(body.code);
    expect(school.items[0].students).toBe(2);
  });

  it('answers 404 outside the lycée, 403 to a role that may not, 401 anonymous', async () => {
    const quimper = await signIn(database.db, accounts.outside.school_head, () => now);
    const outside = await app.inject({
      method: 'POST',
      url: `/api/classes/${leaClass()}/codes`,
      headers: { cookie: quimper.cookie, 'x-csrf-token': quimper.csrf },
    });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().title).toBe('Classe introuvable');
    const host = await signIn(database.db, accounts.inside.host_member, () => now);
    const refused = await app.inject({
      method: 'POST',
      url: `/api/classes/${leaClass()}/codes`,
      headers: { cookie: host.cookie, 'x-csrf-token': host.csrf },
    });
    expect(refused.statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/classes/${leaClass()}/codes` })).statusCode).toBe(
      401,
    );
    expect((await createCode('school_head', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect(await database.db.select().from(classCodes)).toHaveLength(0);
  });
});

describe('activation with a class code', () => {
  it('creates the student’s account, unverified, and mails a one-time link that verifies it', async () => {
    const code = (await createCode()).json().code as string;
    const res = await activate(yann(code.toLowerCase().replace(/(....)/, '$1-')));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, email: 'yann.tanguy@example.net' });
    const [user] = await database.db.select().from(users).where(eq(users.email, 'yann.tanguy@example.net'));
    expect(user).toMatchObject({
      studentId: academy.students[1]!.id,
      firstName: 'Yann',
      emailVerifiedAt: null,
    });
    const held = await database.db.select().from(memberships).where(eq(memberships.userId, user!.id));
    expect(held).toMatchObject([{ role: 'student', schoolUai: '0350024L' }]);
    const [mail] = await database.db.select().from(mails).where(eq(mails.to, 'yann.tanguy@example.net'));
    expect(mail?.template).toBe('sign_in_link');
    const link = /http:\/\/localhost:3000\/connexion\/lien#([\w-]+)/.exec(mail!.text);
    expect(link).not.toBeNull();

    const used = await app.inject({
      method: 'POST',
      url: '/api/auth/link/consume',
      payload: { token: link![1] },
    });
    expect(used.statusCode).toBe(200);
    const cookie = used.cookies.find((c) => c.name === 'ss_session')!;
    const session = (
      await app.inject({ url: '/api/session', headers: { cookie: `ss_session=${cookie.value}` } })
    ).json();
    expect(session).toMatchObject({ authenticated: true, role: 'student' });
    const [after] = await database.db.select().from(users).where(eq(users.id, user!.id));
    expect(after?.emailVerifiedAt).not.toBeNull();

    // activating again sends a new link to the same account, creates nothing
    expect((await activate(yann(code))).statusCode).toBe(200);
    expect(
      await database.db.select().from(users).where(eq(users.studentId, academy.students[1]!.id)),
    ).toHaveLength(1);
    expect(
      await database.db.select().from(mails).where(eq(mails.to, 'yann.tanguy@example.net')),
    ).toHaveLength(2);
  });

  it('refuses with one generic message whatever is wrong, and changes nothing', async () => {
    const code = (await createCode()).json().code as string;
    const usersBefore = (await database.db.select().from(users)).length;
    const wrong = [
      { ...yann(code), birthDate: '2011-03-03' },
      { ...yann(code), firstName: 'Yannick' },
      { ...yann(code), classCode: 'ABCDEFGH' },
      { ...yann(code), classCode: '0O1I' },
      // Inès is in another class of the lycée
      { ...yann(code), lastName: 'Martin', firstName: 'Inès', birthDate: '2010-12-30' },
    ];
    const details = new Set<string>();
    for (const body of wrong) {
      const res = await activate(body);
      expect(res.statusCode).toBe(422);
      details.add(res.json().detail);
    }
    expect(details.size).toBe(1);
    expect([...details][0]).toMatch(/ne correspondent à aucun élève/);
    expect(await database.db.select().from(users)).toHaveLength(usersBefore);
    expect(await database.db.select().from(mails)).toHaveLength(0);
  });

  it('refuses bad input with a French message', async () => {
    const res = await activate({ ...yann('ABCDEFGH'), email: 'pas-une-adresse', birthDate: '02/03/2011' });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/adresse électronique invalide/);
    expect(res.json().detail).toMatch(/AAAA-MM-JJ/);
  });

  it('refuses an expired code', async () => {
    const code = (await createCode()).json().code as string;
    now = new Date(START.getTime() + 30 * 86_400_000 + 1000);
    expect((await activate(yann(code))).statusCode).toBe(422);
    expect(await database.db.select().from(mails)).toHaveLength(0);
  });

  it('limits the attempts per IP (429 with Retry-After)', async () => {
    const code = (await createCode()).json().code as string;
    for (let i = 0; i < LIMITS.activationsPerIp.max; i++)
      expect((await activate({ ...yann(code), firstName: 'X' }, '10.2.0.1')).statusCode).toBe(422);
    const limited = await activate(yann(code), '10.2.0.1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await database.db.select().from(mails)).toHaveLength(0);
  });

  it('lets a guardian activate with the class code and their own name', async () => {
    const code = (await createCode()).json().code as string;
    const res = await activate({
      ...yann(code),
      email: 'anne.tanguy@example.net',
      guardian: { lastName: 'tanguy', firstName: 'ANNE' },
    });
    expect(res.statusCode).toBe(200);
    const [user] = await database.db.select().from(users).where(eq(users.email, 'anne.tanguy@example.net'));
    expect(user?.studentId).toBeNull();
    const held = await database.db.select().from(memberships).where(eq(memberships.userId, user!.id));
    expect(held.map((m) => m.role)).toEqual(['guardian']);
    expect(
      await database.db.select().from(mails).where(eq(mails.to, 'anne.tanguy@example.net')),
    ).toHaveLength(1);
    // a wrong guardian name: the same generic refusal
    const wrong = await activate({ ...yann(code), guardian: { lastName: 'Tanguy', firstName: 'Bernard' } });
    expect(wrong.statusCode).toBe(422);
  });

  it('answers the same when the address belongs to another account, without giving it access', async () => {
    const code = (await createCode()).json().code as string;
    const res = await activate({ ...yann(code), email: 'school_head.in@example.net' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, email: 'school_head.in@example.net' });
    expect(await database.db.select().from(mails)).toHaveLength(0);
    expect(
      await database.db.select().from(users).where(eq(users.studentId, academy.students[1]!.id)),
    ).toHaveLength(0);
  });

  it('replaces the address of an account never used, never that of an account in use', async () => {
    const code = (await createCode()).json().code as string;
    const leaBody = { classCode: code, lastName: 'Le Goff', firstName: 'Léa', birthDate: '2011-03-02' };
    const [before] = await database.db
      .select()
      .from(users)
      .where(eq(users.studentId, academy.students[0]!.id));
    expect((await activate({ ...leaBody, email: 'lea@example.net' })).statusCode).toBe(200);
    const [after] = await database.db.select().from(users).where(eq(users.id, before!.id));
    expect(after?.email).toBe('lea@example.net');
    expect(await database.db.select().from(mails).where(eq(mails.to, 'lea@example.net'))).toHaveLength(1);
    // once the address is verified, another one gets the same answer and nothing
    await database.db.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, before!.id));
    expect((await activate({ ...leaBody, email: 'intrus@example.net' })).statusCode).toBe(200);
    const [kept] = await database.db.select().from(users).where(eq(users.id, before!.id));
    expect(kept?.email).toBe('lea@example.net');
    expect(await database.db.select().from(mails).where(eq(mails.to, 'intrus@example.net'))).toHaveLength(0);
  });
});
