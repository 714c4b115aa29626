/**
 * Public verification of a convention (issue 6 §7): the sealed PDF is authentic; one byte changed,
 * truncated, another PDF, a PDF sealed by another certificate, not a PDF: each says why not, in
 * French. A reference typed by hand says whether the convention exists and is sealed; names are
 * initials only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { conventions, storedFiles } from '../src/db/schema/index.ts';
import { SEAL_MESSAGES, createSealer, generateSelfSignedP12 } from '../src/infra/seal.ts';
import { renderPdf } from '../src/infra/pdf.ts';
import { initials } from '../src/conventions/verify.service.ts';
import {
  loadConfiguredSealer,
  loadOrCreateSelfSigned,
  platformSealer,
} from '../src/conventions/certificate.ts';
import { platformCertificates } from '../src/db/schema/index.ts';
import { useAcademyApp } from './helpers/academy-app.ts';
import { multipart } from './helpers/multipart.ts';
import { lastCode, validatedConventions, type ValidatedConvention } from './convention-signing-fixtures.ts';

const t = useAcademyApp();

async function verify(content: Uint8Array, filename = 'convention.pdf') {
  return t.app.inject({
    method: 'POST',
    url: '/api/verify',
    ...multipart([{ name: 'file', file: { filename, content } }]),
  });
}

async function signAll(c: ValidatedConvention) {
  for (const role of ['school', 'host', 'student', 'guardian_1'] as const) {
    t.now = new Date(t.now.getTime() + 1000);
    const r = await t.app.inject({ method: 'POST', url: `/api/signatures/${c.tokens[role]}/code` });
    expect(r.statusCode, r.body).toBe(202);
    const code = await lastCode(t.database.db, c.emails[role]!);
    const s = await t.app.inject({
      method: 'POST',
      url: `/api/signatures/${c.tokens[role]}/sign`,
      payload: { challengeId: r.json().challengeId, code },
    });
    expect(s.statusCode, s.body).toBe(200);
  }
}

let convention: ValidatedConvention;
let sealed: Uint8Array;

beforeEach(async () => {
  [convention] = (await validatedConventions(
    t.database.db,
    t.academy,
    t.accounts.inside.school_head!.userId,
    t.now,
  )) as [ValidatedConvention];
  await signAll(convention);
  const [c] = await t.database.db.select().from(conventions).where(eq(conventions.id, convention.id));
  const [f] = await t.database.db.select().from(storedFiles).where(eq(storedFiles.id, c!.sealedFileId!));
  sealed = new Uint8Array(f!.content);
});

describe('POST /api/verify', () => {
  it('says the sealed PDF is authentic, with its template and the signatures as initials', async () => {
    const r = await verify(sealed);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ authentic: true, reference: convention.reference });
    expect(body.message).toMatch(
      new RegExp(
        `^Document authentique : c’est la convention ${convention.reference}, scellée par la plateforme le `,
      ),
    );
    expect(body.convention).toMatchObject({
      reference: convention.reference,
      status: 'signed',
      template: { version: 1, schoolYear: '2026-2027' },
    });
    expect(body.convention.sealedAt).toBe(t.now.toISOString());
    expect(
      body.convention.signatures.map((s: { roleLabel: string; name: string }) => [s.roleLabel, s.name]),
    ).toEqual([
      ['Chef d’établissement ou délégué', 'A. M.'],
      ['Représentant de l’organisme d’accueil', 'H. Q.'],
      ['Élève', 'L. L. G.'],
      ['Représentant légal 1', 'A. L. G.'],
    ]);
    // full names never leave the server on this public page
    expect(r.body).not.toContain('Morvan');
    expect(r.body).not.toContain('Quéré');
  });

  it('one byte changed: altered; truncated; another PDF; sealed by another certificate; not a PDF', async () => {
    const altered = Uint8Array.from(sealed);
    const at = Math.floor(sealed.length / 3);
    altered[at] = altered[at]! ^ 0x01;
    let r = await verify(altered);
    expect(r.json()).toEqual({ authentic: false, message: SEAL_MESSAGES.altered });

    r = await verify(sealed.subarray(0, sealed.length - 500));
    expect(r.json()).toEqual({ authentic: false, message: SEAL_MESSAGES.truncated });

    const plain = await renderPdf({
      reference: 'CS-2026-0000-0000',
      title: 'Un autre document',
      blocks: [{ type: 'paragraph', text: 'Ceci n’est pas une convention scellée.' }],
      footer: 'Autre',
    });
    r = await verify(plain);
    expect(r.json()).toEqual({ authentic: false, message: SEAL_MESSAGES.no_seal });

    const other = generateSelfSignedP12('Un autre cachet', t.now);
    const foreign = await createSealer(other).seal(plain, {
      reason: 'Test',
      location: 'Ailleurs',
      name: 'Autre',
      signedAt: t.now,
    });
    r = await verify(foreign);
    expect(r.json()).toEqual({ authentic: false, message: SEAL_MESSAGES.other_certificate });

    r = await verify(new TextEncoder().encode('Bonjour, je ne suis pas un PDF.'), 'lettre.pdf');
    expect(r.json()).toEqual({ authentic: false, message: SEAL_MESSAGES.not_pdf });
  });

  it('refuses an empty form, an empty file and a file over 5 MB, in French', async () => {
    let r = await t.app.inject({
      method: 'POST',
      url: '/api/verify',
      ...multipart([{ name: 'autre', value: 'x' }]),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toBe('Choisissez le PDF de la convention à vérifier (champ « file »).');
    r = await verify(new Uint8Array());
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toBe('Le fichier envoyé est vide.');
    r = await verify(new Uint8Array(5 * 1024 * 1024 + 10));
    expect(r.statusCode).toBe(413);
    expect(r.json().detail).toMatch(/^Le fichier dépasse 5 Mo/);
    r = await t.app.inject({ method: 'POST', url: '/api/verify', payload: { file: 'x' } });
    expect(r.statusCode).toBe(400);
  });
});

describe('GET /api/verify/:reference', () => {
  it('says a sealed convention exists, typed loosely; unknown 404; malformed 400', async () => {
    const loose = convention.reference.toLowerCase().replaceAll('-', ' ');
    let r = await t.app.inject(`/api/verify/${encodeURIComponent(loose)}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ authentic: true, reference: convention.reference });
    expect(r.json().message).toMatch(/existe et a été signée par toutes les parties puis scellée le /);
    expect(r.json().convention.signatures).toHaveLength(4);

    r = await t.app.inject('/api/verify/CS-2026-ZZZZ-ZZZZ');
    expect(r.statusCode).toBe(404);
    expect(r.json().detail).toBe(
      'Aucune convention ne porte la référence CS-2026-ZZZZ-ZZZZ : vérifiez-la sur le document.',
    );

    r = await t.app.inject('/api/verify/bonjour');
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toMatch(/^« bonjour » n’est pas une référence de convention/);
  });

  it('says a convention not yet signed by everyone has no signed PDF', async () => {
    const [other] = await validatedConventions(
      t.database.db,
      t.academy,
      t.accounts.inside.school_head!.userId,
      t.now,
      1,
    );
    const r = await t.app.inject(`/api/verify/${other!.reference}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      authentic: false,
      convention: { status: 'validated', sealedAt: null, signatures: [] },
    });
    expect(r.json().message).toMatch(
      /n’est pas signée par toutes les parties \(elle est validée, en cours de signature\)/,
    );
  });
});

describe('initials', () => {
  it('keeps the first letter of each name and of each part of a compound one', () => {
    expect(initials('Jean-Pierre Le Goff')).toBe('J.-P. L. G.');
    expect(initials('  élodie  quéré ')).toBe('É. Q.');
  });
});

describe('the platform certificate', () => {
  it('is created once in the database, whoever asks first: every loader seals with the same one', async () => {
    await t.database.db.delete(platformCertificates);
    const deps = { db: t.database.db, clock: () => t.now };
    const [a, b] = await Promise.all([loadOrCreateSelfSigned(deps), loadOrCreateSelfSigned(deps)]);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(await t.database.db.select().from(platformCertificates)).toHaveLength(1);
    const again = await platformSealer(deps)();
    expect(again.fingerprint).toBe(a.fingerprint);
  });

  it('loads the configured PKCS#12, or says in French which variable is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sceau-'));
    try {
      const p12 = generateSelfSignedP12('Cachet de production', t.now);
      const path = join(dir, 'sceau.p12');
      writeFileSync(path, p12.p12);
      const sealer = await loadConfiguredSealer({ p12Path: path, passphrase: p12.passphrase });
      expect(sealer.fingerprint).toBe(p12.fingerprint);
      await expect(loadConfiguredSealer({ p12Path: path, passphrase: 'pas la bonne' })).rejects.toThrow(
        /^Certificat de scellement inutilisable : le fichier de SEAL_P12_PATH ne s’ouvre pas avec SEAL_P12_PASSPHRASE/,
      );
      await expect(
        loadConfiguredSealer({ p12Path: join(dir, 'absent.p12'), passphrase: 'x' }),
      ).rejects.toThrow(/^Certificat de scellement illisible : SEAL_P12_PATH vaut « .*absent\.p12 »/);
      // nothing is written to the database when the certificate comes from the configuration
      await t.database.db.delete(platformCertificates);
      await platformSealer({
        db: t.database.db,
        clock: () => t.now,
        seal: { p12Path: path, passphrase: p12.passphrase },
      })();
      expect(await t.database.db.select().from(platformCertificates)).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
