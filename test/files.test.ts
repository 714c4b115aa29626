/**
 * Uploaded files through HTTP on a real database (issue 5 §1): a student's CV and a lycée's
 * exemption document, PDF checked from its bytes, 2 MB limit, nothing stored on refusal, CSRF,
 * the hourly limit; downloads only in the reader's perimeter (404 otherwise); the CV attached to
 * an application (own file only). PGlite by default, PostgreSQL with TEST_DATABASE_URL.
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  applications,
  auditEvents,
  classReferents,
  classes,
  mails,
  offerWeeks,
  offers,
  placementDecisions,
  storedFiles,
} from '../src/db/schema/index.ts';
import { MAX_FILE_BYTES } from '../src/domain/files.ts';
import { signIn } from './fixtures.ts';
import { useAcademyApp } from './helpers/academy-app.ts';
import { multipart, pdfBytes, type FormPart } from './helpers/multipart.ts';

/** during the 2026-2027 campaign's applications (open from 15 January 2027) */
const t = useAcademyApp({ start: new Date('2027-02-01T09:00:00Z') });

type Who = keyof typeof t.accounts.inside;

async function session(who: Who, where: 'inside' | 'outside' = 'inside') {
  const s = await signIn(t.database.db, t.accounts[where][who], () => t.now);
  return { cookie: s.cookie, 'x-csrf-token': s.csrf };
}

async function upload(
  who: Who,
  parts: FormPart[],
  where: 'inside' | 'outside' = 'inside',
  extraHeaders: Record<string, string> = {},
) {
  const body = multipart(parts);
  return t.app.inject({
    method: 'POST',
    url: '/api/files',
    headers: { ...(await session(who, where)), ...body.headers, ...extraHeaders },
    payload: body.payload,
  });
}

const cvParts = (content: Buffer = pdfBytes(), filename = 'CV Léa.pdf'): FormPart[] => [
  { name: 'purpose', value: 'cv' },
  { name: 'file', file: { filename, content } },
];

async function get(who: Who | null, url: string, where: 'inside' | 'outside' = 'inside') {
  return t.app.inject({ method: 'GET', url, headers: who ? await session(who, where) : {} });
}

async function storedCount() {
  return (await t.database.db.select({ id: storedFiles.id }).from(storedFiles)).length;
}

async function offerOfHost(index: 0 | 1) {
  const list = await t.database.db.select().from(offers).where(eq(offers.hostId, t.academy.hosts[index]!.id));
  return list.find((o) => o.status === 'published')!.id;
}

describe('upload', () => {
  it('stores a student’s CV: 201 with its id, cleaned name, size and type; content and hash kept', async () => {
    const content = pdfBytes(1234);
    const res = await upload('student', cvParts(content, '../../Mes documents/CV\u202E Léa.pdf'));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      fileName: 'CV Léa.pdf',
      size: 1234,
      mediaType: 'application/pdf',
    });
    const [row] = await t.database.db.select().from(storedFiles).where(eq(storedFiles.id, body.id));
    expect(row).toMatchObject({
      purpose: 'cv',
      size: 1234,
      uploadedBy: t.accounts.inside.student.userId,
      sha256: createHash('sha256').update(content).digest('hex'),
      uploadedAt: t.now,
    });
    expect(Buffer.from(row!.content).equals(content)).toBe(true);
  });

  it('accepts the purpose after the file, and a file of exactly 2 MB', async () => {
    const res = await upload('student', [
      { name: 'file', file: { filename: 'cv.pdf', content: pdfBytes(MAX_FILE_BYTES) } },
      { name: 'purpose', value: 'cv' },
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.json().size).toBe(MAX_FILE_BYTES);
    // the same bytes come back (stored and read as base64, see files/store.ts)
    const back = await get('student', `/api/files/${res.json().id}`);
    expect(back.rawPayload.equals(pdfBytes(MAX_FILE_BYTES))).toBe(true);
  });

  it('refuses a file named .pdf that is not a PDF, and stores nothing', async () => {
    const res = await upload(
      'student',
      cvParts(Buffer.from('<html><body>%PDF-1.4 faux</body></html>'), 'cv.pdf'),
    );
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      detail: 'Le fichier n’est pas un PDF (son contenu a été vérifié).',
      errors: [{ field: 'file' }],
    });
    expect(await storedCount()).toBe(0);
  });

  it('refuses 2 MB + 1 byte, and stores nothing', async () => {
    const res = await upload('student', cvParts(pdfBytes(MAX_FILE_BYTES + 1)));
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toBe('Le fichier dépasse 2 Mo.');
    // far past the limit too (the rest of the stream is drained)
    const big = await upload('student', cvParts(pdfBytes(5 * 1024 * 1024)));
    expect(big.statusCode).toBe(413);
    expect(await storedCount()).toBe(0);
  });

  it('refuses a missing file, an empty one, a bad purpose, two files, a JSON body', async () => {
    const missing = await upload('student', [{ name: 'purpose', value: 'cv' }]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().detail).toMatch(/Joignez un fichier PDF/);
    const empty = await upload('student', cvParts(Buffer.alloc(0)));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toBe('Le fichier est vide.');
    const purpose = await upload('student', [
      { name: 'purpose', value: 'photo' },
      { name: 'file', file: { filename: 'cv.pdf', content: pdfBytes() } },
    ]);
    expect(purpose.statusCode).toBe(400);
    expect(purpose.json().errors).toEqual([
      { field: 'purpose', message: expect.stringMatching(/cv ou exemption/) },
    ]);
    const two = await upload('student', [
      ...cvParts(),
      { name: 'file', file: { filename: 'autre.pdf', content: pdfBytes() } },
    ]);
    expect(two.statusCode).toBe(413);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: await session('student'),
      payload: { purpose: 'cv' },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().detail).toMatch(/multipart\/form-data/);
    expect(await storedCount()).toBe(0);
  });

  it('lets a student send a CV only, the lycée an exemption document only, other roles nothing', async () => {
    const exemption = (content = pdfBytes()): FormPart[] => [
      { name: 'purpose', value: 'exemption' },
      { name: 'file', file: { filename: 'convocation SNU.pdf', content } },
    ];
    expect((await upload('student', exemption())).statusCode).toBe(403);
    expect((await upload('school_head', cvParts())).statusCode).toBe(403);
    expect((await upload('school_head', exemption())).statusCode).toBe(201);
    expect((await upload('school_staff', exemption())).statusCode).toBe(201);
    expect((await upload('host_member', cvParts())).statusCode).toBe(403);
    expect((await upload('guardian', cvParts())).statusCode).toBe(403);
    const anonymous = multipart(cvParts());
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/files',
          headers: anonymous.headers,
          payload: anonymous.payload,
        })
      ).statusCode,
    ).toBe(401);
    expect(await storedCount()).toBe(2);
  });

  it('accepts multipart on /api/files only: a JSON route answers 415 to a form', async () => {
    const body = multipart([
      { name: 'weeks', value: '1' },
      { name: 'motivation', value: 'J’aime soigner.' },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/offers/${await offerOfHost(0)}/applications`,
      headers: { ...(await session('student')), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().detail).toMatch(/JSON/);
    expect(await t.database.db.select().from(applications)).toEqual([]);
  });

  it('needs the CSRF token of the session', async () => {
    const res = await upload('student', cvParts(), 'inside', { 'x-csrf-token': 'faux' });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toMatch(/csrf$/);
    expect(await storedCount()).toBe(0);
  });

  it('limits uploads to 30 an hour per account (refused attempts count)', async () => {
    for (let i = 0; i < 29; i++)
      expect((await upload('student', cvParts(pdfBytes(50)))).statusCode).toBe(201);
    expect((await upload('student', cvParts(Buffer.from('pas un pdf')))).statusCode).toBe(415);
    const over = await upload('student', cvParts());
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
    expect(over.json().detail).toBe('Trop de fichiers envoyés : réessayez dans une heure.');
    expect(await storedCount()).toBe(29);
    // the next hour
    t.now = new Date(t.now.getTime() + 3_600_000);
    expect((await upload('student', cvParts())).statusCode).toBe(201);
  });
});

describe('download', () => {
  it('gives the uploader the PDF as an attachment with its UTF-8 name', async () => {
    const content = pdfBytes(900);
    const { id } = (await upload('student', cvParts(content, 'CV Léa (2027).pdf'))).json();
    const res = await get('student', `/api/files/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="CV Lea (2027).pdf"; filename*=UTF-8''CV%20L%C3%A9a%20%282027%29.pdf`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.rawPayload.equals(content)).toBe(true);
  });

  it('answers 404 to another student, a host it was not sent to, the lycée, anonymous: 401', async () => {
    const { id } = (await upload('student', cvParts())).json();
    expect((await get('student', `/api/files/${id}`, 'outside')).statusCode).toBe(404);
    expect((await get('host_member', `/api/files/${id}`)).statusCode).toBe(404);
    expect((await get('school_head', `/api/files/${id}`)).statusCode).toBe(404);
    expect((await get(null, `/api/files/${id}`)).statusCode).toBe(401);
    expect((await get('student', `/api/files/${randomUUID()}`)).statusCode).toBe(404);
    expect((await get('student', '/api/files/pas-un-uuid')).statusCode).toBe(400);
  });

  it('opens a CV to the members of the host of an application carrying it, not to another host', async () => {
    const cv = (await upload('student', cvParts())).json();
    const o1 = await offerOfHost(0);
    const applied = await t.app.inject({
      method: 'POST',
      url: `/api/offers/${o1}/applications`,
      headers: await session('student'),
      payload: { weeks: [1], motivation: 'J’aime soigner.', cvFileId: cv.id },
    });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().cv).toEqual({ id: cv.id, fileName: 'CV Léa.pdf', size: cv.size });
    expect((await get('host_member', `/api/files/${cv.id}`)).statusCode).toBe(200);
    expect((await get('host_member', `/api/files/${cv.id}`, 'outside')).statusCode).toBe(404);
    // the host sees it in its inbox and in the application
    const hostId = t.academy.hosts[0]!.id;
    const inbox = (await get('host_member', `/api/hosts/${hostId}/applications`)).json();
    expect(inbox.items[0].cv).toEqual({ id: cv.id, fileName: 'CV Léa.pdf', size: cv.size });
    const one = (await get('host_member', `/api/applications/${applied.json().id}`)).json();
    expect(one.cv.id).toBe(cv.id);
    // and so does the student in their list
    const mine = (await get('student', '/api/applications/mine')).json();
    expect(mine.items[0].cv.id).toBe(cv.id);
  });

  it('opens an exemption document to the lycée of the student whose decision rests on it', async () => {
    const doc = (
      await upload('school_head', [
        { name: 'purpose', value: 'exemption' },
        { name: 'file', file: { filename: 'certificat.pdf', content: pdfBytes() } },
      ])
    ).json();
    // before any decision: the uploader only
    expect((await get('school_head', `/api/files/${doc.id}`)).statusCode).toBe(200);
    expect((await get('school_staff', `/api/files/${doc.id}`)).statusCode).toBe(404);
    const s1 = t.academy.students[0]!;
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/students/${s1.id}/placement-decisions`,
      headers: await session('school_head'),
      payload: { kind: 'exemption', reason: 'medical', documentFileId: doc.id },
    });
    expect(decided.statusCode).toBe(201);
    const before = (await t.database.db.select().from(auditEvents)).length;
    expect((await get('school_staff', `/api/files/${doc.id}`)).statusCode).toBe(200);
    // the staff member's reading is in the audit trail
    const audit = await t.database.db.select().from(auditEvents);
    expect(audit.length).toBe(before + 1);
    expect(audit.at(-1)).toMatchObject({ action: 'student.read', studentId: s1.id });
    // another lycée, a host, the student: 404
    expect((await get('school_head', `/api/files/${doc.id}`, 'outside')).statusCode).toBe(404);
    expect((await get('school_staff', `/api/files/${doc.id}`, 'outside')).statusCode).toBe(404);
    expect((await get('host_member', `/api/files/${doc.id}`)).statusCode).toBe(404);
    expect((await get('student', `/api/files/${doc.id}`)).statusCode).toBe(404);
    // a teacher referent of another class only: 404
    const [other] = await t.database.db
      .insert(classes)
      .values({ schoolUai: s1.schoolUai, schoolYear: '2026-2027', name: '2NDE9', declaredSize: 30 })
      .returning();
    await t.database.db
      .insert(classReferents)
      .values({ classId: other!.id, userId: t.accounts.inside.school_staff.userId });
    expect((await get('school_staff', `/api/files/${doc.id}`)).statusCode).toBe(404);
    await t.database.db
      .insert(classReferents)
      .values({ classId: s1.classId, userId: t.accounts.inside.school_staff.userId });
    expect((await get('school_staff', `/api/files/${doc.id}`)).statusCode).toBe(200);
  });
});

describe('CV with an application', () => {
  async function snapshot() {
    const [a, w, m] = await Promise.all([
      t.database.db.select().from(applications),
      t.database.db.select().from(offerWeeks).orderBy(offerWeeks.offerId, offerWeeks.week),
      t.database.db.select({ id: mails.id }).from(mails),
    ]);
    return { a, w, m: m.length };
  }
  const apply = async (cvFileId: string, where: 'inside' | 'outside' = 'inside') =>
    t.app.inject({
      method: 'POST',
      url: `/api/offers/${await offerOfHost(0)}/applications`,
      headers: await session('student', where),
      payload: { weeks: [1], motivation: 'J’aime soigner.', cvFileId },
    });

  it('stores the student’s own CV with the application', async () => {
    const cv = (await upload('student', cvParts())).json();
    const res = await apply(cv.id);
    expect(res.statusCode).toBe(201);
    const [row] = await t.database.db.select().from(applications);
    expect(row!.cvFileId).toBe(cv.id);
  });

  it('refuses another student’s CV, an exemption document, an unknown id (422), and changes nothing', async () => {
    const theirs = (await upload('student', cvParts(), 'outside')).json();
    const doc = (
      await upload('school_head', [
        { name: 'purpose', value: 'exemption' },
        { name: 'file', file: { filename: 'snu.pdf', content: pdfBytes() } },
      ])
    ).json();
    const before = await snapshot();
    for (const id of [theirs.id, doc.id, randomUUID()]) {
      const res = await apply(id);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        detail: 'Ce CV est introuvable : déposez-le de nouveau.',
        errors: [{ field: 'cvFileId' }],
      });
    }
    const bad = await apply('pas-un-uuid');
    expect(bad.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('leaves cv null without one', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/offers/${await offerOfHost(0)}/applications`,
      headers: await session('student'),
      payload: { weeks: [1], motivation: 'J’aime soigner.' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().cv).toBeNull();
    expect(await t.database.db.select().from(placementDecisions)).toEqual([]);
  });
});
