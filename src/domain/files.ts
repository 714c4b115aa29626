/**
 * Files uploaded by users (issue 5 §1, §7): a student's CV sent with applications, the document
 * behind an exemption (SNU convocation, contrat d'études, medical certificate…). Only PDF, checked
 * from the bytes themselves (a name ending in .pdf proves nothing), 2 MB at most. The name the
 * user gave is only shown (and offered on download): it never becomes a path.
 */
import { foldAccents } from './text.ts';

export const FILE_PURPOSES = ['cv', 'exemption'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

export const FILE_PURPOSE_LABELS: Record<FilePurpose, string> = {
  cv: 'CV',
  exemption: 'Justificatif de dispense',
};

/** 2 MB: the stored_files check constraint says the same. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const PDF_MEDIA_TYPE = 'application/pdf';
/** The longest display name kept. */
export const FILE_NAME_MAX = 120;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/** True when the bytes start with the PDF header `%PDF-` (at offset 0, nothing before it). */
export function isPdf(bytes: Uint8Array): boolean {
  if (bytes.length < PDF_MAGIC.length) return false;
  return PDF_MAGIC.every((b, i) => bytes[i] === b);
}

export type FileRefusal =
  | { error: 'empty'; message: string }
  | { error: 'too_large'; message: string }
  | { error: 'not_pdf'; message: string };

export const FILE_MESSAGES = {
  empty: 'Le fichier est vide.',
  too_large: 'Le fichier dépasse 2 Mo.',
  not_pdf: 'Le fichier n’est pas un PDF (son contenu a été vérifié).',
  missing: 'Joignez un fichier PDF (champ « file »).',
  purpose: 'Indiquez l’usage du fichier (champ « purpose ») : cv ou exemption.',
} as const;

/**
 * Checks an uploaded file: `truncated` says the upload went past the limit (the reader stops
 * one byte after it). Size first (an oversized file is refused whatever it is), then content.
 */
export function checkUpload(bytes: Uint8Array, truncated = false): FileRefusal | null {
  if (truncated || bytes.length > MAX_FILE_BYTES)
    return { error: 'too_large', message: FILE_MESSAGES.too_large };
  if (bytes.length === 0) return { error: 'empty', message: FILE_MESSAGES.empty };
  if (!isPdf(bytes)) return { error: 'not_pdf', message: FILE_MESSAGES.not_pdf };
  return null;
}

/**
 * A name safe to show and to offer on download: the last segment of any path (`/` or `\`),
 * without control or bidirectional-override characters, spaces collapsed, at most 120
 * characters (code points), ending in `.pdf`; `document.pdf` when nothing is left.
 */
export function safeFileName(raw: string | undefined | null): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // C0/C1 controls, and the format characters that reorder or hide text (RLO, zero-width…)
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    // a name made only of dots is no name ('.', '..')
    .replace(/^\.+$/, '');
  let stem = cleaned.replace(/\.pdf$/i, '').trim();
  if (stem === '') stem = 'document';
  const max = FILE_NAME_MAX - '.pdf'.length;
  const chars = Array.from(stem);
  if (chars.length > max) stem = chars.slice(0, max).join('').trimEnd();
  return `${stem}.pdf`;
}

/**
 * `Content-Disposition: attachment` for a download, with an ASCII fallback (`filename=`) and the
 * exact UTF-8 name (`filename*=UTF-8''…`, RFC 6266 and RFC 8187).
 */
export function contentDisposition(fileName: string): string {
  const ascii =
    foldAccents(fileName)
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_')
      .trim() || 'document.pdf';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
