import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  detectSeparator,
  fieldOfHeader,
  normalizeIne,
  normalizePhone,
  parseBirthDate,
  parseStudentCsv,
} from './student-import.ts';

const TODAY = '2026-11-28';
const HEADER =
  'INE;Nom;Prénom;Date de naissance;Classe;Nom responsable 1;Prénom responsable 1;Courriel responsable 1;Téléphone responsable 1';
const LINE = '1234567890A;Le Goff;Léa;02/03/2011;2NDE1;Le Goff;Anne;anne@example.net;06 12 34 56 78';

const utf8 = (text: string) => new TextEncoder().encode(text);

function parsed(bytes: Uint8Array) {
  const r = parseStudentCsv(bytes, TODAY);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('student CSV import', () => {
  it('reads a semicolon file in UTF-8', () => {
    const r = parsed(utf8(`${HEADER}\n${LINE}\n`));
    expect(r.separator).toBe(';');
    expect(r.encoding).toBe('utf-8');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 2,
        ine: '1234567890A',
        lastName: 'Le Goff',
        firstName: 'Léa',
        birthDate: '2011-03-02',
        className: '2NDE1',
        guardians: [
          { rank: 1, lastName: 'Le Goff', firstName: 'Anne', email: 'anne@example.net', phone: '0612345678' },
        ],
      },
    ]);
  });

  it('detects comma and tab separators, with quoted values', () => {
    expect(detectSeparator('a,b,"c;d"')).toBe(',');
    expect(detectSeparator('a\tb\tc')).toBe('\t');
    const comma = parsed(
      utf8(`${HEADER.replaceAll(';', ',')}\n"1234567890A","Le Goff, dite Lé",Léa,2011-03-02,2NDE1,X,Y,,\n`),
    );
    expect(comma.separator).toBe(',');
    expect(comma.rows[0]!.lastName).toBe('Le Goff, dite Lé');
    const tab = parsed(utf8(`${HEADER.replaceAll(';', '\t')}\r\n${LINE.replaceAll(';', '\t')}\r\n`));
    expect(tab.separator).toBe('\t');
    expect(tab.rows).toHaveLength(1);
  });

  it('drops a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(`${HEADER}\n${LINE}\n`)]);
    const r = parsed(bytes);
    expect(r.encoding).toBe('utf-8');
    expect(r.rows[0]!.ine).toBe('1234567890A');
  });

  it('decodes Windows-1252 (é is the single byte 0xE9)', () => {
    const bytes = iconv.encode(`${HEADER}\n${LINE.replace('Léa', 'Hélène')}\n`, 'win1252');
    expect([...bytes]).toContain(0xe9);
    const r = parsed(new Uint8Array(bytes));
    expect(r.encoding).toBe('windows-1252');
    expect(r.rows[0]!.firstName).toBe('Hélène');
  });

  it('accepts common header spellings, whatever the case and accents', () => {
    for (const [header, field] of [
      ['INE', 'ine'],
      ['N° INE', 'ine'],
      ['NOM', 'lastName'],
      ['Prenom', 'firstName'],
      ['Date naissance', 'birthDate'],
      ['DIVISION', 'className'],
      ['Classe', 'className'],
      ['Nom représentant légal 1', 'g1LastName'],
      ['Prénom resp. 2', 'g2FirstName'],
      ['Email responsable1', 'g1Email'],
      ['Tél. responsable 2', 'g2Phone'],
      ['Mél responsable 1', 'g1Email'],
    ] as const) {
      expect(fieldOfHeader(header), header).toBe(field);
    }
    expect(fieldOfHeader('Régime')).toBeUndefined();
  });

  it('reports a missing required column as one French error', () => {
    const r = parseStudentCsv(
      utf8('INE;Nom;Prénom;Classe;Nom responsable 1;Prénom responsable 1\n1234567890A;A;B;2NDE1;C;D\n'),
      TODAY,
    );
    expect(r).toEqual({
      ok: false,
      error:
        'Colonne obligatoire absente : « Date de naissance ». Vérifiez la première ligne du fichier (en-têtes).',
    });
    expect(parseStudentCsv(new Uint8Array(), TODAY)).toEqual({ ok: false, error: 'Le fichier est vide.' });
  });

  it('checks the INE: 10 digits + 1 letter or 9 digits + 2 letters', () => {
    expect(normalizeIne('1234567890a')).toBe('1234567890A');
    expect(normalizeIne('123456789AB')).toBe('123456789AB');
    expect(normalizeIne('123 456 789 0A')).toBe('1234567890A');
    for (const bad of ['1234567890', '12345678901', '1234567890AB', 'ABCDEFGHIJK', '12345678A9B']) {
      expect(normalizeIne(bad), bad).toBeNull();
    }
  });

  it('checks dates, e-mails and phones', () => {
    expect(parseBirthDate('2/3/2011')).toBe('2011-03-02');
    expect(parseBirthDate('2011-03-02')).toBe('2011-03-02');
    expect(parseBirthDate('31/02/2011')).toBeNull();
    expect(parseBirthDate('2011/03/02')).toBeNull();
    expect(normalizePhone('+33 6 12 34 56 78')).toBe('0612345678');
    expect(normalizePhone('06.12.34.56.78')).toBe('0612345678');
    expect(normalizePhone('612345678')).toBe('0612345678');
    expect(normalizePhone('12')).toBeNull();
  });

  it('reports each bad line with its number and column, and skips it', () => {
    const lines = [
      HEADER,
      LINE,
      '12345;Tanguy;Yann;14/07/2011;2NDE1;Tanguy;Paul;;',
      '1234567891B;Martin;Inès;30/02/2011;2NDE2;Martin;Luc;;',
      '1234567892C;Guillou;Malo;20/01/1990;2NDE2;Guillou;Eva;;',
      '1234567893D;Riou;Tom;20/01/2011;2NDE2;Riou;Eva;pas-une-adresse;',
      '1234567894E;Kerneis;Zoé;20/01/2011;2NDE2;Kerneis;Eva;;12',
      '1234567895F;;Zoé;20/01/2011;;;;;',
      '1234567890A;Le Goff;Léa;02/03/2011;2NDE1;Le Goff;Anne;;',
      '',
      '123456789AB;Nouvelle;Classe;01/09/2011;2NDE9;Morvan;Jo;;',
    ];
    const r = parsed(utf8(lines.join('\n')));
    expect(r.rows.map((x) => x.line)).toEqual([2, 11]);
    expect(r.rows[1]!.className).toBe('2NDE9');
    const at = (line: number) =>
      r.errors.filter((e) => e.line === line).map((e) => `${e.column} : ${e.message}`);
    expect(at(3)).toEqual([
      'INE : INE invalide « 12345 » : 11 caractères attendus (10 chiffres et 1 lettre, ou 9 chiffres et 2 lettres).',
    ]);
    expect(at(4)).toEqual([
      'Date de naissance : Date de naissance invalide « 30/02/2011 » : attendu JJ/MM/AAAA ou AAAA-MM-JJ.',
    ]);
    expect(at(5)[0]).toMatch(/^Date de naissance : Date de naissance invraisemblable/);
    expect(at(6)).toEqual([
      'Courriel responsable 1 : Adresse électronique du responsable 1 invalide « pas-une-adresse ».',
    ]);
    expect(at(7)).toEqual([
      'Téléphone responsable 1 : Numéro de téléphone du responsable 1 invalide « 12 ».',
    ]);
    expect(at(8)).toEqual([
      'Nom : Nom de l’élève manquant.',
      'Classe : Classe manquante.',
      'Nom responsable 1 : Responsable légal 1 manquant (nom et prénom).',
    ]);
    expect(at(9)).toEqual(['INE : INE déjà présent ligne 2 du fichier.']);
  });
});
