/**
 * School onboarding through HTTP (issue 3, items 5, 6, 8): student import, student reads and
 * their audit trail, staff invitations, delegates and referents, partner API keys.
 */
import { and, eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../src/accounts/service.ts';
import { recordAudit } from '../src/audit/service.ts';
import {
  apiKeys,
  auditEvents,
  authTokens,
  classReferents,
  classes,
  guardians,
  mails,
  memberships,
  students,
  users,
} from '../src/db/schema/index.ts';
import { createAccounts, loadSmallAcademy, signIn, type SmallAcademy } from './fixtures.ts';
import { buildTestServer, type TestApp } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let database: TestDatabase;
let now = new Date('2026-11-28T10:00:00Z');
const clock = () => now;
let app: TestApp;
let academy: SmallAcademy;
let accounts: Awaited<ReturnType<typeof createAccounts>>;

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
  academy = await loadSmallAcademy(database.db);
  accounts = await createAccounts(database.db, academy);
});

type Who = keyof typeof accounts.inside;
async function as(who: Who, where: 'inside' | 'outside' = 'inside') {
  const s = await signIn(database.db, accounts[where][who], clock);
  return { cookie: s.cookie, 'x-csrf-token': s.csrf };
}

const HEADER =
  'INE;Nom;Prénom;Date de naissance;Classe;Nom responsable 1;Prénom responsable 1;Courriel responsable 1;Téléphone responsable 1;Nom responsable 2;Prénom responsable 2;Courriel responsable 2;Téléphone responsable 2';
const GOOD = [
  '1234567890A;Le Goff;Léa;02/03/2011;2NDE1;Le Goff;Anne;anne.legoff@example.net;06 12 34 56 78;;;;',
  '1234567891B;Kerjean;Noé;2011-05-17;2NDE7;Kerjean;Paul;paul@example.net;0299000000;Kerjean;Rose;;',
];
const BAD_INE = '12345;Tanguy;Yann;14/07/2011;2NDE1;Tanguy;Paul;;;;;;';

function body(lines: string[], encoding: 'utf8' | 'win1252' = 'utf8') {
  const text = `${[HEADER, ...lines].join('\r\n')}\r\n`;
  const bytes = encoding === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1252');
  return { filename: 'export.csv', contentBase64: bytes.toString('base64') };
}

const countStudents = async () => (await database.db.select().from(students)).length;

describe('student import', () => {
  it('previews without writing, imports, and re-imports idempotently', async () => {
    const headers = await as('school_head');
    const before = await countStudents();
    const preview = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/students/import/preview',
      headers,
      payload: body([...GOOD, BAD_INE], 'win1252'),
    });
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.encoding).toBe('windows-1252');
    expect(p.counts).toEqual({ lines: 3, new: 2, updated: 0, unchanged: 0, errors: 1 });
    expect(p.newClasses).toEqual(['2NDE7']);
    expect(p.rows[0]).toMatchObject({ line: 2, status: 'new', firstName: 'Léa', birthDate: '2011-03-02' });
    expect(p.errors).toEqual([
      {
        line: 4,
        column: 'INE',
        message:
          'INE invalide « 12345 » : 11 caractères attendus (10 chiffres et 1 lettre, ou 9 chiffres et 2 lettres).',
      },
    ]);
    expect(await countStudents()).toBe(before);
    expect(await database.db.select().from(classes).where(eq(classes.name, '2NDE7'))).toHaveLength(0);

    const run = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/students/import',
      headers,
      payload: body([...GOOD, BAD_INE], 'win1252'),
    });
    expect(run.statusCode).toBe(200);
    expect(run.json().changed).toBe(true);
    expect(run.json().counts).toMatchObject({ new: 2, errors: 1 });
    expect(await countStudents()).toBe(before + 2);
    const [noe] = await database.db.select().from(students).where(eq(students.ine, '1234567891B'));
    expect(noe).toMatchObject({ firstName: 'Noé', schoolUai: '0350024L', birthDate: '2011-05-17' });
    const gs = await database.db.select().from(guardians).where(eq(guardians.studentId, noe!.id));
    expect(gs.map((g) => [g.rank, g.firstName, g.email, g.phone]).sort()).toEqual([
      [1, 'Paul', 'paul@example.net', '0299000000'],
      [2, 'Rose', null, null],
    ]);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'students.import'));
    expect(audit).toMatchObject({ schoolUai: '0350024L', actorUserId: accounts.inside.school_head.userId });
    expect(audit!.details).toMatchObject({ new: 2, updated: 0, errors: 1 });

    // the same file again (in UTF-8 this time): nothing changes, and the answer says so
    const again = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/students/import',
      headers,
      payload: body([...GOOD, BAD_INE]),
    });
    expect(again.json()).toMatchObject({ changed: false, counts: { new: 0, updated: 0, unchanged: 2 } });
    expect(await countStudents()).toBe(before + 2);

    // same INE, new class and a new e-mail: an update, not a duplicate
    const moved = GOOD[0]!.replace('2NDE1', '2NDE2').replace('anne.legoff@', 'anne.lg@');
    const update = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/students/import',
      headers,
      payload: body([moved]),
    });
    expect(update.json()).toMatchObject({ changed: true, counts: { new: 0, updated: 1, unchanged: 0 } });
    expect(await countStudents()).toBe(before + 2);
    const [lea] = await database.db
      .select({ className: classes.name })
      .from(students)
      .innerJoin(classes, eq(classes.id, students.classId))
      .where(eq(students.ine, '1234567890A'));
    expect(lea!.className).toBe('2NDE2');
  });

  it('refuses a file without a required column, in French, and writes nothing', async () => {
    const before = await countStudents();
    const res = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/students/import',
      headers: await as('school_head'),
      payload: {
        filename: 'x.csv',
        contentBase64: Buffer.from('INE;Nom;Prénom;Classe\n1234567890A;A;B;2NDE1\n').toString('base64'),
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().detail).toBe(
      'Colonnes obligatoires absentes : « Date de naissance », « Nom responsable 1 », « Prénom responsable 1 ». Vérifiez la première ligne du fichier (en-têtes).',
    );
    expect(await countStudents()).toBe(before);
    expect(await database.db.select().from(auditEvents)).toHaveLength(0);
  });

  it('404 for another lycée, 403 for a teacher, 401 anonymous', async () => {
    const payload = body(GOOD);
    const other = await app.inject({
      method: 'POST',
      url: '/api/schools/0290062L/students/import',
      headers: await as('school_head'),
      payload,
    });
    expect(other.statusCode).toBe(404);
    const teacher = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/students/import',
      headers: await as('school_staff'),
      payload,
    });
    expect(teacher.statusCode).toBe(403);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/students/import/preview',
      payload,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await countStudents()).toBe(4);
  });

  it('will not take over a student of another lycée by its INE', async () => {
    await database.db
      .update(students)
      .set({ ine: '1234567890A' })
      .where(eq(students.id, academy.students[3]!.id));
    const res = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/students/import',
      headers: await as('school_head'),
      payload: body(GOOD),
    });
    expect(res.json().counts).toMatchObject({ new: 1, errors: 1 });
    expect(res.json().errors[0]).toMatchObject({ line: 2, column: 'INE' });
    const [malo] = await database.db.select().from(students).where(eq(students.id, academy.students[3]!.id));
    expect(malo).toMatchObject({ firstName: 'Malo', schoolUai: '0290062L' });
  });
});

describe('students of a lycée', () => {
  it('lists them for staff, filters, and writes one audit row per request', async () => {
    const headers = await as('school_staff');
    const res = await app.inject({ url: '/api/schools/0350024L/students?q=goff', headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((s: { firstName: string }) => s.firstName)).toEqual(['Léa']);
    const c2 = res.json().classes.find((c: { name: string }) => c.name === '2NDE2').id;
    const byClass = await app.inject({ url: `/api/schools/0350024L/students?classId=${c2}`, headers });
    expect(byClass.json().items.map((s: { firstName: string }) => s.firstName)).toEqual(['Inès']);
    const rows = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'students.list'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      schoolUai: '0350024L',
      actorUserId: accounts.inside.school_staff.userId,
    });
    const other = await app.inject({ url: '/api/schools/0290062L/students', headers });
    expect(other.statusCode).toBe(404);
  });

  it('reads one student with what the convention needs; another school’s student is 404', async () => {
    const headers = await as('school_staff');
    const [lea, , , malo] = academy.students;
    const res = await app.inject({ url: `/api/students/${lea!.id}`, headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      firstName: 'Léa',
      lastName: 'Le Goff',
      birthDate: '2011-03-02',
      class: { name: '2NDE1' },
      guardians: [{ rank: 1, firstName: 'Anne' }],
    });
    const [row] = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'student.read'));
    expect(row).toMatchObject({ studentId: lea!.id, schoolUai: '0350024L', ip: '127.0.0.1' });
    const outside = await app.inject({ url: `/api/students/${malo!.id}`, headers });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().title).toBe('Élève introuvable');

    // the student themself: no audit row for reading one's own data
    const own = await app.inject({ url: `/api/students/${lea!.id}`, headers: await as('student') });
    expect(own.statusCode).toBe(200);
    expect(
      await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'student.read')),
    ).toHaveLength(1);
  });

  it('shows the head the audit trail of the lycée, with names', async () => {
    await app.inject({ url: `/api/students/${academy.students[0]!.id}`, headers: await as('school_staff') });
    await app.inject({
      url: `/api/students/${academy.students[3]!.id}`,
      headers: await as('school_staff', 'outside'),
    });
    const res = await app.inject({ url: '/api/schools/0350024L/audit', headers: await as('school_head') });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(1);
    expect(res.json().items[0]).toMatchObject({
      action: 'student.read',
      label: 'Consultation des données d’un élève',
      actorName: 'school_staff in',
      actorRoleLabel: 'Personnel de l’établissement',
      studentName: 'Léa Le Goff',
    });
    const staff = await app.inject({ url: '/api/schools/0350024L/audit', headers: await as('school_staff') });
    expect(staff.statusCode).toBe(403);
    const other = await app.inject({ url: '/api/schools/0290062L/audit', headers: await as('school_head') });
    expect(other.statusCode).toBe(404);
  });
});

describe('audit trail of the lycée', () => {
  it('includes the sign-in events of its own staff, not those of another lycée', async () => {
    const deps = { db: database.db, clock };
    await recordAudit(deps, {
      action: 'auth.sign_in',
      actor: { userId: accounts.inside.school_staff.userId, role: 'school_staff' },
    });
    await recordAudit(deps, {
      action: 'auth.sign_in',
      actor: { userId: accounts.outside.school_staff.userId, role: 'school_staff' },
    });
    await recordAudit(deps, {
      action: 'auth.sign_in',
      actor: { userId: accounts.inside.host_member.userId, role: 'host_member' },
    });
    const res = await app.inject({ url: '/api/schools/0350024L/audit', headers: await as('school_head') });
    expect(res.json().items.map((e: { actorName: string }) => e.actorName)).toEqual(['school_staff in']);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    for (const path of [
      '/api/schools/{uai}/students/import/preview',
      '/api/schools/{uai}/students',
      '/api/schools/{uai}/audit',
      '/api/auth/invitation/accept',
      '/api/hosts/{hostId}/api-keys',
      '/api/partner/me',
    ])
      expect(doc.paths[path], path).toBeDefined();
  });
});

describe('staff invitations', () => {
  async function invite(email = 'gwen.lebihan@example.net') {
    const res = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/staff/invitations',
      headers: await as('school_head'),
      payload: {
        email,
        firstName: 'Gwen',
        lastName: 'Le Bihan',
        function: 'professeur',
        signatureDelegate: true,
      },
    });
    expect(res.statusCode).toBe(201);
    const [mail] = await database.db.select().from(mails).where(eq(mails.to, email));
    const token = /\/invitation#([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
    return { token, mail: mail! };
  }

  it('invites by e-mail; accepting once creates the account and a session, twice is refused', async () => {
    const { token, mail } = await invite();
    expect(mail.template).toBe('invitation');
    expect(mail.text).toContain('http://localhost:3000/invitation#');
    expect(mail.subject).toContain('Lycée Émile Zola');
    const [stored] = await database.db.select().from(authTokens).where(eq(authTokens.kind, 'invitation'));
    expect(stored!.tokenHash).toBe(sha256(token));
    expect(stored!.expiresAt.getTime() - now.getTime()).toBe(7 * 24 * 3600_000);

    // pending in the staff list
    const list = await app.inject({ url: '/api/schools/0350024L/staff', headers: await as('school_head') });
    expect(list.json().invitations).toMatchObject([
      { email: 'gwen.lebihan@example.net', function: 'professeur' },
    ]);

    const accept = await app.inject({
      method: 'POST',
      url: '/api/auth/invitation/accept',
      payload: { token },
    });
    expect(accept.statusCode).toBe(200);
    const cookie = String([accept.headers['set-cookie']].flat()[0]).split(';')[0]!;
    const session = await app.inject({ url: '/api/session', headers: { cookie } });
    expect(session.json()).toMatchObject({
      authenticated: true,
      role: 'school_staff',
      roleLabel: 'Personnel de l’établissement',
      scopeLabel: 'Lycée Émile Zola',
      user: { email: 'gwen.lebihan@example.net', firstName: 'Gwen' },
    });
    const [user] = await database.db.select().from(users).where(eq(users.email, 'gwen.lebihan@example.net'));
    expect(user!.emailVerifiedAt).not.toBeNull();
    const [m] = await database.db.select().from(memberships).where(eq(memberships.userId, user!.id));
    expect(m).toMatchObject({
      role: 'school_staff',
      schoolUai: '0350024L',
      staffFunction: 'professeur',
      signatureDelegate: true,
    });

    const twice = await app.inject({
      method: 'POST',
      url: '/api/auth/invitation/accept',
      payload: { token },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().detail).toMatch(/déjà été acceptée/);
    expect(await database.db.select().from(memberships).where(eq(memberships.userId, user!.id))).toHaveLength(
      1,
    );

    const audit = await app.inject({ url: '/api/schools/0350024L/audit', headers: await as('school_head') });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['staff.invited', 'auth.account_activated', 'auth.sign_in']),
    );
  });

  it('refuses an expired or unknown invitation', async () => {
    const { token } = await invite();
    now = new Date(now.getTime() + 7 * 24 * 3600_000 + 1000);
    const expired = await app.inject({
      method: 'POST',
      url: '/api/auth/invitation/accept',
      payload: { token },
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().detail).toMatch(/a expiré/);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/invitation/accept',
      payload: { token: 'x'.repeat(43) },
    });
    expect(unknown.statusCode).toBe(400);
    expect(
      await database.db.select().from(users).where(eq(users.email, 'gwen.lebihan@example.net')),
    ).toHaveLength(0);
  });

  it('a teacher cannot invite; another lycée is 404; bad input is a French 400', async () => {
    const payload = { email: 'x@example.net', firstName: 'X', lastName: 'Y', function: 'professeur' };
    const teacher = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/staff/invitations',
      headers: await as('school_staff'),
      payload,
    });
    expect(teacher.statusCode).toBe(403);
    const other = await app.inject({
      method: 'POST',
      url: '/api/schools/0290062L/staff/invitations',
      headers: await as('school_head'),
      payload,
    });
    expect(other.statusCode).toBe(404);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/schools/0350024L/staff/invitations',
      headers: await as('school_head'),
      payload: { ...payload, email: 'pas une adresse', function: 'proviseur' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/adresse électronique invalide/);
    expect(await database.db.select().from(mails)).toHaveLength(0);
  });

  it('names signature delegates and referent teachers per class', async () => {
    const headers = await as('school_head');
    const staffM = accounts.inside.school_staff.membershipId;
    const list = await app.inject({ url: '/api/schools/0350024L/staff', headers });
    const classIds = (list.json().classes as { id: string; name: string }[]).map((c) => c.id);
    expect(classIds).toHaveLength(2);
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/schools/0350024L/staff/${staffM}`,
      headers,
      payload: { signatureDelegate: true, referentClassIds: classIds },
    });
    expect(res.statusCode).toBe(200);
    const after = await app.inject({ url: '/api/schools/0350024L/staff', headers });
    const me = after.json().staff.find((s: { membershipId: string }) => s.membershipId === staffM);
    expect(me).toMatchObject({ signatureDelegate: true });
    expect(me.referentClassIds.sort()).toEqual([...classIds].sort());
    expect(
      await database.db
        .select()
        .from(classReferents)
        .where(eq(classReferents.userId, accounts.inside.school_staff.userId)),
    ).toHaveLength(2);

    // a class of another lycée is refused, and nothing changes
    const [foreign] = await database.db.select().from(classes).where(eq(classes.schoolUai, '0290062L'));
    const bad = await app.inject({
      method: 'PATCH',
      url: `/api/schools/0350024L/staff/${staffM}`,
      headers,
      payload: { signatureDelegate: false, referentClassIds: [foreign!.id] },
    });
    expect(bad.statusCode).toBe(400);
    const [m] = await database.db.select().from(memberships).where(eq(memberships.id, staffM));
    expect(m!.signatureDelegate).toBe(true);
    // staff of another lycée: 404
    const other = await app.inject({
      method: 'PATCH',
      url: `/api/schools/0350024L/staff/${accounts.outside.school_staff.membershipId}`,
      headers,
      payload: { signatureDelegate: true },
    });
    expect(other.statusCode).toBe(404);
    const rows = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'staff.updated'));
    expect(rows).toHaveLength(1);
  });
});

describe('partner API keys', () => {
  it('shows the key once, stores its hash, and a Bearer request works until revoked', async () => {
    const headers = await as('host_member');
    const hostId = academy.hosts[0]!.id;
    const created = await app.inject({
      method: 'POST',
      url: `/api/hosts/${hostId}/api-keys`,
      headers,
      payload: { name: 'SIRH' },
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^ss_live_[A-Za-z0-9_-]{32}$/);
    expect(apiKey.prefix).toBe(key.slice(0, 16));
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row!.keyHash).toBe(sha256(key));
    expect(JSON.stringify(row)).not.toContain(key);

    const list = await app.inject({ url: `/api/hosts/${hostId}/api-keys`, headers });
    expect(list.body).not.toContain(key);
    expect(list.json().items).toHaveLength(1);

    const me = await app.inject({ url: '/api/partner/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ host: { id: hostId, name: 'CHU de Rennes' }, apiKeyName: 'SIRH' });
    const [used] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(used!.lastUsedAt).toEqual(now);

    // a key opens nothing but the partner API
    const account = await app.inject({
      url: '/api/account/sessions',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(account.statusCode).toBe(403);
    const hosts = await app.inject({
      url: `/api/hosts/${hostId}/api-keys`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(hosts.statusCode).toBe(403);

    const revoke = await app.inject({
      method: 'DELETE',
      url: `/api/hosts/${hostId}/api-keys/${apiKey.id}`,
      headers,
    });
    expect(revoke.statusCode).toBe(200);
    const after = await app.inject({ url: '/api/partner/me', headers: { authorization: `Bearer ${key}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().title).toBe('Clé d’API refusée');
    const unknown = await app.inject({
      url: '/api/partner/me',
      headers: { authorization: `Bearer ss_live_${'A'.repeat(32)}` },
    });
    expect(unknown.statusCode).toBe(401);
  });

  it('another host’s member cannot manage or read this host’s keys', async () => {
    const hostId = academy.hosts[0]!.id;
    const headers = await as('host_member', 'outside');
    const create = await app.inject({
      method: 'POST',
      url: `/api/hosts/${hostId}/api-keys`,
      headers,
      payload: { name: 'Intrus' },
    });
    expect(create.statusCode).toBe(404);
    const list = await app.inject({ url: `/api/hosts/${hostId}/api-keys`, headers });
    expect(list.statusCode).toBe(404);
    expect(await database.db.select().from(apiKeys)).toHaveLength(0);

    // host 2's key sees host 2 only
    const own = await app.inject({
      method: 'POST',
      url: `/api/hosts/${academy.hosts[1]!.id}/api-keys`,
      headers,
      payload: { name: 'Le mien' },
    });
    const key = own.json().key as string;
    const me = await app.inject({ url: '/api/partner/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.json().host.id).toBe(academy.hosts[1]!.id);
    const cross = await app.inject({
      url: `/api/hosts/${hostId}/api-keys`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(cross.statusCode).toBe(403);
    const [k] = await database.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.hostId, hostId)));
    expect(k).toBeUndefined();
  });
});
