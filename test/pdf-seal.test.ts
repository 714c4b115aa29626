/**
 * The PDF adapter and the seal, checked with poppler's own tools: pdftotext gives the text back (accents,
 * reference on every page), pdfsig validates the signature. Without poppler-utils these checks are skipped,
 * except in CI (process.env.CI), where they must run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import type { DocBlock, DocumentModel } from '../src/domain/document.ts';
import { renderPdf } from '../src/infra/pdf.ts';
import { SEAL_COMMON_NAME, createSealer, generateSelfSignedP12, type Sealer } from '../src/infra/seal.ts';

const hasTool = (name: string): boolean => spawnSync(name, ['-v']).error === undefined;
const poppler = hasTool('pdftotext') && hasTool('pdfsig');
if (!poppler && process.env.CI) throw new Error('pdftotext and pdfsig (poppler-utils) are required in CI');
const withPoppler = poppler ? it : it.skip;

const dir = mkdtempSync(join(tmpdir(), 'pdf-seal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function run(tool: string, args: string[], pdf: Uint8Array): { stdout: string; status: number | null } {
  const file = join(dir, `f${++counter}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  return { stdout: r.stdout, status: r.status };
}
/** pdftotext's text, pages split on form feeds, no-break spaces as spaces */
function pages(pdf: Uint8Array): string[] {
  const { stdout } = run('pdftotext', ['-enc', 'UTF-8'], pdf);
  return stdout
    .replace(/[\u00a0\u202f]/g, ' ')
    .split('\f')
    .filter((p) => p.trim() !== '');
}

const REFERENCE = 'CS-2026-7K3M-Q9XD';
const LONG_WORD = 'Hippopotomonstrosesquippedaliophobie'.repeat(6);
const createdAt = new Date('2026-06-01T10:00:00Z');

function sampleDocument(rows: number, watermark?: string): DocumentModel {
  const blocks: DocBlock[] = [
    { type: 'title', text: 'Convention relative à l’organisation d’une séquence d’observation' },
    { type: 'heading', text: 'Titre I – Dispositions générales' },
    { type: 'subheading', text: 'Article 1 – Objet' },
    {
      type: 'paragraph',
      text: 'L’élève observe ; il n’exécute aucune tâche. Cœur, œuvre, Œdipe, « guillemets », à côté, ça, è, ê, ë, ï, ô, ù, ÿ, €, …',
    },
    { type: 'paragraph', text: `Un mot très long : ${LONG_WORD} fin.` },
    {
      type: 'bullet',
      text: 'Aucune machine dangereuse (articles D. 4153-15 à D. 4153-37 du code du travail).',
    },
    { type: 'field', label: 'Nom de l’élève', value: 'Aziliz Abgrall' },
    { type: 'field', label: 'Lieu', value: `12 rue de la République, 29200 Brest ${LONG_WORD}` },
    {
      type: 'table',
      head: ['Jour', 'Matin', 'Après-midi', 'Durée'],
      rows: Array.from({ length: rows }, (_, i) => [
        `Jour ${i + 1}`,
        '9 h – 12 h',
        '13 h 30 – 17 h',
        i === 3 ? `6 h 30 ${LONG_WORD}` : '6 h 30',
      ]),
    },
    { type: 'pagebreak' },
    { type: 'heading', text: 'Page de preuve' },
    { type: 'paragraph', text: 'Empreinte du document : 0123456789abcdef' },
  ];
  return {
    reference: REFERENCE,
    title: 'Convention de stage d’observation',
    footer: 'Convention de stage – modèle 2026-2027 v1',
    blocks,
    ...(watermark ? { watermark } : {}),
  };
}

describe('renderPdf', () => {
  let pdf: Uint8Array;
  beforeAll(async () => {
    pdf = await renderPdf(sampleDocument(120, 'PROJET – non signé'), { createdAt });
  });

  it('is a PDF, deterministic for the same model and date', async () => {
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const again = await renderPdf(sampleDocument(120, 'PROJET – non signé'), { createdAt });
    expect(Buffer.from(again).equals(Buffer.from(pdf))).toBe(true);
    const later = await renderPdf(sampleDocument(120, 'PROJET – non signé'), { createdAt: new Date() });
    expect(Buffer.from(later).equals(Buffer.from(pdf))).toBe(false);
  });

  withPoppler('gives the text back with its accents, the reference and « page x / n » on every page', () => {
    const text = pages(pdf);
    expect(text.length).toBeGreaterThanOrEqual(3);
    const all = text.join('\n');
    for (const s of [
      'é',
      'è',
      'à',
      'ç',
      'œ',
      'Œ',
      '’',
      '« guillemets »',
      '€',
      'Titre I – Dispositions générales',
    ])
      expect(all).toContain(s);
    expect(all).toContain('Nom de l’élève : Aziliz Abgrall');
    // the diagonal watermark comes out in pieces (rotated text); the last page has little else
    expect(text[text.length - 1]!.replace(/\s+/g, '')).toContain('PROJET–nonsigné');
    text.forEach((page, i) => {
      expect(page).toContain(`Réf. ${REFERENCE}`);
      expect(page).toContain(`Convention de stage – modèle 2026-2027 v1`);
      expect(page).toContain(`page ${i + 1} / ${text.length}`);
    });
  });

  withPoppler('repeats the table header on each page the table spans', () => {
    const text = pages(pdf);
    const withRows = text.filter((p) => /Jour \d+/.test(p));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const page of withRows) expect(page).toContain('Après-midi');
    // every row once, in order
    const all = text.join('\n');
    for (let i = 1; i <= 120; i++) expect(all).toMatch(new RegExp(`Jour ${i}\\b`));
  });

  withPoppler('draws what the fonts lack as its base letter or « ? », never an empty box', async () => {
    const doc: DocumentModel = {
      reference: REFERENCE,
      title: 'Noms',
      footer: 'Test',
      blocks: [
        { type: 'paragraph', text: 'Nguyễn Thị Ánh, Łukasz Żółć, Dvořák, e\u0301te\u0301, 😀 fin' },
        { type: 'paragraph', text: 'avec\ttabulation\net saut de ligne' },
      ],
    };
    const text = pages(await renderPdf(doc, { createdAt })).join('\n');
    expect(text).toContain('Nguyen Thi Ánh, Łukasz Żółć, Dvořák, été, ? fin');
    expect(text).toContain('avec tabulation et saut de ligne');
  });

  withPoppler('sets the metadata: title, producer, creation date', () => {
    const file = join(dir, 'meta.pdf');
    writeFileSync(file, pdf);
    const info = spawnSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Title:\s+Convention de stage d’observation/);
    expect(info).toMatch(/Producer:\s+Stages de seconde/);
    expect(info).toMatch(/CreationDate:\s+2026-06-01T10:00:00Z/);
    expect(info).toMatch(/Page size:\s+595.28 x 841.89 pts \(A4\)/);
  });

  withPoppler('breaks a word longer than the line: nothing is drawn past the right margin', async () => {
    const plain = await renderPdf(sampleDocument(10), { createdAt });
    const file = join(dir, 'bbox.pdf');
    writeFileSync(file, plain);
    const html = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).stdout;
    const xMax = [...html.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xMax.length).toBeGreaterThan(50);
    const rightMargin = 595.28 - (18 * 72) / 25.4;
    expect(Math.max(...xMax)).toBeLessThanOrEqual(rightMargin + 0.5);
    // the long word is all there, in pieces
    const text = pages(plain).join('').replace(/\s+/g, '');
    expect(text).toContain(LONG_WORD);
  });
});

describe('seal', () => {
  let sealer: Sealer;
  let other: Sealer;
  let document: Uint8Array;
  let sealed: Uint8Array;
  const signedAt = new Date('2026-06-20T08:30:00Z');
  const info = {
    reason: 'Convention signée par toutes les parties',
    location: 'Plateforme Stages de seconde',
    name: 'Stages de seconde – cachet de la plateforme',
    signedAt,
  };

  beforeAll(async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const ours = generateSelfSignedP12(SEAL_COMMON_NAME, now);
    sealer = createSealer({ p12: ours.p12, passphrase: ours.passphrase });
    expect(sealer.fingerprint).toBe(ours.fingerprint);
    expect(sealer.certificatePem).toBe(ours.certificatePem);
    const theirs = generateSelfSignedP12(SEAL_COMMON_NAME, now);
    other = createSealer({ p12: theirs.p12, passphrase: theirs.passphrase });
    document = await renderPdf(sampleDocument(40), { createdAt });
    sealed = await sealer.seal(document, info);
  });

  it('generates a 10-year self-signed certificate for digital signature and non-repudiation', async () => {
    const { X509Certificate } = await import('node:crypto');
    const cert = new X509Certificate(sealer.certificatePem);
    expect(cert.subject).toContain(`CN=${SEAL_COMMON_NAME}`);
    expect(cert.subject).toContain('O=Plateforme Stages de seconde');
    expect(cert.issuer).toBe(cert.subject);
    expect(new Date(cert.validTo).getUTCFullYear()).toBe(2036);
    expect(cert.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(sealer.fingerprint);
    expect(() =>
      createSealer({ p12: generateSelfSignedP12('x', new Date()).p12, passphrase: 'faux' }),
    ).toThrow();
  });

  it('appends the signature to the document unchanged, and verifies', () => {
    expect(Buffer.from(sealed.subarray(0, document.length)).equals(Buffer.from(document))).toBe(true);
    expect(sealer.verify(sealed)).toEqual({ ok: true, signedAt, fingerprint: sealer.fingerprint });
  });

  withPoppler('is a valid signature for pdfsig (ETSI.CAdES.detached, whole document)', () => {
    const { stdout } = run('pdfsig', [], sealed);
    expect(stdout).toContain('Signature Validation: Signature is Valid.');
    expect(stdout).toContain('Signature Type: ETSI.CAdES.detached');
    expect(stdout).toContain('Total document signed');
    expect(stdout).toContain(`Signer Certificate Common Name: ${SEAL_COMMON_NAME}`);
    // self-signed: the certificate is not trusted, only the signature counts
    expect(stdout).toMatch(
      /Certificate Validation: (Certificate issuer isn't Trusted|Certificate issuer is unknown)/,
    );
  });

  withPoppler('one byte changed in the signed range: pdfsig and verify both refuse it', () => {
    const altered = Uint8Array.from(sealed);
    const at = Math.floor(document.length / 2);
    altered[at] = altered[at]! ^ 0x01;
    expect(run('pdfsig', [], altered).stdout).not.toContain('Signature is Valid.');
    expect(sealer.verify(altered)).toEqual({
      ok: false,
      error: 'altered',
      message: 'Ce PDF a été modifié après son scellement.',
    });
  });

  it('tells a truncated, a re-updated, a foreign, a plain PDF and random bytes apart', async () => {
    const check = (pdf: Uint8Array): string => {
      const r = sealer.verify(pdf);
      return r.ok ? 'ok' : r.error;
    };
    expect(check(sealed.subarray(0, sealed.length - 300))).toBe('truncated');
    expect(check(sealed.subarray(0, Math.floor(document.length / 2)))).toBe('truncated');
    const appended = Buffer.concat([sealed, Buffer.from('\n1 0 obj\n<< >>\nendobj\n%%EOF\n')]);
    expect(check(appended)).toBe('altered');
    expect(check(await other.seal(document, info))).toBe('other_certificate');
    expect(check(document)).toBe('no_seal');
    expect(check(Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256))).toBe('not_pdf');
    expect(check(new Uint8Array())).toBe('not_pdf');

    const messages = [
      sealer.verify(document),
      sealer.verify(sealed.subarray(0, 100)),
      sealer.verify(await other.seal(document, info)),
      sealer.verify(Buffer.from('bonjour')),
    ].map((r) => (r.ok ? '' : r.message));
    expect(messages).toEqual([
      'Ce PDF ne porte pas le cachet de la plateforme.',
      'Ce PDF est incomplet (tronqué).',
      'Ce PDF est scellé par un autre certificat que celui de la plateforme.',
      'Ce fichier n’est pas un PDF.',
    ]);
  });

  it('seals an already sealed file again: the last seal is the one checked', async () => {
    const twice = await sealer.seal(sealed, { ...info, signedAt: new Date('2026-06-21T00:00:00Z') });
    const r = sealer.verify(twice);
    expect(r.ok && r.signedAt?.toISOString()).toBe('2026-06-21T00:00:00.000Z');
    // both signature fields in the form (the AcroForm of the first seal is rewritten, not shadowed)
    const form = (await PDFDocument.load(twice)).catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    expect(form.lookup(PDFName.of('Fields'), PDFArray).size()).toBe(2);
    if (poppler) {
      const { stdout } = run('pdfsig', [], twice);
      expect(stdout).toContain('Signature #2');
      expect(stdout.match(/Signature is Valid\./g)).toHaveLength(2);
    }
  });
});
