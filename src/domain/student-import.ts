/**
 * Student import (issue 3, item 6): parsing and checking the CSV export of a lycée's information
 * system. Pure: bytes in, rows and French errors out. One row per student: INE, names, birth
 * date, class (division), one or two legal representatives. The separator (";", "," or tab) and
 * the encoding (UTF-8 with or without BOM, else Windows-1252) are detected; headers are matched
 * without regard to case, accents or punctuation.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { foldAccents } from './text.ts';

/** Largest file accepted (bytes). */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** Largest number of student lines in one file. */
export const MAX_IMPORT_ROWS = 5000;

export type Field =
  | 'ine'
  | 'lastName'
  | 'firstName'
  | 'birthDate'
  | 'className'
  | 'g1LastName'
  | 'g1FirstName'
  | 'g1Email'
  | 'g1Phone'
  | 'g2LastName'
  | 'g2FirstName'
  | 'g2Email'
  | 'g2Phone';

/** The column names shown in messages. */
export const FIELD_LABELS: Record<Field, string> = {
  ine: 'INE',
  lastName: 'Nom',
  firstName: 'Prénom',
  birthDate: 'Date de naissance',
  className: 'Classe',
  g1LastName: 'Nom responsable 1',
  g1FirstName: 'Prénom responsable 1',
  g1Email: 'Courriel responsable 1',
  g1Phone: 'Téléphone responsable 1',
  g2LastName: 'Nom responsable 2',
  g2FirstName: 'Prénom responsable 2',
  g2Email: 'Courriel responsable 2',
  g2Phone: 'Téléphone responsable 2',
};

export const REQUIRED_FIELDS: readonly Field[] = [
  'ine',
  'lastName',
  'firstName',
  'birthDate',
  'className',
  'g1LastName',
  'g1FirstName',
];

/** Lower case, accents folded, punctuation as spaces, "responsable1" → "responsable 1". */
export function normalizeHeader(header: string): string {
  return foldAccents(header)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
}

const GUARDIAN_WORDS = [
  'responsable',
  'resp',
  'responsable legal',
  'representant',
  'representant legal',
  'rl',
  'parent',
];
const GUARDIAN_FIELD_WORDS: Record<'LastName' | 'FirstName' | 'Email' | 'Phone', string[]> = {
  LastName: ['nom', 'nom de famille'],
  FirstName: ['prenom'],
  Email: ['courriel', 'email', 'e mail', 'mel', 'mail', 'adresse electronique', 'adresse mail'],
  Phone: ['telephone', 'tel', 'telephone portable', 'portable', 'tel portable', 'mobile'],
};

function buildAliases(): Map<string, Field> {
  const map = new Map<string, Field>();
  const add = (field: Field, names: string[]) => {
    for (const n of names) map.set(normalizeHeader(n), field);
  };
  add('ine', ['ine', 'numero ine', 'n ine', 'no ine', 'num ine', 'identifiant national eleve', 'ine eleve']);
  add('lastName', ['nom', 'nom de famille', 'nom eleve', 'nom de l eleve', 'nom d usage']);
  add('firstName', ['prenom', 'prenom eleve', 'prenom de l eleve', 'prenom 1']);
  add('birthDate', ['date de naissance', 'date naissance', 'ne le', 'ne e le', 'naissance', 'date de naiss']);
  add('className', ['classe', 'division', 'classe division', 'div', 'code division', 'libelle division']);
  for (const rank of [1, 2] as const) {
    for (const [kind, words] of Object.entries(GUARDIAN_FIELD_WORDS)) {
      const field = `g${rank}${kind}` as Field;
      const names: string[] = [];
      for (const w of words)
        for (const g of GUARDIAN_WORDS) {
          names.push(`${w} ${g} ${rank}`, `${g} ${rank} ${w}`, `${w} ${g}${rank}`, `${w} du ${g} ${rank}`);
        }
      add(field, names);
    }
  }
  return map;
}

const ALIASES = buildAliases();

/** The field a header names, if any. */
export function fieldOfHeader(header: string): Field | undefined {
  return ALIASES.get(normalizeHeader(header));
}

export type Encoding = 'utf-8' | 'windows-1252';

/** UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else Windows-1252. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(body), 'win1252'), encoding: 'windows-1252' };
  }
}

export type Separator = ';' | ',' | '\t';

/** The separator that occurs most on the header line, outside quotes (";" on a tie). */
export function detectSeparator(text: string): Separator {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts: Record<Separator, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
  }
  let best: Separator = ';';
  for (const s of [',', '\t'] as const) if (counts[s] > counts[best]) best = s;
  return best;
}

/** INE (identifiant national élève): 11 characters, 10 digits + 1 letter or 9 digits + 2 letters. */
export function normalizeIne(value: string): string | null {
  const v = value.replace(/\s+/g, '').toUpperCase();
  return /^(\d{10}[A-Z]|\d{9}[A-Z]{2})$/.test(v) ? v : null;
}

/** JJ/MM/AAAA (also J/M/AAAA, with - or .) or AAAA-MM-JJ → AAAA-MM-JJ, or null if not a real date. */
export function parseBirthDate(value: string): string | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$/.exec(v);
    if (!match) return null;
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Age in whole years on `today` (AAAA-MM-JJ). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** A student of seconde is between these ages (inclusive) during the school year. */
export const MIN_AGE = 11;
export const MAX_AGE = 25;

export function normalizeEmail(value: string): string | null {
  const v = value.trim().toLowerCase();
  return v.length <= 254 && /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[a-z]{2,}$/.test(v) ? v : null;
}

/** French numbers as "0612345678", foreign ones as "+4412345678" (spaces, dots, dashes dropped). */
export function normalizePhone(value: string): string | null {
  const v = value.replace(/[\s.\-()/]/g, '');
  if (/^0[1-9]\d{8}$/.test(v)) return v;
  if (/^(?:\+|00)33[1-9]\d{8}$/.test(v)) return `0${v.slice(-9)}`;
  if (/^(?:\+|00)[1-9]\d{6,14}$/.test(v)) return `+${v.replace(/^(\+|00)/, '')}`;
  // a French number whose leading 0 a spreadsheet dropped
  if (/^[1-9]\d{8}$/.test(v)) return `0${v}`;
  return null;
}

export interface ImportGuardian {
  rank: 1 | 2;
  lastName: string;
  firstName: string;
  email: string | null;
  phone: string | null;
}

export interface ImportRow {
  /** line number in the file (the header is line 1) */
  line: number;
  ine: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  className: string;
  guardians: ImportGuardian[];
}

export interface LineError {
  line: number;
  /** the column's name as in FIELD_LABELS, or null for the whole line */
  column: string | null;
  message: string;
}

export type ParseResult =
  | { ok: false; error: string }
  | {
      ok: true;
      encoding: Encoding;
      separator: Separator;
      rows: ImportRow[];
      errors: LineError[];
    };

const NAME_MAX = 100;
const CLASS_MAX = 30;

function clean(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Parses and checks a student export. A file-level problem (empty, unreadable, a required column
 * missing, too many lines) is one French error; a bad line is reported with its line number and
 * column and left out of the rows.
 */
export function parseStudentCsv(bytes: Uint8Array, today: string): ParseResult {
  if (bytes.length === 0) return { ok: false, error: 'Le fichier est vide.' };
  if (bytes.length > MAX_IMPORT_BYTES)
    return { ok: false, error: 'Le fichier dépasse 2 Mo : découpez-le par classe.' };
  const { text, encoding } = decodeCsv(bytes);
  if (text.includes('\u0000'))
    return { ok: false, error: 'Ce fichier n’est pas un fichier texte CSV (export tableur « CSV »).' };
  const separator = detectSeparator(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return {
      ok: false,
      error: `Le fichier CSV est mal formé${line ? ` (ligne ${line})` : ''} : vérifiez les guillemets.`,
    };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, error: 'Le fichier est vide.' };
  const columns = new Map<Field, number>();
  header.record.forEach((name, index) => {
    const field = fieldOfHeader(name);
    if (field && !columns.has(field)) columns.set(field, index);
  });
  const missing = REQUIRED_FIELDS.filter((f) => !columns.has(f));
  if (missing.length > 0) {
    const names = missing.map((f) => `« ${FIELD_LABELS[f]} »`).join(', ');
    return {
      ok: false,
      error:
        missing.length === 1
          ? `Colonne obligatoire absente : ${names}. Vérifiez la première ligne du fichier (en-têtes).`
          : `Colonnes obligatoires absentes : ${names}. Vérifiez la première ligne du fichier (en-têtes).`,
    };
  }
  const dataRows = body.filter((r) => r.record.some((v) => v.trim() !== ''));
  if (dataRows.length === 0) return { ok: false, error: 'Le fichier ne contient aucun élève.' };
  if (dataRows.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      error: `Le fichier contient ${dataRows.length} lignes : ${MAX_IMPORT_ROWS} au plus par import.`,
    };

  const rows: ImportRow[] = [];
  const errors: LineError[] = [];
  const seenIne = new Map<string, number>();
  for (const { record, info } of dataRows) {
    const line = info.lines;
    const get = (f: Field) => {
      const i = columns.get(f);
      return i === undefined ? '' : clean(record[i]);
    };
    const lineErrors: LineError[] = [];
    const fail = (f: Field, message: string) => lineErrors.push({ line, column: FIELD_LABELS[f], message });

    const rawIne = get('ine');
    const ine = normalizeIne(rawIne);
    if (rawIne === '') fail('ine', 'INE manquant.');
    else if (!ine)
      fail(
        'ine',
        `INE invalide « ${rawIne} » : 11 caractères attendus (10 chiffres et 1 lettre, ou 9 chiffres et 2 lettres).`,
      );
    else if (seenIne.has(ine)) fail('ine', `INE déjà présent ligne ${seenIne.get(ine)} du fichier.`);

    const name = (f: Field, what: string) => {
      const v = get(f);
      if (v === '') fail(f, `${what} manquant.`);
      else if (v.length > NAME_MAX) fail(f, `${what} trop long (${NAME_MAX} caractères au plus).`);
      return v;
    };
    const lastName = name('lastName', 'Nom de l’élève');
    const firstName = name('firstName', 'Prénom de l’élève');

    const rawDate = get('birthDate');
    const birthDate = parseBirthDate(rawDate);
    if (rawDate === '') fail('birthDate', 'Date de naissance manquante.');
    else if (!birthDate)
      fail('birthDate', `Date de naissance invalide « ${rawDate} » : attendu JJ/MM/AAAA ou AAAA-MM-JJ.`);
    else {
      const age = ageOn(birthDate, today);
      if (age < MIN_AGE || age > MAX_AGE)
        fail(
          'birthDate',
          `Date de naissance invraisemblable « ${rawDate} » pour un élève de seconde (${age} ans).`,
        );
    }

    const className = get('className');
    if (className === '') fail('className', 'Classe manquante.');
    else if (className.length > CLASS_MAX)
      fail('className', `Classe trop longue (${CLASS_MAX} caractères au plus).`);

    const guardians: ImportGuardian[] = [];
    for (const rank of [1, 2] as const) {
      const f = (k: 'LastName' | 'FirstName' | 'Email' | 'Phone') => `g${rank}${k}` as Field;
      const values = {
        lastName: get(f('LastName')),
        firstName: get(f('FirstName')),
        email: get(f('Email')),
        phone: get(f('Phone')),
      };
      const present = Object.values(values).some((v) => v !== '');
      if (!present) {
        if (rank === 1) fail(f('LastName'), 'Responsable légal 1 manquant (nom et prénom).');
        continue;
      }
      const gl = name(f('LastName'), `Nom du responsable ${rank}`);
      const gf = name(f('FirstName'), `Prénom du responsable ${rank}`);
      const email = values.email === '' ? null : normalizeEmail(values.email);
      if (values.email !== '' && !email)
        fail(f('Email'), `Adresse électronique du responsable ${rank} invalide « ${values.email} ».`);
      const phone = values.phone === '' ? null : normalizePhone(values.phone);
      if (values.phone !== '' && !phone)
        fail(f('Phone'), `Numéro de téléphone du responsable ${rank} invalide « ${values.phone} ».`);
      guardians.push({ rank, lastName: gl, firstName: gf, email, phone });
    }

    if (lineErrors.length > 0 || !ine || !birthDate) {
      errors.push(...lineErrors);
      continue;
    }
    seenIne.set(ine, line);
    rows.push({ line, ine, lastName, firstName, birthDate, className, guardians });
  }
  return { ok: true, encoding, separator, rows, errors };
}
