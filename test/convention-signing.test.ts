/**
 * Signatures of a validated convention (issue 6 §5–§8), on the real server: one-time codes mailed
 * through a real SMTP server in this process, the four parties signing (personal link or account),
 * the sealed PDF checked with poppler (pdfsig, pdftotext), every refusal in French with nothing
 * signed, the head's bulk signature, SMS codes in the outbox, reminders with a moving clock.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conventionSignatories, conventions, mails, storedFiles } from '../src/db/schema/index.ts';
import { conventionTrail, verifyConventionTrail } from '../src/conventions/events.store.ts';
import { remindSignatories, remindValidations } from '../src/conventions/reminders.ts';
import { smtpTransport, type MailTransport } from '../src/infra/mail/transport.ts';
import { startMailWorker } from '../src/notifications/worker.ts';
import { signIn, type Account } from './fixtures.ts';
import { useAcademyApp } from './helpers/academy-app.ts';
import { parseMessage, startSmtpServer, type TestSmtpServer } from './helpers/smtp.ts';
import {
  GUARDIAN_EMAIL,
  HEAD_EMAIL,
  HOST_EMAIL,
  STUDENT_EMAIL,
  lastCode,
  validatedConventions,
} from './convention-signing-fixtures.ts';

const hasTool = (name: string): boolean => spawnSync(name, ['-v']).error === undefined;
const poppler = hasTool('pdftotext') && hasTool('pdfsig');
if (!poppler && process.env.CI) throw new Error('pdftotext and pdfsig (poppler-utils) are required in CI');

const t = useAcademyApp();
let smtp: TestSmtpServer;
let transport: MailTransport;
const dir = mkdtempSync(join(tmpdir(), 'signing-'));

beforeAll(async () => {
  smtp = await startSmtpServer();
  transport = smtpTransport({ url: smtp.url });
});
afterAll(async () => {
  await transport.close?.();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  smtp.messages.length = 0;
});

const tick = (ms = 1000) => {
  t.now = new Date(t.now.getTime() + ms);
};

async function session(account: Account) {
  const s = await signIn(t.database.db, account, () => t.now);
  return { cookie: s.cookie, 'x-csrf-token': s.csrf };
}

async function setUp(count = 1, options: Parameters<typeof validatedConventions>[5] = {}) {
  return validatedConventions(
    t.database.db,
    t.academy,
    t.accounts.inside.school_head!.userId,
    t.now,
    count,
    options,
  );
}

/** Delivers the outbox over SMTP; the code of the last message received by `to`. */
async function codeFromSmtp(to: string): Promise<string> {
  const worker = startMailWorker({ db: t.database.db, transport, clock: () => t.now, poll: false });
  await worker.drain();
  await worker.stop();
  // the worker may deliver several mails at once: the last code mail, not the last mail received
  const codes = smtp.messages
    .filter((m) => m.to.includes(to))
    .map((m) => parseMessage(m.raw))
    .filter((m) => /^Votre code de signature : \d{6}/.test(m.subject));
  const parsed = codes.at(-1)!;
  expect(parsed.subject).toMatch(/^Votre code de signature : \d{6}/);
  const code = /Votre code de signature : (\d{6})/.exec(parsed.text ?? '')?.[1];
  expect(code).toBeDefined();
  return code!;
}

async function askByLink(token: string, payload: Record<string, unknown> = {}) {
  tick();
  return t.app.inject({ method: 'POST', url: `/api/signatures/${token}/code`, payload });
}

async function signByLink(token: string, challengeId: string, code: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/signatures/${token}/sign`,
    payload: { challengeId, code },
    headers: { 'user-agent': 'Navigateur de test' },
  });
}

async function signatory(conventionId: string, role: string) {
  const [s] = await t.database.db
    .select()
    .from(conventionSignatories)
    .where(
      and(
        eq(conventionSignatories.conventionId, conventionId),
        eq(conventionSignatories.role, role as 'host'),
      ),
    );
  return s!;
}

async function conventionRow(id: string) {
  const [c] = await t.database.db.select().from(conventions).where(eq(conventions.id, id));
  return c!;
}

function pdfTool(tool: 'pdfsig' | 'pdftotext', pdf: Uint8Array): string {
  const file = join(dir, `${tool}-${Date.now()}-${Math.random()}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync(tool, tool === 'pdftotext' ? ['-enc', 'UTF-8', file, '-'] : [file], {
    encoding: 'utf8',
  });
  return r.stdout.replace(/[\u00a0\u202f]/g, ' ');
}

describe('the full path: four parties sign with codes read from the SMTP server', () => {
  it('seals the PDF after the last signature, with its evidence page, and tells every party', async () => {
    const [c] = await setUp();
    expect(Object.keys(c!.tokens).sort()).toEqual(['guardian_1', 'host', 'school', 'student']);
    const before = await conventionRow(c!.id);
    expect(before.status).toBe('validated');

    // the guardian, through the personal link (no account)
    const view = await t.app.inject(`/api/signatures/${c!.tokens.guardian_1}`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      reference: c!.reference,
      role: 'guardian_1',
      roleLabel: 'Représentant légal 1',
      signedAt: null,
      conventionStatus: 'validated',
      documentSha256: before.documentSha256,
      sentTo: 'g•••••n@example.net',
    });
    const doc = await t.app.inject(`/api/signatures/${c!.tokens.guardian_1}/document.pdf`);
    expect(doc.statusCode).toBe(200);
    expect(createHash('sha256').update(doc.rawPayload).digest('hex')).toBe(before.documentSha256);
    let r = await askByLink(c!.tokens.guardian_1!);
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().sentTo).toBe('g•••••n@example.net');
    let code = await codeFromSmtp(GUARDIAN_EMAIL);
    const signed = await signByLink(c!.tokens.guardian_1!, r.json().challengeId, code);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toEqual({ signedAt: t.now.toISOString(), conventionStatus: 'validated' });
    const g = await signatory(c!.id, 'guardian_1');
    expect(g).toMatchObject({
      method: 'email_code',
      signerUserId: null,
      userAgent: 'Navigateur de test',
      documentSha256: before.documentSha256,
    });
    expect(g.ip).toBeTruthy();

    // the host's representative, through the link
    r = await askByLink(c!.tokens.host!);
    code = await codeFromSmtp(HOST_EMAIL);
    expect((await signByLink(c!.tokens.host!, r.json().challengeId, code)).statusCode).toBe(200);

    // the student, from their account
    const student = await session(t.accounts.inside.student!);
    tick();
    r = await t.app.inject({
      method: 'POST',
      url: `/api/conventions/${c!.id}/code`,
      headers: student,
      payload: { role: 'student' },
    });
    expect(r.statusCode, r.body).toBe(202);
    code = await codeFromSmtp(STUDENT_EMAIL);
    let s = await t.app.inject({
      method: 'POST',
      url: `/api/conventions/${c!.id}/sign`,
      headers: student,
      payload: { role: 'student', challengeId: r.json().challengeId, code },
    });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ id: c!.id });
    expect(await signatory(c!.id, 'student')).toMatchObject({
      method: 'account_code',
      signerUserId: t.accounts.inside.student!.userId,
    });

    // the head, from their account: the last signature seals the PDF
    const head = await session(t.accounts.inside.school_head!);
    tick();
    r = await t.app.inject({
      method: 'POST',
      url: `/api/conventions/${c!.id}/code`,
      headers: head,
      payload: { role: 'school' },
    });
    expect(r.statusCode, r.body).toBe(202);
    code = await codeFromSmtp(HEAD_EMAIL);
    tick();
    s = await t.app.inject({
      method: 'POST',
      url: `/api/conventions/${c!.id}/sign`,
      headers: head,
      payload: { role: 'school', challengeId: r.json().challengeId, code },
    });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ id: c!.id, status: 'signed', sealed: true });

    const after = await conventionRow(c!.id);
    expect(after).toMatchObject({ status: 'signed', signedAt: t.now });
    expect(after.sealedFileId).toBeTruthy();
    const [file] = await t.database.db
      .select()
      .from(storedFiles)
      .where(eq(storedFiles.id, after.sealedFileId!));
    expect(file).toMatchObject({
      purpose: 'convention_sealed',
      uploadedBy: '00000000-0000-0000-0000-000000000000',
      sha256: after.sealedSha256,
    });
    const sealed = new Uint8Array(file!.content);
    expect(createHash('sha256').update(sealed).digest('hex')).toBe(after.sealedSha256);

    // the trail: four signatures then the seal, the chain intact
    const kinds = (await conventionTrail(t.database.db, c!.id)).map((e) => e.kind);
    expect(kinds.slice(-5)).toEqual(['signed', 'signed', 'signed', 'signed', 'sealed']);
    expect(await verifyConventionTrail(t.database.db, c!.id)).toEqual({ ok: true });

    // every party gets the link to the sealed PDF
    const told = await t.database.db
      .select({ to: mails.to, text: mails.text })
      .from(mails)
      .where(eq(mails.template, 'convention_signed'));
    expect(told.map((m) => m.to).sort()).toEqual(
      [GUARDIAN_EMAIL, HEAD_EMAIL, HOST_EMAIL, STUDENT_EMAIL].sort(),
    );
    const link = /\/signature\/([A-Za-z0-9_-]+)/.exec(told.find((m) => m.to === GUARDIAN_EMAIL)!.text)![1]!;
    const byLink = await t.app.inject(`/api/signatures/${link}/document.pdf`);
    expect(byLink.statusCode).toBe(200);
    expect(Buffer.from(byLink.rawPayload).equals(Buffer.from(sealed))).toBe(true);
    // … and the convention's own route serves the sealed file too
    const viaConvention = await t.app.inject({
      url: `/api/conventions/${c!.id}/document.pdf`,
      headers: student,
    });
    expect(viaConvention.statusCode).toBe(200);
    expect(createHash('sha256').update(viaConvention.rawPayload).digest('hex')).toBe(after.sealedSha256);

    if (poppler) {
      expect(pdfTool('pdfsig', sealed)).toContain('Signature Validation: Signature is Valid.');
      const text = pdfTool('pdftotext', sealed);
      expect(text).toContain('Page de preuve');
      expect(text).toContain(c!.reference);
      expect(text).toContain('Représentant légal 1');
      expect(text).toContain('Élève');
      expect(text).toContain('Hélène Quéré');
      expect(text).toContain(before.documentSha256!);
    }
  });
});

describe('refusals: each in French, nothing signed', () => {
  it('a wrong code counts an attempt; the sixth attempt is refused even with the right code', async () => {
    const [c] = await setUp();
    const token = c!.tokens.host!;
    const r = await askByLink(token);
    const code = await lastCode(t.database.db, HOST_EMAIL);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 5; i++) {
      const s = await signByLink(token, r.json().challengeId, wrong);
      expect(s.statusCode).toBe(422);
      expect(s.json().detail).toBe(
        i < 5
          ? `Code incorrect. Il vous reste ${5 - i} essai${5 - i > 1 ? 's' : ''}.`
          : 'Code incorrect. C’était le dernier essai : demandez un nouveau code.',
      );
    }
    const sixth = await signByLink(token, r.json().challengeId, code);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().detail).toMatch(/^Trop d’essais avec ce code/);
    expect((await signatory(c!.id, 'host')).signedAt).toBeNull();
  });

  it('an expired code (10 minutes), a code replaced by a newer one, a code used once', async () => {
    const [c] = await setUp();
    const token = c!.tokens.student!;
    const first = await askByLink(token);
    const firstCode = await lastCode(t.database.db, STUDENT_EMAIL);
    t.now = new Date(t.now.getTime() + 10 * 60_000);
    let s = await signByLink(token, first.json().challengeId, firstCode);
    expect(s.statusCode).toBe(422);
    expect(s.json().detail).toBe('Ce code a expiré (il est valable 10 minutes) : demandez un nouveau code.');

    const second = await askByLink(token);
    const secondCode = await lastCode(t.database.db, STUDENT_EMAIL);
    const third = await askByLink(token);
    const thirdCode = await lastCode(t.database.db, STUDENT_EMAIL);
    s = await signByLink(token, second.json().challengeId, secondCode);
    expect(s.statusCode).toBe(422);
    expect(s.json().detail).toMatch(/^Ce code a déjà servi ou a été remplacé/);
    expect((await signatory(c!.id, 'student')).signedAt).toBeNull();

    expect((await signByLink(token, third.json().challengeId, thirdCode)).statusCode).toBe(200);
    // the same code again: the party has signed already
    s = await signByLink(token, third.json().challengeId, thirdCode);
    expect(s.statusCode).toBe(409);
    expect(s.json().detail).toMatch(
      /a déjà signé cette convention le .* : une partie ne signe qu’une fois\./,
    );
    // and a new code is refused too
    const again = await askByLink(token);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/a déjà signé/);
    const events = (await conventionTrail(t.database.db, c!.id)).filter((e) => e.kind === 'signed');
    expect(events).toHaveLength(1);
  });

  it('someone who is not the party: 404 outside the convention, 403 for another role; unknown link 404', async () => {
    const [c] = await setUp();
    const outsider = await session(t.accounts.outside.student!);
    let r = await t.app.inject({
      method: 'POST',
      url: `/api/conventions/${c!.id}/code`,
      headers: outsider,
      payload: { role: 'student' },
    });
    expect(r.statusCode).toBe(404);
    expect(r.json().detail).toBe('Aucune convention de votre périmètre ne correspond.');
    const guardian = await session(t.accounts.inside.guardian!);
    r = await t.app.inject({
      method: 'POST',
      url: `/api/conventions/${c!.id}/code`,
      headers: guardian,
      payload: { role: 'student' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toBe(
      'Votre compte ne correspond pas au signataire « Élève » de cette convention.',
    );
    // a teacher of the lycée who is not a signature delegate
    const teacher = await session(t.accounts.inside.school_staff!);
    r = await t.app.inject({
      method: 'POST',
      url: `/api/conventions/${c!.id}/code`,
      headers: teacher,
      payload: { role: 'school' },
    });
    expect(r.statusCode).toBe(403);
    // a member of the host who is not its representative
    const other = await session(t.accounts.outside.host_member!);
    r = await t.app.inject({
      method: 'POST',
      url: `/api/conventions/${c!.id}/code`,
      headers: other,
      payload: { role: 'host' },
    });
    expect(r.statusCode).toBe(404);
    r = await t.app.inject({ method: 'POST', url: '/api/signatures/un-lien-qui-n-existe-pas-du-tout/code' });
    expect(r.statusCode).toBe(404);
    expect(r.json().detail).toMatch(/^Ce lien de signature est inconnu ou a été remplacé/);
    // the guardian's own role works
    r = await t.app.inject({
      method: 'POST',
      url: `/api/conventions/${c!.id}/code`,
      headers: guardian,
      payload: { role: 'guardian_1' },
    });
    expect(r.statusCode, r.body).toBe(202);
    const signedRows = (
      await t.database.db
        .select()
        .from(conventionSignatories)
        .where(eq(conventionSignatories.conventionId, c!.id))
    ).filter((s) => s.signedAt !== null);
    expect(signedRows).toEqual([]);
  });

  it('five codes an hour per address, then 429 with Retry-After', async () => {
    const [c] = await setUp();
    for (let i = 0; i < 5; i++) expect((await askByLink(c!.tokens.host!)).statusCode).toBe(202);
    const sixth = await askByLink(c!.tokens.host!);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['retry-after']).toBeDefined();
    expect(sixth.json().detail).toMatch(
      /^Trop de codes demandés pour h•••••n@example\.net \(5 par heure au plus\)/,
    );
  });

  it('a cancelled convention cannot be signed', async () => {
    const [c] = await setUp();
    const r = await askByLink(c!.tokens.student!);
    const code = await lastCode(t.database.db, STUDENT_EMAIL);
    await t.database.db.update(conventions).set({ status: 'cancelled' }).where(eq(conventions.id, c!.id));
    const s = await signByLink(c!.tokens.student!, r.json().challengeId, code);
    expect(s.statusCode).toBe(409);
    expect(s.json().detail).toBe('Cette convention n’est pas ouverte à la signature : elle est annulée.');
    expect((await signatory(c!.id, 'student')).signedAt).toBeNull();
  });
});

describe('codes by SMS', () => {
  it('go to the outbox addressed to the phone number when asked, e-mail otherwise', async () => {
    const [c] = await setUp(1, { phone: '06 12 34 56 78' });
    const view = await t.app.inject(`/api/signatures/${c!.tokens.guardian_1}`);
    expect(view.json().phone).toBe('••••••••78');
    const r = await askByLink(c!.tokens.guardian_1!, { channel: 'sms' });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().sentTo).toBe('••••••••78');
    const [sms] = await t.database.db.select().from(mails).where(eq(mails.template, 'sms_code'));
    expect(sms).toMatchObject({ to: '0612345678' });
    expect(sms!.sentAt).not.toBeNull();
    const code = await lastCode(t.database.db, '0612345678');
    expect((await signByLink(c!.tokens.guardian_1!, r.json().challengeId, code)).statusCode).toBe(200);
    // no phone recorded: refused in French
    const none = await askByLink(c!.tokens.student!, { channel: 'sms' });
    expect(none.statusCode).toBe(422);
    expect(none.json().detail).toMatch(/^Aucun numéro de téléphone mobile n’est enregistré/);
  });
});

describe('bulk signature by the head', () => {
  it('signs 30 conventions with one code, 25 at a time, sealing those it completes', async () => {
    const list = await setUp(30);
    // two conventions already signed by every other party: the head's signature completes them
    for (const c of list.slice(0, 2)) {
      for (const role of ['host', 'student', 'guardian_1'] as const) {
        const r = await askByLink(c.tokens[role]!);
        expect(r.statusCode, r.body).toBe(202);
        const code = await lastCode(t.database.db, c.emails[role]!);
        expect((await signByLink(c.tokens[role]!, r.json().challengeId, code)).statusCode).toBe(200);
      }
    }
    const head = await session(t.accounts.inside.school_head!);
    tick();
    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/conventions/bulk-sign/code',
      headers: head,
      payload: { ids: list.map((c) => c.id) },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toMatchObject({ total: 30, sentTo: 's•••••n@example.net' });
    const code = await codeFromSmtp(HEAD_EMAIL);
    const url = `/api/conventions/bulk-sign/${asked.json().challengeId}`;
    const wrong = await t.app.inject({
      method: 'POST',
      url,
      headers: head,
      payload: { code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(422);
    const progress: unknown[] = [];
    for (;;) {
      const r = await t.app.inject({ method: 'POST', url, headers: head, payload: { code } });
      expect(r.statusCode, r.body).toBe(200);
      progress.push(r.json());
      if (r.json().done === r.json().total) break;
    }
    expect(progress).toEqual([
      { done: 25, total: 30 },
      { done: 30, total: 30 },
    ]);
    const schoolRows = await t.database.db
      .select()
      .from(conventionSignatories)
      .where(eq(conventionSignatories.role, 'school'));
    expect(schoolRows.every((s) => s.signedAt !== null && s.method === 'bulk_code')).toBe(true);
    expect(schoolRows.every((s) => s.signerUserId === t.accounts.inside.school_head!.userId)).toBe(true);
    const statuses = await Promise.all(list.map(async (c) => (await conventionRow(c.id)).status));
    expect(statuses.filter((s) => s === 'signed')).toHaveLength(2);
    expect((await conventionRow(list[0]!.id)).sealedSha256).toMatch(/^[0-9a-f]{64}$/);
    // the batch is over: the same code answers the same, signs nothing more
    const again = await t.app.inject({ method: 'POST', url, headers: head, payload: { code } });
    expect(again.json()).toEqual({ done: 30, total: 30 });
    // nothing left to sign for the lycée
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/conventions/bulk-sign/code',
      headers: head,
      payload: { ids: list.map((c) => c.id) },
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().detail).toMatch(/^Aucune de ces conventions n’attend la signature du lycée/);
  });

  it('is refused to a teacher who is not a delegate, and to another lycée (404)', async () => {
    const list = await setUp(1);
    const teacher = await session(t.accounts.inside.school_staff!);
    let r = await t.app.inject({
      method: 'POST',
      url: '/api/conventions/bulk-sign/code',
      headers: teacher,
      payload: { ids: [list[0]!.id] },
    });
    expect(r.statusCode).toBe(403);
    const outside = await session(t.accounts.outside.school_head!);
    r = await t.app.inject({
      method: 'POST',
      url: '/api/conventions/bulk-sign/code',
      headers: outside,
      payload: { ids: [list[0]!.id] },
    });
    expect(r.statusCode).toBe(404);
  });
});

describe('reminders', () => {
  it('to each missing party 3, 6, 9… days after validation, at most 5 times, with a fresh link', async () => {
    const [c] = await setUp();
    const validatedAt = t.now.getTime();
    const day = 86_400_000;
    const at = (d: number) => new Date(validatedAt + d * day);
    // the host signs at once: it is never reminded
    const r = await askByLink(c!.tokens.host!);
    const code = await lastCode(t.database.db, HOST_EMAIL);
    expect((await signByLink(c!.tokens.host!, r.json().challengeId, code)).statusCode).toBe(200);

    const deps = { db: t.database.db, publicUrl: 'http://localhost:3000' };
    expect(await remindSignatories(deps, at(2.9))).toEqual({ signatories: 0 });
    expect(await remindSignatories(deps, at(3))).toEqual({ signatories: 3 });
    expect(await remindSignatories(deps, at(5))).toEqual({ signatories: 0 });
    expect(await t.app.jobs.run('conventions-reminders', at(6))).toMatchObject({ signatories: 3 });
    for (const d of [9, 12, 15]) expect(await remindSignatories(deps, at(d))).toEqual({ signatories: 3 });
    expect(await remindSignatories(deps, at(18))).toEqual({ signatories: 0 });
    expect(await remindSignatories(deps, at(60))).toEqual({ signatories: 0 });

    const sent = await t.database.db
      .select({ to: mails.to, subject: mails.subject, text: mails.text })
      .from(mails)
      .where(eq(mails.template, 'signature_reminder'));
    expect(sent).toHaveLength(15);
    expect(sent.filter((m) => m.to === HOST_EMAIL)).toEqual([]);
    expect(sent.filter((m) => m.subject.startsWith('Dernier rappel'))).toHaveLength(3);
    // the last link works, the first one no longer
    const mine = sent.filter((m) => m.to === GUARDIAN_EMAIL);
    const link = (m: { text: string }) => /\/signature\/([A-Za-z0-9_-]+)/.exec(m.text)![1]!;
    expect((await t.app.inject(`/api/signatures/${link(mine.at(-1)!)}`)).statusCode).toBe(200);
    expect((await t.app.inject(`/api/signatures/${link(mine[0]!)}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/api/signatures/${c!.tokens.guardian_1}`)).statusCode).toBe(404);
  });

  it('to the head for conventions complete on both parts and waiting for validation', async () => {
    const [c] = await setUp();
    await t.database.db
      .update(conventions)
      .set({ status: 'completion', hostCompletedAt: t.now, schoolCompletedAt: t.now })
      .where(eq(conventions.id, c!.id));
    const deps = { db: t.database.db, publicUrl: 'http://localhost:3000' };
    const day = 86_400_000;
    expect(await remindValidations(deps, new Date(t.now.getTime() + 2 * day))).toEqual({ validations: 0 });
    expect(await remindValidations(deps, new Date(t.now.getTime() + 3 * day))).toEqual({ validations: 1 });
    expect(await remindValidations(deps, new Date(t.now.getTime() + 3 * day))).toEqual({ validations: 0 });
    const [m] = await t.database.db.select().from(mails).where(eq(mails.template, 'validation_reminder'));
    expect(m).toMatchObject({
      to: HEAD_EMAIL,
      subject: 'Une convention attend votre validation – Stages de seconde',
    });
    expect(m!.text).toContain(c!.reference);
  });
});
