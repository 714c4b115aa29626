import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './campaign.ts';
import {
  OFFER_IMPORT_TEMPLATE,
  columnOfHeader,
  parseHours,
  parseOfferCsv,
  type OfferImportContext,
} from './offer-import.ts';

const CTX: OfferImportContext = {
  sectors: [
    { code: 'sante', name: 'Santé' },
    { code: 'informatique-et-reseaux', name: 'Informatique et réseaux' },
  ],
  lycees: new Set(['0350024L', '0290062L']),
  limits: DEFAULT_LIMITS,
};

const HEADER =
  'titre;description;activites;code_secteur;adresse;code_postal;commune;semaine_1_places;semaine_2_places;horaires;repas;accessible;lycees_reserves';
const LINE =
  'Découverte du laboratoire;Une semaine au laboratoire.;Analyses;sante;2 rue Henri Le Guilloux;35000;Rennes;2;1;lun-jeu 9:00-12:00,13:30-17:00 | ven 9:00-12:00;Self;oui;0350024L';

const utf8 = (text: string) => new TextEncoder().encode(text);

function parsed(text: string | Uint8Array, ctx = CTX) {
  const r = parseOfferCsv(typeof text === 'string' ? utf8(text) : text, ctx);
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** The file with one line whose `column` is replaced by `value`. */
function withValue(column: string, value: string) {
  const names = HEADER.split(';');
  const values = LINE.split(';');
  values[names.indexOf(column)] = value;
  return parsed(`${HEADER}\n${values.join(';')}\n`);
}

describe('offer CSV import', () => {
  it('reads a good file into offers as they will be published', () => {
    const r = parsed(`${HEADER}\n${LINE}\n`);
    expect(r).toMatchObject({ encoding: 'utf-8', separator: ';', lines: 1, errors: [], linesInError: 0 });
    expect(r.offers).toEqual([
      {
        line: 2,
        title: 'Découverte du laboratoire',
        description: 'Une semaine au laboratoire.',
        activities: 'Analyses',
        sectorCode: 'sante',
        place: { address: '2 rue Henri Le Guilloux', postalCode: '35000', communeName: 'Rennes' },
        weeks: [
          { week: 1, places: 2 },
          { week: 2, places: 1 },
        ],
        hours: [
          ...[1, 2, 3, 4].map((day) => ({ day, from: '09:00', to: '17:00', breakMinutes: 90 })),
          { day: 5, from: '09:00', to: '12:00', breakMinutes: 0 },
        ],
        lunch: 'Self',
        accessible: true,
        groupReception: false,
        priorityEducation: false,
        reservedTo: ['0350024L'],
        contactName: null,
        contactEmail: null,
        contactPhone: null,
      },
    ]);
  });

  it('reads the template offered for download', () => {
    const r = parsed(OFFER_IMPORT_TEMPLATE);
    expect(r.errors).toEqual([]);
    expect(r.offers).toHaveLength(1);
    expect(r.offers[0]!.contactEmail).toBe('stages@example.fr');
  });

  it('matches headers without case, accents or underscores, and sectors by name', () => {
    expect(columnOfHeader('Code postal')).toBe('code_postal');
    expect(columnOfHeader('Activités')).toBe('activites');
    expect(columnOfHeader('Semaine 1 places')).toBe('semaine_1_places');
    const r = parsed('Titre,Description,Secteur,Commune,Semaine 2 places\nStage,Découverte,Santé,Rennes,3\n');
    expect(r.separator).toBe(',');
    expect(r.offers[0]).toMatchObject({ sectorCode: 'sante', weeks: [{ week: 2, places: 3 }] });
  });

  it('refuses a file without a required column, naming it', () => {
    const r = parseOfferCsv(utf8('titre;description;code_postal;semaine_1_places\nA;B;35000;1\n'), CTX);
    expect(r).toEqual({
      ok: false,
      error:
        'Colonne obligatoire absente : « code_secteur » (ou « secteur »). Vérifiez la première ligne du fichier (en-têtes).',
    });
    const unknown = parseOfferCsv(utf8(`${HEADER};couleur\n${LINE};bleu\n`), CTX);
    expect(unknown.ok === false && unknown.error).toMatch(/^Colonne inconnue : « couleur »/);
  });

  it('reports an unknown sector on its line and column', () => {
    expect(withValue('code_secteur', 'astronautique').errors).toEqual([
      { line: 2, column: 'code_secteur', message: 'secteur « astronautique » inconnu' },
    ]);
  });

  it('reports bad week places, 0 places in all, and too many places', () => {
    expect(withValue('semaine_1_places', 'deux').errors).toEqual([
      {
        line: 2,
        column: 'semaine_1_places',
        message: 'semaine 1 : nombre de places « deux » invalide (un nombre entier de 0 à 50)',
      },
    ]);
    expect(withValue('semaine_2_places', '-1').errors[0]!.column).toBe('semaine_2_places');
    const none = parsed(`${HEADER}\n${LINE.replace(';2;1;', ';0;;')}\n`);
    expect(none.errors).toEqual([
      {
        line: 2,
        column: 'semaine_1_places',
        message: 'places : au moins 1 place la semaine 1 ou la semaine 2 (0 place en tout)',
      },
    ]);
    expect(withValue('semaine_2_places', '51').errors).toEqual([
      { line: 2, column: 'semaine_2_places', message: 'semaine 2 : 50 places au plus' },
    ]);
  });

  it('checks hours against the campaign limits, and their format', () => {
    const late = withValue('horaires', 'lun-ven 9:00-12:00,13:00-21:00');
    expect(late.offers).toEqual([]);
    expect(late.errors).toContainEqual({
      line: 2,
      column: 'horaires',
      message: 'horaires : lundi : fin à 21 h, après 20 h',
    });
    expect(late.errors).toContainEqual({
      line: 2,
      column: 'horaires',
      message: 'horaires : lundi : 11 h de présence, au-delà de 7 h par jour',
    });
    expect(withValue('horaires', 'lundi-vendredi 9h00-16h00').errors.map((e) => e.message)).toEqual([
      'horaires : lundi : au-delà de 4 h 30 de présence, une pause d’au moins 30 min est due',
      'horaires : mardi : au-delà de 4 h 30 de présence, une pause d’au moins 30 min est due',
      'horaires : mercredi : au-delà de 4 h 30 de présence, une pause d’au moins 30 min est due',
      'horaires : jeudi : au-delà de 4 h 30 de présence, une pause d’au moins 30 min est due',
      'horaires : vendredi : au-delà de 4 h 30 de présence, une pause d’au moins 30 min est due',
    ]);
    expect(parseHours('dim 9:00-12:00')).toEqual({
      ok: false,
      message:
        'jour « dim » inconnu (lun, mar, mer, jeu, ven, sam ; exemple : « lun-ven 9:00-12:00,13:30-17:00 »)',
    });
    expect(parseHours('lun-ven 9:00')).toMatchObject({ ok: false });
    expect(parseHours('lun-ven 9:00-12:00,11:00-17:00')).toMatchObject({ ok: false });
    expect(parseHours('')).toEqual({ ok: true, hours: null });
  });

  it('keeps HTML as text', () => {
    const r = withValue('titre', '<b>Stage</b> <script>alert(1)</script>');
    expect(r.offers[0]!.title).toBe('<b>Stage</b> <script>alert(1)</script>');
  });

  it('refuses a description of 100,000 characters with the count', () => {
    const r = withValue('description', 'x'.repeat(100_000));
    expect(r.errors).toEqual([
      {
        line: 2,
        column: 'description',
        message: 'description : 1 500 caractères au plus (100 000 reçus)',
      },
    ]);
  });

  it('refuses unknown and malformed UAI of reserved lycées', () => {
    expect(withValue('lycees_reserves', '0350024L | 0999999Z').errors).toEqual([
      { line: 2, column: 'lycees_reserves', message: 'lycée 0999999Z inconnu de la plateforme' },
    ]);
    expect(withValue('lycees_reserves', '035').errors[0]!.message).toBe(
      'UAI « 035 » invalide : 7 chiffres et une lettre',
    );
    expect(withValue('lycees_reserves', '0350024l 0290062L').offers[0]!.reservedTo).toEqual([
      '0350024L',
      '0290062L',
    ]);
  });

  it('reads a Windows-1252 file and refuses a UTF-16 one', () => {
    const r = parsed(iconv.encode(`${HEADER}\n${LINE}\n`, 'win1252'));
    expect(r.encoding).toBe('windows-1252');
    expect(r.offers[0]!.title).toBe('Découverte du laboratoire');
    const utf16 = parseOfferCsv(iconv.encode(`${HEADER}\n${LINE}\n`, 'utf16le'), CTX);
    expect(utf16.ok).toBe(false);
    expect(!utf16.ok && utf16.error).toMatch(/n’est pas un fichier texte CSV/);
  });

  it('numbers lines from the file, quoted line breaks included, and keeps the good lines', () => {
    const multi = LINE.replace('Une semaine au laboratoire.', '"Une semaine\nau laboratoire."');
    const r = parsed(`${HEADER}\n${multi}\n${LINE.replace('sante', 'inconnu')}\n\n${LINE}\n`);
    expect(r.lines).toBe(3);
    expect(r.offers.map((o) => o.line)).toEqual([2, 6]);
    expect(r.offers[0]!.description).toBe('Une semaine\nau laboratoire.');
    expect(r.errors).toEqual([{ line: 4, column: 'code_secteur', message: 'secteur « inconnu » inconnu' }]);
    expect(r.linesInError).toBe(1);
  });

  it('reports a missing place, a bad postal code and a bad yes/no', () => {
    const noPlace = parsed(`${HEADER}\n${LINE.replace(';35000;Rennes;', ';;;')}\n`);
    expect(noPlace.errors).toEqual([
      { line: 2, column: 'code_postal', message: 'lieu du stage : indiquez le code postal ou la commune' },
    ]);
    // a Corsican INSEE code typed as postal code goes on to the geocoder
    expect(withValue('code_postal', '2A004').errors).toEqual([]);
    expect(withValue('code_postal', '3500').errors[0]!.message).toBe(
      'code postal « 3500 » invalide : 5 chiffres attendus',
    );
    expect(withValue('accessible', 'peut-être').errors[0]).toEqual({
      line: 2,
      column: 'accessible',
      message: 'accessible : « peut-être » invalide, oui ou non attendu',
    });
  });

  it('refuses an empty file and a file without offers', () => {
    expect(parseOfferCsv(new Uint8Array(), CTX)).toEqual({ ok: false, error: 'Le fichier est vide.' });
    expect(parseOfferCsv(utf8(`${HEADER}\n\n`), CTX)).toEqual({
      ok: false,
      error: 'Le fichier ne contient aucune offre.',
    });
  });
});
