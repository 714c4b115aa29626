/**
 * After the signature (issue 6 §9, §10), through HTTP on a real database: the avenant (a new
 * convention, the original intact, one at a time, validated like any convention), cancellation of
 * a signed convention (its sealed PDF stays), the host's attestation of presence after the last
 * day (sealed, the convention done), the ZIP of a class's sealed conventions; scope refusals.
 * PGlite by default, PostgreSQL with TEST_DATABASE_URL.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { conventionEvents, conventions, mails, storedFiles, students } from '../src/db/schema/index.ts';
import { HOURS, makeConvention, validHostPart } from './convention-fixtures.ts';
import { lastCode } from './convention-signing-fixtures.ts';
import { signDirectly, signedConvention } from './convention-after-fixtures.ts';
import { callAs, useAcademyApp } from './helpers/academy-app.ts';

const OPEN = new Date('2027-02-01T09:00:00Z');
const t = useAcademyApp({ start: OPEN });
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

const hasTool = (name: string): boolean => spawnSync(name, ['-v']).error === undefined;
const poppler = hasTool('pdftotext') && hasTool('pdfsig');
if (!poppler && process.env.CI) throw new Error('pdftotext and pdfsig (poppler-utils) are required in CI');
const hasUnzip = spawnSync('unzip', ['-v']).error === undefined;
const dir = mkdtempSync(join(tmpdir(), 'convention-after-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function tool(name: string, args: string[], bytes: Uint8Array, suffix = '.pdf') {
  const file = join(dir, `f${++counter}${suffix}`);
  writeFileSync(file, bytes);
  const r = spawnSync(name, [...args, file, ...(name === 'pdftotext' ? ['-'] : [])], {
    encoding: 'utf8',
  });
  return r.stdout.replace(/\u00a0/g, ' ');
}

type Who = keyof typeof t.accounts.inside;
async function call(
  who: Who | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  where: 'inside' | 'outside' = 'inside',
) {
  return callAs(t, who ? t.accounts[where][who] : null, method, url, payload);
}

async function row(id: string) {
  const [c] = await t.database.db.select().from(conventions).where(eq(conventions.id, id));
  return c!;
}
async function fileOf(id: string) {
  const [f] = await t.database.db.select().from(storedFiles).where(eq(storedFiles.id, id));
  return f!;
}
async function kinds(id: string) {
  const list = await t.database.db
    .select()
    .from(conventionEvents)
    .where(eq(conventionEvents.conventionId, id))
    .orderBy(conventionEvents.seq);
  return list;
}
async function mailsOf(template: string) {
  return t.database.db.select().from(mails).where(eq(mails.template, template));
}

describe('avenant', () => {
  it('creates a new convention amending the signed one, which stays intact; one at a time', async () => {
    const original = await signedConvention(t.database.db, t.academy, t.now);
    const sealedBefore = await fileOf(original.sealedFileId!);

    const res = await call('school_head', 'POST', `/api/conventions/${original.id}/amend`, {
      reason: 'Le service d’accueil change',
      changes: ['hours', 'tutor'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const avenant = res.json();
    expect(avenant.id).not.toBe(original.id);
    expect(avenant.reference).not.toBe(original.reference);
    expect(avenant.amendsId).toBe(original.id);
    expect(avenant.status).toBe('completion');
    expect(avenant.step).toBe('host_to_complete');
    expect(avenant.parties.amendment).toEqual({
      number: 1,
      amends: original.reference,
      reason: 'Le service d’accueil change',
      changes: ['hours', 'tutor'],
    });
    expect(avenant.hostPart).toEqual(original.hostPart);
    expect(avenant.schoolPart).toEqual(original.schoolPart);

    // the original: still signed, the same sealed file, its avenant listed, both trails say so
    const after = await row(original.id);
    expect(after.status).toBe('signed');
    expect(after.sealedSha256).toBe(original.sealedSha256);
    expect(after.sealedFileId).toBe(original.sealedFileId);
    expect(sha256((await fileOf(after.sealedFileId!)).content)).toBe(sha256(sealedBefore.content));
    const detail = (await call('school_head', 'GET', `/api/conventions/${original.id}`)).json();
    expect(detail.amendments).toEqual([
      { id: avenant.id, reference: avenant.reference, status: 'completion' },
    ]);
    const pdf = await call('student', 'GET', `/api/conventions/${original.id}/document.pdf`);
    expect(sha256(pdf.rawPayload)).toBe(original.sealedSha256);
    expect((await kinds(original.id)).at(-1)).toMatchObject({
      kind: 'amendment_created',
      details: { amendmentId: avenant.id, number: 1 },
    });
    expect((await kinds(avenant.id)).map((e) => e.kind)).toEqual(['amendment_created']);
    const sent = await mailsOf('convention_amendment');
    expect(sent.map((m) => m.to).sort()).toEqual(
      [original.hostPart.representative.email, original.schoolPart.representative.email].sort(),
    );

    // a second one while the first is in progress: refused, whoever asks
    const again = await call('host_member', 'POST', `/api/conventions/${original.id}/amend`, {
      reason: 'Autre chose',
      changes: ['place'],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain(`déjà en cours (${avenant.reference})`);

    // the avenant goes through the ordinary completion and validation
    const hostPart = {
      ...validHostPart(avenant.hostPart),
      tutor: { name: 'Nolwenn Riou', role: 'Infirmière', email: 'nolwenn.riou@chu.example', phone: '' },
    };
    const put = await call('host_member', 'PUT', `/api/conventions/${avenant.id}/host-part`, {
      version: avenant.version,
      hostPart,
      complete: true,
    });
    expect(put.statusCode, put.body).toBe(200);
    const validated = await call('school_head', 'POST', `/api/conventions/${avenant.id}/validate`, {
      version: put.json().version,
    });
    expect(validated.statusCode, validated.body).toBe(200);
    expect(validated.json().status).toBe('validated');
    const doc = await call('school_head', 'GET', `/api/conventions/${avenant.id}/document.pdf`);
    expect(doc.statusCode).toBe(200);
    if (poppler) {
      const text = tool('pdftotext', [], doc.rawPayload);
      expect(text).toContain(`Avenant n° 1 à la convention ${original.reference}`);
      expect(text).toContain('Le service d’accueil change');
      expect(text).toContain('les horaires, le tuteur');
      expect(text).toContain('Nolwenn Riou');
    }
    expect(
      (
        await call('school_head', 'POST', `/api/conventions/${original.id}/amend`, {
          reason: 'Encore',
          changes: ['dates'],
        })
      ).statusCode,
    ).toBe(409);

    // once the avenant is cancelled, another may be asked: n° 2
    expect(
      (await call('school_head', 'POST', `/api/conventions/${avenant.id}/cancel`, { reason: 'Erreur' }))
        .statusCode,
    ).toBe(200);
    const second = await call('host_member', 'POST', `/api/conventions/${original.id}/amend`, {
      reason: 'Nouveau lieu',
      changes: ['place'],
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().parties.amendment.number).toBe(2);
  });

  it('refuses an avenant on an unsigned convention, without a reason, outside the scope or by another role', async () => {
    const signed = await signedConvention(t.database.db, t.academy, t.now);
    const draft = await makeConvention(t.database.db, t.academy, t.now, { complete: true });
    const body = { reason: 'Motif', changes: ['dates'] };
    const unsigned = await call('school_head', 'POST', `/api/conventions/${draft.id}/amend`, body);
    expect(unsigned.statusCode).toBe(409);
    expect(unsigned.json().detail).toMatch(/Impossible .* cette convention/);
    const blank = await call('school_head', 'POST', `/api/conventions/${signed.id}/amend`, {
      reason: '  ',
      changes: ['dates'],
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().detail).toBe('Indiquez le motif de l’avenant.');
    const none = await call('school_head', 'POST', `/api/conventions/${signed.id}/amend`, {
      reason: 'Motif',
      changes: [],
    });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Cochez au moins une modification');
    expect(
      (await call('school_head', 'POST', `/api/conventions/${signed.id}/amend`, body, 'outside')).statusCode,
    ).toBe(404);
    expect(
      (await call('host_member', 'POST', `/api/conventions/${signed.id}/amend`, body, 'outside')).statusCode,
    ).toBe(404);
    // a teacher (not a delegate): reads it, may not amend it
    expect((await call('school_staff', 'POST', `/api/conventions/${signed.id}/amend`, body)).statusCode).toBe(
      403,
    );
    expect((await call('student', 'POST', `/api/conventions/${signed.id}/amend`, body)).statusCode).toBe(403);
    expect((await row(signed.id)).status).toBe('signed');
  });
});

describe('avenant signed', () => {
  it('is signed by the same parties through their links; its sealed PDF opens with the avenant, the original lists it as signed', async () => {
    const original = await signedConvention(t.database.db, t.academy, t.now);
    const opened = await call('host_member', 'POST', `/api/conventions/${original.id}/amend`, {
      reason: 'Horaires d’hiver',
      changes: ['hours'],
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const avenant = opened.json();
    const put = await call('host_member', 'PUT', `/api/conventions/${avenant.id}/host-part`, {
      version: avenant.version,
      hostPart: { ...avenant.hostPart, hours: HOURS.map((h) => ({ ...h, from: '09:30' })) },
      complete: true,
    });
    expect(put.statusCode, put.body).toBe(200);
    const validated = await call('school_head', 'POST', `/api/conventions/${avenant.id}/validate`, {
      version: put.json().version,
    });
    expect(validated.statusCode, validated.body).toBe(200);
    const links = (await mailsOf('convention_ready_to_sign')).filter((m) =>
      m.text.includes(avenant.reference),
    );
    expect(links.length).toBe(validated.json().signatories.length);
    for (const m of links) {
      const token = /\/signature\/([A-Za-z0-9_-]+)/.exec(m.text)![1]!;
      t.now = new Date(t.now.getTime() + 60_000);
      const asked = await t.app.inject({ method: 'POST', url: `/api/signatures/${token}/code`, payload: {} });
      expect(asked.statusCode, asked.body).toBe(202);
      const code = await lastCode(t.database.db, m.to);
      const signed = await t.app.inject({
        method: 'POST',
        url: `/api/signatures/${token}/sign`,
        payload: { challengeId: asked.json().challengeId, code },
      });
      expect(signed.statusCode, signed.body).toBe(200);
    }
    const done = await row(avenant.id);
    expect(done.status).toBe('signed');
    expect(done.sealedFileId).not.toBeNull();
    const detail = (await call('school_head', 'GET', `/api/conventions/${original.id}`)).json();
    expect(detail).toMatchObject({
      status: 'signed',
      amendments: [{ id: avenant.id, reference: avenant.reference, status: 'signed' }],
    });
    expect((await row(original.id)).sealedSha256).toBe(original.sealedSha256);
    // the presence is confirmed on the signed avenant, not on the original
    t.now = new Date(`${original.endDate}T18:00:00Z`);
    const onOriginal = await call('host_member', 'POST', `/api/conventions/${original.id}/attendance`, {
      days: [original.startDate],
    });
    expect(onOriginal.statusCode).toBe(409);
    expect(onOriginal.json().detail).toContain(`avenant signé (${avenant.reference})`);
    const onAvenant = await call('host_member', 'POST', `/api/conventions/${avenant.id}/attendance`, {
      days: [original.startDate],
    });
    expect(onAvenant.statusCode, onAvenant.body).toBe(200);
    expect(onAvenant.json().status).toBe('done');
    if (poppler) {
      const sealed = (await fileOf(done.sealedFileId!)).content;
      expect(tool('pdfsig', [], sealed)).toContain('Signature Validation: Signature is Valid.');
      const text = tool('pdftotext', [], sealed);
      expect(text).toContain(`Avenant n° 1 à la convention ${original.reference}`);
      expect(text).toContain('Horaires d’hiver');
      expect(text).toContain('Page de preuve');
    }
  });
});

describe('avenant of the dates', () => {
  it('takes the new dates inside the official weeks, refuses others', async () => {
    const signed = await signedConvention(t.database.db, t.academy, t.now);
    const url = `/api/conventions/${signed.id}/amend`;
    const tuesday = new Date(new Date(`${signed.startDate}T00:00:00Z`).getTime() + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const unchecked = await call('school_head', 'POST', url, {
      reason: 'Décalage',
      changes: ['hours'],
      startDate: tuesday,
    });
    expect(unchecked.statusCode).toBe(422);
    expect(unchecked.json().detail).toContain('sans cocher « les dates »');
    const outside = await call('school_head', 'POST', url, {
      reason: 'Décalage',
      changes: ['dates'],
      startDate: '2027-01-04',
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().detail).toContain('en dehors des semaines officielles');
    const ok = await call('school_head', 'POST', url, {
      reason: 'L’élève commence le mardi',
      changes: ['dates'],
      startDate: tuesday,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ startDate: tuesday, endDate: signed.endDate });
    expect((await row(signed.id)).startDate).toBe(signed.startDate);
  });
});

describe('cancellation after signature', () => {
  it('cancels a signed convention with a reason; its sealed PDF stays downloadable and verification says it is cancelled', async () => {
    const signed = await signedConvention(t.database.db, t.academy, t.now);
    const avenant = (
      await call('host_member', 'POST', `/api/conventions/${signed.id}/amend`, {
        reason: 'Nouveau tuteur',
        changes: ['tutor'],
      })
    ).json();
    const res = await call('school_head', 'POST', `/api/conventions/${signed.id}/cancel`, {
      reason: 'Stage annulé par l’organisme',
    });
    expect(res.statusCode, res.body).toBe(200);
    // its avenant in progress goes with it
    expect(await row(avenant.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: `Convention ${signed.reference} annulée : Stage annulé par l’organisme`,
    });
    expect((await kinds(avenant.id)).at(-1)).toMatchObject({ kind: 'cancel' });
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Stage annulé par l’organisme' });
    const pdf = await call('student', 'GET', `/api/conventions/${signed.id}/document.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(sha256(pdf.rawPayload)).toBe(signed.sealedSha256);
    const verify = await t.app.inject({ method: 'GET', url: `/api/verify/${signed.reference}` });
    expect(verify.statusCode).toBe(200);
    expect(verify.json().message).toMatch(/annulée le/);
    expect(verify.json().convention.status).toBe('cancelled');
  });
});

describe('attestation', () => {
  it('is refused before the last day, then sealed and stored; the convention is done', async () => {
    const signed = await signedConvention(t.database.db, t.academy, t.now);
    const url = `/api/conventions/${signed.id}/attendance`;
    const early = await call('host_member', 'POST', url, { days: [signed.startDate] });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/^L’attestation pourra être remplie à partir du \d+ \w+ 2027/);

    // the last day, in the evening (Paris)
    t.now = new Date(`${signed.endDate}T18:00:00Z`);
    const none = await call('host_member', 'POST', url, { days: [] });
    expect(none.statusCode).toBe(422);
    expect(none.json().detail).toBe('Cochez au moins un jour de présence de l’élève.');
    const dayAfter = new Date(new Date(`${signed.endDate}T00:00:00Z`).getTime() + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const outside = await call('host_member', 'POST', url, { days: [signed.startDate, dayAfter] });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().detail).toMatch(/en dehors des dates de la convention/);
    expect(outside.json().errors).toEqual([{ field: 'days', message: outside.json().detail }]);
    expect((await call('school_head', 'POST', url, { days: [signed.startDate] })).statusCode).toBe(403);
    expect((await call('host_member', 'POST', url, { days: [signed.startDate] }, 'outside')).statusCode).toBe(
      404,
    );
    expect((await call('student', 'GET', `/api/conventions/${signed.id}/attestation.pdf`)).statusCode).toBe(
      404,
    );

    const ok = await call('host_member', 'POST', url, { days: [signed.endDate, signed.startDate] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'done', step: 'done' });
    const c = await row(signed.id);
    expect(c.attendedDays).toEqual([signed.startDate, signed.endDate].sort());
    const file = await fileOf(c.attestationFileId!);
    expect(file).toMatchObject({
      purpose: 'attestation',
      uploadedBy: '00000000-0000-0000-0000-000000000000',
    });
    expect((await kinds(signed.id)).at(-1)).toMatchObject({ kind: 'attest' });
    expect((await mailsOf('convention_attested')).map((m) => m.to).sort()).toEqual(
      ['school_head.in@example.net', 'student.in@example.net'].sort(),
    );

    for (const who of [
      'student',
      'guardian',
      'school_head',
      'school_staff',
      'host_member',
      'admin',
    ] as const) {
      const pdf = await call(who, 'GET', `/api/conventions/${signed.id}/attestation.pdf`);
      expect(pdf.statusCode, who).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(sha256(pdf.rawPayload)).toBe(file.sha256);
    }
    expect(
      (await call('student', 'GET', `/api/conventions/${signed.id}/attestation.pdf`, undefined, 'outside'))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await call(
          'host_member',
          'GET',
          `/api/conventions/${signed.id}/attestation.pdf`,
          undefined,
          'outside',
        )
      ).statusCode,
    ).toBe(404);
    if (poppler) {
      const sig = tool('pdfsig', [], file.content);
      expect(sig).toContain('Signature Validation: Signature is Valid.');
      expect(sig).toContain('Total document signed');
      const text = tool('pdftotext', [], file.content);
      expect(text).toContain('Attestation de stage');
      expect(text).toContain('2 jours');
      expect(text).toContain(signed.reference);
    }
    // done is final: a second attestation is refused
    expect((await call('host_member', 'POST', url, { days: [signed.startDate] })).statusCode).toBe(409);
  });
});

describe('ZIP of a class', () => {
  it('holds the sealed PDFs of the class’s signed conventions, named NOM_Prénom_référence.pdf', async () => {
    const [lea, yann, ines] = t.academy.students;
    const a = await signedConvention(t.database.db, t.academy, t.now, { studentIndex: 0 });
    const b = await signedConvention(t.database.db, t.academy, t.now, { studentIndex: 1 });
    // not signed, or another class: not in it
    await makeConvention(t.database.db, t.academy, t.now, { studentIndex: 1, complete: true });
    const [classOfLea] = await t.database.db
      .select({ id: students.classId })
      .from(students)
      .where(eq(students.id, lea!.id));
    const [classOfInes] = await t.database.db
      .select({ id: students.classId })
      .from(students)
      .where(eq(students.id, ines!.id));
    expect(yann).toBeDefined();

    const res = await call('school_staff', 'GET', `/api/conventions/archive.zip?classId=${classOfLea!.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(String(res.headers['content-disposition'])).toContain('conventions-2NDE1-2027-02-01.zip');
    const zip = res.rawPayload;
    expect(zip.subarray(0, 4).toString('binary')).toBe('PK\u0003\u0004');
    if (hasUnzip) {
      const listing = tool('unzip', ['-Z1'], zip, '.zip');
      expect(listing.trim().split('\n')).toEqual([
        `LE-GOFF_Léa_${a.reference}.pdf`,
        `TANGUY_Yann_${b.reference}.pdf`,
      ]);
      const file = join(dir, `f${counter}.zip`);
      const one = spawnSync('unzip', ['-p', file, `LE-GOFF_Léa_${a.reference}.pdf`]);
      expect(sha256(one.stdout)).toBe(a.sealedSha256);
    }

    const empty = await call('school_head', 'GET', `/api/conventions/archive.zip?classId=${classOfInes!.id}`);
    expect(empty.statusCode).toBe(404);
    expect(empty.json().detail).toBe('Aucune convention signée dans la classe 2NDE2 pour l’instant.');
    expect(
      (
        await call(
          'school_head',
          'GET',
          `/api/conventions/archive.zip?classId=${classOfLea!.id}`,
          undefined,
          'outside',
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await call('student', 'GET', `/api/conventions/archive.zip?classId=${classOfLea!.id}`)).statusCode,
    ).toBe(403);
    expect(
      (await call('host_member', 'GET', `/api/conventions/archive.zip?classId=${classOfLea!.id}`)).statusCode,
    ).toBe(403);
  });

  it('leaves out a cancelled convention', async () => {
    const a = await signedConvention(t.database.db, t.academy, t.now, { studentIndex: 0 });
    await signDirectly(
      t.database.db,
      (await makeConvention(t.database.db, t.academy, t.now, { complete: true })).id,
      t.now,
    );
    await call('school_head', 'POST', `/api/conventions/${a.id}/cancel`, { reason: 'Annulée' });
    const [cls] = await t.database.db
      .select({ id: students.classId })
      .from(students)
      .where(eq(students.id, t.academy.students[0]!.id));
    const res = await call('school_head', 'GET', `/api/conventions/archive.zip?classId=${cls!.id}`);
    expect(res.statusCode).toBe(200);
    if (hasUnzip) {
      const listing = tool('unzip', ['-Z1'], res.rawPayload, '.zip');
      expect(listing).not.toContain(a.reference);
      expect(listing.trim().split('\n')).toHaveLength(1);
    }
  });
});
