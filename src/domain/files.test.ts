import { describe, expect, it } from 'vitest';
import {
  FILE_NAME_MAX,
  MAX_FILE_BYTES,
  checkUpload,
  contentDisposition,
  isPdf,
  safeFileName,
} from './files.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const pdf = (size: number) => {
  const b = new Uint8Array(size);
  b.set(bytes('%PDF-1.7\n'));
  return b;
};

describe('isPdf', () => {
  it('needs %PDF- at offset 0', () => {
    expect(isPdf(bytes('%PDF-1.4\n%âãÏÓ'))).toBe(true);
    expect(isPdf(bytes('%PDF-'))).toBe(true);
    expect(isPdf(bytes('%PDF'))).toBe(false);
    expect(isPdf(bytes(' %PDF-1.4'))).toBe(false);
    expect(isPdf(bytes('\uFEFF%PDF-1.4'))).toBe(false);
    expect(isPdf(bytes('%pdf-1.4'))).toBe(false);
    expect(isPdf(bytes('PK\u0003\u0004 not a pdf'))).toBe(false);
    expect(isPdf(new Uint8Array())).toBe(false);
  });
});

describe('checkUpload', () => {
  it('accepts a PDF up to 2 MB included', () => {
    expect(checkUpload(pdf(100))).toBeNull();
    expect(checkUpload(pdf(MAX_FILE_BYTES))).toBeNull();
  });
  it('refuses one byte more, or a truncated upload, whatever it is', () => {
    expect(checkUpload(pdf(MAX_FILE_BYTES + 1))?.error).toBe('too_large');
    expect(checkUpload(pdf(10), true)).toEqual({ error: 'too_large', message: 'Le fichier dépasse 2 Mo.' });
  });
  it('refuses an empty file and anything that is not a PDF', () => {
    expect(checkUpload(new Uint8Array())?.error).toBe('empty');
    expect(checkUpload(bytes('<html>%PDF-1.4</html>'))).toEqual({
      error: 'not_pdf',
      message: 'Le fichier n’est pas un PDF (son contenu a été vérifié).',
    });
  });
});

describe('safeFileName', () => {
  it('keeps a plain name', () => {
    expect(safeFileName('CV Léa Le Goff.pdf')).toBe('CV Léa Le Goff.pdf');
    expect(safeFileName('certificat.PDF')).toBe('certificat.pdf');
  });
  it('keeps only the last segment of a path', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd.pdf');
    expect(safeFileName('C:\\Users\\lea\\Documents\\cv.pdf')).toBe('cv.pdf');
    expect(safeFileName('dossier/')).toBe('document.pdf');
    expect(safeFileName('..')).toBe('document.pdf');
  });
  it('removes control and bidirectional characters, collapses spaces', () => {
    expect(safeFileName('cv\u0000\u001b[31m.pdf')).toBe('cv[31m.pdf');
    expect(safeFileName('facture\u202Efdp.exe')).toBe('facturefdp.exe.pdf');
    expect(safeFileName('  mon \t\n  cv  .pdf')).toBe('mon cv.pdf');
  });
  it('falls back to document.pdf', () => {
    expect(safeFileName('')).toBe('document.pdf');
    expect(safeFileName(undefined)).toBe('document.pdf');
    expect(safeFileName('\u0007.pdf')).toBe('document.pdf');
  });
  it('keeps at most 120 characters, extension included', () => {
    const long = safeFileName(`${'é'.repeat(300)}.pdf`);
    expect(Array.from(long)).toHaveLength(FILE_NAME_MAX);
    expect(long.endsWith('é.pdf')).toBe(true);
    const emoji = safeFileName('😀'.repeat(200));
    expect(Array.from(emoji)).toHaveLength(FILE_NAME_MAX);
    expect(emoji.endsWith('😀.pdf')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('CV Léa (2027).pdf')).toBe(
      `attachment; filename="CV Lea (2027).pdf"; filename*=UTF-8''CV%20L%C3%A9a%20%282027%29.pdf`,
    );
    expect(contentDisposition('a"b\\c’.pdf')).toBe(
      `attachment; filename="a_b_c_.pdf"; filename*=UTF-8''a%22b%5Cc%E2%80%99.pdf`,
    );
  });
});
