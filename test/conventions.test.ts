/**
 * Conventions through HTTP on a real database (issue 6 §1–§4): created with the confirmation of a
 * stage (platform, split 1 + 1, off-platform), pre-filled, completed by the host and the lycée
 * (missing fields, hours refused naming the day, stale version), validated (document stored with
 * its SHA-256, signatories with personal links mailed), reopened by a change, cancelled with the
 * stage's withdrawal, listed with counts by step; the event chain verifies and detects tampering;
 * a signed convention makes the week « Placé ». PGlite by default, PostgreSQL with TEST_DATABASE_URL.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  applications,
  conventionEvents,
  conventionSignatories,
  conventionTemplates,
  conventions,
  mails,
  offers,
  storedFiles,
} from '../src/db/schema/index.ts';
import { REFERENCE_PATTERN } from '../src/domain/convention.ts';
import { appendConventionEvent, verifyConventionTrail } from '../src/conventions/events.store.ts';
import { ensureConventions } from '../src/conventions/service.ts';
import { templateForYear } from '../src/conventions/templates.ts';
import { makeConvention, validHostPart, validSchoolPart } from './convention-fixtures.ts';
import { declarationPayload } from './external-stage-fixtures.ts';
import { callAs, useAcademyApp } from './helpers/academy-app.ts';

/** during the 2026-2027 campaign's applications (open from 15 January 2027) */
const OPEN = new Date('2027-02-01T09:00:00Z');
const t = useAcademyApp({ start: OPEN });
const DAY = 86_400_000;
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

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

async function mailsOf(template: string) {
  return t.database.db.select().from(mails).where(eq(mails.template, template));
}

/** An accepted application of student 1 (Léa) on an offer, confirmed through the API. */
async function confirmThroughApi(offerId: string, weeks: number) {
  const now = t.now;
  const [a] = await t.database.db
    .insert(applications)
    .values({
      studentId: t.academy.students[0]!.id,
      offerId,
      weeks,
      motivation: 'Motivée',
      status: 'accepted',
      appliedAt: now,
      expiresAt: new Date(now.getTime() + 15 * DAY),
      acceptedAt: now,
      confirmBy: new Date(now.getTime() + 7 * DAY),
      updatedAt: now,
    })
    .returning();
  const res = await call('student', 'POST', `/api/applications/${a!.id}/confirm`);
  return { id: a!.id, res };
}

async function offerByTitle(title: string) {
  const [o] = await t.database.db.select().from(offers).where(eq(offers.title, title));
  return o!;
}

async function conventionsOfApplication(applicationId: string) {
  return t.database.db.select().from(conventions).where(eq(conventions.applicationId, applicationId));
}

async function eventsOf(id: string) {
  return t.database.db
    .select()
    .from(conventionEvents)
    .where(eq(conventionEvents.conventionId, id))
    .orderBy(conventionEvents.seq);
}

describe('creation with the confirmation of a stage', () => {
  it('platform: one convention, pre-filled from the offer, the lycée and the student, its first event, the host told', async () => {
    const o1 = await offerByTitle('Découverte de l’hôpital');
    await t.database.db
      .update(offers)
      .set({
        contactName: 'Hélène Quéré',
        contactEmail: 'helene.quere@chu.example',
        contactPhone: '02 99 00 00 00',
        address: '2 rue Henri Le Guilloux',
        postalCode: '35000',
        communeName: 'Rennes',
        activities: 'Observer l’accueil des patients.',
        lunch: 'Self du personnel',
        hours: [{ day: 1, from: '09:00', to: '16:00', breakMinutes: 60 }],
      })
      .where(eq(offers.id, o1.id));
    const { id, res } = await confirmThroughApi(o1.id, 1);
    expect(res.statusCode).toBe(200);
    const [c] = await conventionsOfApplication(id);
    expect(c).toMatchObject({
      status: 'completion',
      weeks: 1,
      startDate: '2027-06-14',
      endDate: '2027-06-18',
      schoolUai: '0350024L',
      version: 1,
      hostCompletedAt: null,
    });
    expect(c!.reference).toMatch(REFERENCE_PATTERN);
    expect(c!.parties).toMatchObject({
      host: { name: 'CHU de Rennes', siret: '26350579400014', isPublic: true },
      school: { uai: '0350024L', name: 'Lycée Émile Zola', isPublic: true },
      student: { firstName: 'Léa', lastName: 'Le Goff', birthDate: '2011-03-02', className: '2NDE1' },
      offer: { title: 'Découverte de l’hôpital', sector: 'Santé' },
      campaign: { schoolYear: '2026-2027' },
    });
    expect(c!.parties.campaign.weeks).toHaveLength(2);
    expect(c!.hostPart).toMatchObject({
      representative: { name: 'Hélène Quéré', email: 'helene.quere@chu.example', phone: '02 99 00 00 00' },
      tutor: { name: 'Hélène Quéré', email: 'helene.quere@chu.example' },
      placeAddress: '2 rue Henri Le Guilloux, 35000 Rennes',
      activities: 'Observer l’accueil des patients.',
      lunch: 'Self du personnel',
      hours: [{ day: 1, from: '09:00', to: '16:00', breakMinutes: 60 }],
    });
    expect(c!.schoolPart).toMatchObject({
      representative: { name: 'school_head in', email: 'school_head.in@example.net' },
      className: '2NDE1',
      guardians: [{ firstName: 'Anne', lastName: 'Le Goff', email: '' }],
      guardiansChecked: false,
    });
    // the platform's default template, published once for the school year
    const templates = await t.database.db.select().from(conventionTemplates);
    expect(templates).toHaveLength(1);
    expect(templates[0]).toMatchObject({ academyCode: null, schoolYear: '2026-2027', status: 'published' });
    expect(c!.templateId).toBe(templates[0]!.id);
    const events = await eventsOf(c!.id);
    expect(events.map((e) => [e.seq, e.kind])).toEqual([[1, 'created']]);
    const [mail] = await mailsOf('convention_to_complete');
    expect(mail!.to).toBe('helene.quere@chu.example');
    expect(mail!.text).toContain(c!.reference);
    expect(mail!.text).toContain(`http://localhost:3000/conventions/${c!.id}`);
  });

  it('split 1 + 1 with two hosts: two conventions once the head approves', async () => {
    const o1 = await offerByTitle('Découverte de l’hôpital');
    const o3 = await offerByTitle('Développement web');
    const first = await confirmThroughApi(o1.id, 1);
    expect(first.res.statusCode).toBe(200);
    const second = await confirmThroughApi(o3.id, 2);
    expect(second.res.json().status).toBe('split_pending');
    expect(await conventionsOfApplication(second.id)).toEqual([]);
    const approved = await call('school_head', 'POST', `/api/applications/${second.id}/split`, {
      decision: 'approve',
    });
    expect(approved.statusCode).toBe(200);
    const [c2] = await conventionsOfApplication(second.id);
    expect(c2).toMatchObject({ weeks: 2, startDate: '2027-06-21', endDate: '2027-06-25' });
    expect(c2!.parties.host.name).toBe('Breizh Informatique');
    const all = await t.database.db.select().from(conventions);
    expect(all).toHaveLength(2);
    expect(new Set(all.map((c) => c.reference)).size).toBe(2);
  });

  it('off-platform: the stage confirmed by its representative, then by the student, gets its convention', async () => {
    const declared = await call(
      'student',
      'POST',
      '/api/students/me/external-stages',
      declarationPayload({ siret: '40483304800022', weeks: 3 }),
    );
    expect(declared.statusCode).toBe(201);
    const [invitation] = await mailsOf('external_stage_invitation');
    const token = /\/accueil-stage\/([A-Za-z0-9_-]+)/.exec(invitation!.text)![1]!;
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/external-stages/invitations/${token}/accept`,
      payload: {
        hostName: 'Boulangerie Le Fournil',
        siret: '40483304800022',
        address: '3 rue de la Monnaie',
        postalCode: '35000',
        communeName: 'Rennes',
        sectorCode: 'sante',
        contactFirstName: 'Jeanne',
        contactLastName: 'Riou',
        contactRole: 'Gérante',
        activities: 'Fabrication du pain, accueil des clients.',
      },
    });
    expect(accepted.statusCode).toBe(200);
    const applicationId = accepted.json().applicationId as string;
    expect(await conventionsOfApplication(applicationId)).toEqual([]);
    const confirmed = await call('student', 'POST', `/api/applications/${applicationId}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    const [c] = await conventionsOfApplication(applicationId);
    expect(c).toMatchObject({
      status: 'completion',
      weeks: 3,
      startDate: '2027-06-14',
      endDate: '2027-06-25',
    });
    expect(c!.parties.host.name).toBe('Boulangerie Le Fournil');
    expect(c!.hostPart.activities).toBe('Fabrication du pain, accueil des clients.');
  });

  it('the backfill creates the missing conventions once, and a withdrawal cancels the convention', async () => {
    const o1 = await offerByTitle('Découverte de l’hôpital');
    const [a] = await t.database.db
      .insert(applications)
      .values({
        studentId: t.academy.students[0]!.id,
        offerId: o1.id,
        weeks: 1,
        motivation: 'Motivée',
        status: 'confirmed',
        appliedAt: t.now,
        expiresAt: t.now,
        acceptedAt: t.now,
        confirmedAt: t.now,
        updatedAt: t.now,
      })
      .returning();
    expect(await ensureConventions(t.database.db, t.now)).toBe(1);
    expect(await ensureConventions(t.database.db, t.now)).toBe(0);
    const [c] = await conventionsOfApplication(a!.id);
    expect(c!.status).toBe('completion');

    const withdrawn = await call('student', 'POST', `/api/applications/${a!.id}/withdraw`);
    expect(withdrawn.statusCode).toBe(200);
    const [after] = await conventionsOfApplication(a!.id);
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'Stage retiré par l’élève.' });
    expect((await eventsOf(c!.id)).map((e) => e.kind)).toEqual(['created', 'cancel']);
    const cancelledMails = await mailsOf('convention_cancelled');
    expect(cancelledMails.map((m) => m.to)).toContain('school_head.in@example.net');
    expect(cancelledMails[0]!.text).toContain('Stage retiré par l’élève.');
    expect((await verifyConventionTrail(t.database.db, c!.id)).ok).toBe(true);
  });
});

describe('completing the parts', () => {
  it('host: missing fields listed, 7 h 01 on Tuesday refused naming the day, nothing saved; then complete', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now);
    const url = `/api/conventions/${c.id}/host-part`;
    const detail = await call('host_member', 'GET', `/api/conventions/${c.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ step: 'host_to_complete', viewer: { canEditHost: true } });
    expect(detail.json().missing.host.map((m: { field: string }) => m.field)).toContain('insurance.insurer');

    const incomplete = await call('host_member', 'PUT', url, {
      version: 1,
      hostPart: { ...validHostPart(c.hostPart), insurance: { insurer: '', policyNumber: '' } },
      complete: true,
    });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().detail).toContain('Assurance responsabilité civile : assureur');

    const hours = validHostPart(c.hostPart).hours.map((h) =>
      h.day === 2 ? { ...h, from: '08:59', to: '17:00' } : h,
    );
    const tooLong = await call('host_member', 'PUT', url, {
      version: 1,
      hostPart: { ...validHostPart(c.hostPart), hours },
      complete: true,
    });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().detail).toMatch(/mardi/);
    expect(tooLong.json().errors.some((e: { field: string }) => e.field === 'hours')).toBe(true);
    const [unchanged] = await t.database.db.select().from(conventions).where(eq(conventions.id, c.id));
    expect(unchanged).toMatchObject({ version: 1, hostCompletedAt: null });
    expect(unchanged!.hostPart).toEqual(c.hostPart);

    // a draft with the long day is saved (not complete), then the valid part declared complete
    const draft = await call('host_member', 'PUT', url, {
      version: 1,
      hostPart: { ...validHostPart(c.hostPart), hours },
      complete: false,
    });
    expect(draft.statusCode).toBe(200);
    expect(draft.json().problems.some((p: { day?: number }) => p.day === 2)).toBe(true);
    const done = await call('host_member', 'PUT', url, {
      version: 2,
      hostPart: validHostPart(c.hostPart),
      complete: true,
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ version: 3, step: 'school_to_complete' });
    // what is left is the lycée's: the guardian's address
    expect(done.json().problems.map((p: { field: string }) => p.field)).toEqual([
      'schoolPart.guardians.0.email',
    ]);
    expect(done.json().hostCompletedAt).not.toBeNull();
    const events = await eventsOf(c.id);
    expect(events.map((e) => e.kind)).toEqual(['created', 'edit_host_part', 'edit_host_part']);
    // the entry names what changed (the part itself stays on the convention)
    expect(events[2]!.details).toMatchObject({ complete: true, changed: ['hours'] });
    expect(events[2]!.actorRole).toBe('host_member');
  });

  it('school: a guardian without e-mail refused; a stale version is refused with 409', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now);
    const url = `/api/conventions/${c.id}/school-part`;
    const part = validSchoolPart(c.schoolPart);
    const noEmail = await call('school_staff', 'PUT', url, {
      version: 1,
      schoolPart: { ...part, guardians: [{ ...part.guardians[0]!, email: '' }] },
      complete: true,
    });
    expect(noEmail.statusCode).toBe(422);
    expect(noEmail.json().detail).toContain('Représentant légal 1');
    expect(noEmail.json().detail).toMatch(/adresse e-mail/);
    const ok = await call('school_staff', 'PUT', url, { version: 1, schoolPart: part, complete: true });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().schoolCompletedAt).not.toBeNull();
    const stale = await call('school_head', 'PUT', url, { version: 1, schoolPart: part, complete: false });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toMatch(/^La convention a été modifiée entre-temps/);
  });
});

describe('validation', () => {
  it('stores the document with its SHA-256, creates the signatories and mails each a personal link', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now, { complete: true });
    const preview = await call('host_member', 'GET', `/api/conventions/${c.id}/document.pdf`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');

    const res = await call('school_head', 'POST', `/api/conventions/${c.id}/validate`, { version: 1 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'validated', step: 'signatures', version: 2 });
    expect(body.missingSignatures.sort()).toEqual(['guardian_1', 'host', 'school', 'student']);
    const [row] = await t.database.db.select().from(conventions).where(eq(conventions.id, c.id));
    const [file] = await t.database.db
      .select()
      .from(storedFiles)
      .where(eq(storedFiles.id, row!.documentFileId!));
    expect(file).toMatchObject({
      purpose: 'convention_document',
      uploadedBy: '00000000-0000-0000-0000-000000000000',
      mediaType: 'application/pdf',
    });
    expect(row!.documentSha256).toBe(sha256(file!.content));
    expect(body.documentSha256).toBe(row!.documentSha256);
    // the stored document is served from now on
    const pdf = await call('student', 'GET', `/api/conventions/${c.id}/document.pdf`);
    expect(sha256(pdf.rawPayload)).toBe(row!.documentSha256);

    const signatories = await t.database.db
      .select()
      .from(conventionSignatories)
      .where(eq(conventionSignatories.conventionId, c.id));
    expect(signatories.map((s) => [s.role, s.email]).sort()).toEqual(
      [
        ['guardian_1', 'anne.legoff@famille.example'],
        ['host', 'helene.quere@chu.example'],
        ['school', 'school_head.in@example.net'],
        ['student', 'student.in@example.net'],
      ].sort(),
    );
    const sent = await mailsOf('convention_ready_to_sign');
    expect(sent).toHaveLength(4);
    for (const m of sent) {
      const token = /http:\/\/localhost:3000\/signature\/([A-Za-z0-9_-]{43})/.exec(m.text)?.[1];
      expect(token).toBeDefined();
      const s = signatories.find((x) => x.email === m.to)!;
      expect(s.tokenHash).toBe(sha256(token!));
      expect(JSON.stringify(signatories)).not.toContain(token);
    }
    // masked addresses for a host, full ones for the lycée
    const forHost = (await call('host_member', 'GET', `/api/conventions/${c.id}`)).json();
    expect(forHost.signatories.find((s: { role: string }) => s.role === 'guardian_1').email).not.toContain(
      'anne.legoff',
    );
    const forStudent = (await call('student', 'GET', `/api/conventions/${c.id}`)).json();
    expect(forStudent.viewer.signAs).toEqual(['student']);
    expect((await eventsOf(c.id)).map((e) => e.kind)).toEqual(['created', 'validate']);
  });

  it('a change after validation reopens it: signatures cancelled, signatories told', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now, { complete: true });
    expect(
      (await call('school_head', 'POST', `/api/conventions/${c.id}/validate`, { version: 1 })).statusCode,
    ).toBe(200);
    // the guardian had signed already (the signing module does it; set here directly)
    await t.database.db
      .update(conventionSignatories)
      .set({ signedAt: t.now, method: 'email_code' })
      .where(and(eq(conventionSignatories.conventionId, c.id), eq(conventionSignatories.role, 'guardian_1')));
    const changed = await call('host_member', 'PUT', `/api/conventions/${c.id}/host-part`, {
      version: 2,
      hostPart: { ...validHostPart(c.hostPart), lunch: 'Repas fourni par l’organisme.' },
      complete: true,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'completion', step: 'to_validate', documentSha256: null });
    expect(
      await t.database.db
        .select()
        .from(conventionSignatories)
        .where(eq(conventionSignatories.conventionId, c.id)),
    ).toEqual([]);
    const told = await mailsOf('convention_signatures_cancelled');
    expect(told).toHaveLength(4);
    expect(told.find((m) => m.to === 'anne.legoff@famille.example')!.text).toContain(
      'Votre signature est annulée',
    );
    const events = await eventsOf(c.id);
    expect(events.map((e) => e.kind)).toEqual(['created', 'validate', 'edit_host_part']);
    expect(events[2]!.details).toMatchObject({ reopened: true });
    expect(JSON.stringify(events[2]!.details)).toContain('guardian_1');
    // validated again: new links
    const again = await call('school_head', 'POST', `/api/conventions/${c.id}/validate`, { version: 3 });
    expect(again.statusCode).toBe(200);
    expect(await mailsOf('convention_ready_to_sign')).toHaveLength(8);
  });

  it('refused while a part is not declared complete; a teacher who is not a delegate may not validate', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now);
    const res = await call('school_head', 'POST', `/api/conventions/${c.id}/validate`, { version: 1 });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/ne peut pas être validée/);
    const teacher = await call('school_staff', 'POST', `/api/conventions/${c.id}/validate`, { version: 1 });
    expect(teacher.statusCode).toBe(403);
    expect(teacher.json().detail).toMatch(/rôle/);
  });

  it('bulk: each validated on its own, refusals with their reason', async () => {
    const ready = await makeConvention(t.database.db, t.academy, t.now, { complete: true });
    const notReady = await makeConvention(t.database.db, t.academy, t.now);
    const other = await makeConvention(t.database.db, t.academy, t.now, { studentIndex: 3, complete: true });
    const res = await call('school_head', 'POST', '/api/conventions/bulk/validate', {
      ids: [ready.id, notReady.id, other.id],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.validated).toEqual([ready.id]);
    expect(body.refused).toHaveLength(2);
    expect(body.refused.find((r: { id: string }) => r.id === notReady.id)).toMatchObject({
      reference: notReady.reference,
    });
    expect(body.refused.find((r: { id: string }) => r.id === other.id).message).toBe(
      'Aucune convention de votre périmètre ne correspond.',
    );
  });
});

describe('scope and lists', () => {
  it('another lycée’s head, another host, another student: 404; a role that may not edit: 403', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now);
    const url = `/api/conventions/${c.id}`;
    for (const who of ['school_head', 'host_member', 'student', 'guardian'] as const) {
      const res = await call(who, 'GET', url, undefined, 'outside');
      expect(res.statusCode, who).toBe(404);
      expect(res.json().detail).toBe('Aucune convention de votre périmètre ne correspond.');
    }
    for (const who of ['school_head', 'school_staff', 'host_member', 'student', 'guardian', 'admin'] as const)
      expect((await call(who, 'GET', url)).statusCode, who).toBe(200);
    const otherHost = await call(
      'host_member',
      'PUT',
      `${url}/host-part`,
      { version: 1, hostPart: validHostPart(c.hostPart), complete: false },
      'outside',
    );
    expect(otherHost.statusCode).toBe(404);
    const student = await call('student', 'PUT', `${url}/host-part`, {
      version: 1,
      hostPart: validHostPart(c.hostPart),
      complete: false,
    });
    expect(student.statusCode).toBe(403);
    expect(student.json().detail).toMatch(/rôle/);
    expect((await call('dsden', 'GET', url)).statusCode).toBe(403);
  });

  it('the head’s list counts by step, filters and pages; a student sees their own only', async () => {
    await makeConvention(t.database.db, t.academy, t.now);
    await makeConvention(t.database.db, t.academy, t.now);
    const ready = await makeConvention(t.database.db, t.academy, t.now, { complete: true });
    await makeConvention(t.database.db, t.academy, t.now, { studentIndex: 1, hostIndex: 1 });
    await makeConvention(t.database.db, t.academy, t.now, { studentIndex: 3 });
    const head = await call('school_head', 'GET', '/api/conventions');
    expect(head.statusCode).toBe(200);
    expect(head.json()).toMatchObject({
      total: 4,
      counts: {
        host_to_complete: 3,
        school_to_complete: 0,
        to_validate: 1,
        signatures: 0,
        signed: 0,
        done: 0,
        cancelled: 0,
      },
    });
    const toValidate = await call('school_head', 'GET', '/api/conventions?step=to_validate');
    expect(toValidate.json().items.map((i: { id: string }) => i.id)).toEqual([ready.id]);
    expect(toValidate.json().items[0]).toMatchObject({
      student: { firstName: 'Léa', className: '2NDE1' },
      host: { name: 'CHU de Rennes' },
      stepLabel: expect.any(String),
    });
    const search = await call('school_head', 'GET', '/api/conventions?q=tanguy');
    expect(search.json().total).toBe(1);
    expect((await call('school_head', 'GET', '/api/conventions?page=2')).json().items).toEqual([]);
    expect((await call('student', 'GET', '/api/conventions')).json().total).toBe(3);
    expect((await call('host_member', 'GET', '/api/conventions')).json().total).toBe(4);
    expect((await call('host_member', 'GET', '/api/conventions', undefined, 'outside')).json().total).toBe(1);
    expect((await call('school_head', 'GET', '/api/conventions', undefined, 'outside')).json().total).toBe(1);
  });

  it('the head cancels with a reason; the parties are told', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now, { complete: true });
    const empty = await call('school_head', 'POST', `/api/conventions/${c.id}/cancel`, { reason: '  ' });
    expect(empty.statusCode).toBe(400);
    const res = await call('school_head', 'POST', `/api/conventions/${c.id}/cancel`, {
      reason: 'Stage reporté',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'cancelled',
      step: 'cancelled',
      cancelReason: 'Stage reporté',
    });
    expect((await mailsOf('convention_cancelled')).map((m) => m.to).sort()).toEqual([
      'helene.quere@chu.example',
      'school_head.in@example.net',
    ]);
    const again = await call('school_head', 'POST', `/api/conventions/${c.id}/cancel`, { reason: 'Encore' });
    expect(again.statusCode).toBe(409);
  });
});

describe('the event chain', () => {
  it('verifies, detects an edited entry, and the trigger refuses updates', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now, { complete: true });
    await call('school_head', 'POST', `/api/conventions/${c.id}/validate`, { version: 1 });
    expect(await verifyConventionTrail(t.database.db, c.id)).toEqual({ ok: true });
    await expect(
      t.database.db.execute(sql`update convention_events set kind = 'x' where convention_id = ${c.id}`),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(sql`delete from convention_events where convention_id = ${c.id}`),
    ).rejects.toThrow();
    await t.database.db.execute(
      sql`alter table convention_events disable trigger convention_events_no_update`,
    );
    try {
      await t.database.db.execute(
        sql`update convention_events set details = '{"forged": true}'::jsonb
            where convention_id = ${c.id} and seq = 2`,
      );
    } finally {
      await t.database.db.execute(
        sql`alter table convention_events enable trigger convention_events_no_update`,
      );
    }
    const check = await verifyConventionTrail(t.database.db, c.id);
    expect(check).toMatchObject({ ok: false, seq: 2 });
  });
});

describe('concurrent writers', () => {
  it('the default template is inserted once for the year, whoever asks first', async () => {
    const db = t.database.db;
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => db.transaction((tx) => templateForYear(tx, '14', '2026-2027', t.now))),
    );
    expect(new Set(ids.map((x) => x.id)).size).toBe(1);
    expect(await db.select().from(conventionTemplates)).toHaveLength(1);
  });

  it('appends from parallel transactions never fork the chain', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.database.db.transaction((tx) =>
          appendConventionEvent(tx, {
            conventionId: c.id,
            kind: 'edit_school_part',
            at: new Date(t.now.getTime() + i),
            details: { i },
          }),
        ),
      ),
    );
    const events = await eventsOf(c.id);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await verifyConventionTrail(t.database.db, c.id)).toEqual({ ok: true });
  });
});

describe('the placement feed', () => {
  it('a student whose conventions of both weeks are signed is « Placé »', async () => {
    const o1 = await offerByTitle('Découverte de l’hôpital');
    const { id, res } = await confirmThroughApi(o1.id, 3);
    expect(res.statusCode).toBe(200);
    const statusOfLea = async () => {
      const list = await call('school_head', 'GET', '/api/schools/0350024L/students');
      expect(list.statusCode).toBe(200);
      const lea = list.json().items.find((s: { firstName: string }) => s.firstName === 'Léa') as {
        placement: { statusLabel: string };
      };
      return lea.placement.statusLabel;
    };
    expect(await statusOfLea()).toBe('Couvert');
    await t.database.db
      .update(conventions)
      .set({ status: 'signed', signedAt: t.now })
      .where(eq(conventions.applicationId, id));
    expect(await statusOfLea()).toBe('Placé');
  });
});
