import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { SECTOR_CONTENT } from './offer-content.ts';
import {
  circonscriptionId,
  cleanAddress,
  Collector,
  DEFAULT_DATA_DIR,
  loadReferenceData,
  normalizeDepartementCode,
  parseClasses,
  parseLycees,
  parseOffers,
  parseSectors,
  RENNES,
} from './reference.ts';

const LYCEE_HEADER =
  'uai,nom,statut,contrat_prive,adresse,code_postal,code_commune,commune,code_departement,departement,code_academie,academie,code_region,region,latitude,longitude,mail,lycee_agricole,education_prioritaire,qpv,code_bassin,bassin,effectif_2de_gt';

function lycee(overrides: Partial<Record<string, string>> = {}): string {
  const v: Record<string, string> = {
    uai: '0350024L',
    nom: 'Lycée Emile Zola',
    statut: 'Public',
    contrat_prive: '',
    adresse: '2 avenue Janvier',
    code_postal: '35044',
    code_commune: '35238',
    commune: 'Rennes',
    code_departement: '035',
    departement: 'Ille-et-Vilaine',
    code_academie: '14',
    academie: 'Rennes',
    code_region: '53',
    region: 'Bretagne',
    latitude: '48.1066',
    longitude: '-1.6731',
    mail: 'ce.0350024l@ac-rennes.fr',
    lycee_agricole: '0',
    education_prioritaire: '',
    qpv: 'oui',
    code_bassin: '',
    bassin: '',
    effectif_2de_gt: '382',
    ...overrides,
  };
  return LYCEE_HEADER.split(',')
    .map((c) => (/[",\n]/.test(v[c]!) ? `"${v[c]!.replace(/"/g, '""')}"` : v[c]))
    .join(',');
}

const BOX = { minLat: 47, maxLat: 49, minLon: -5.5, maxLon: -0.9 };

describe('CSV reading', () => {
  it('numbers lines from the header, through quoted fields spanning lines', () => {
    const t = parseCsv('a,b,c\n1,2,3\n"x\ny",5,6\n\n7,8\n"9,9",10,11\n', 'f.csv');
    expect(t.records.map((r) => [r.line, r.values.a])).toEqual([
      [2, '1'],
      [3, 'x\ny'],
      [7, '9,9'],
    ]);
    expect(t.rejected).toEqual([{ file: 'f.csv', line: 6, reason: '2 champ(s) au lieu de 3' }]);
  });

  it('fails in French on an unreadable file or a missing column', () => {
    expect(() => parseCsv('a,b\n1,"2\n3,4\n', 'casse.csv')).toThrow(
      /casse\.csv, ligne \d+ : fichier CSV illisible/,
    );
    expect(() => parseCsv('a,b\n1,2\n', 'f.csv', ['a', 'c'])).toThrow('f.csv : colonne(s) manquante(s) : c');
    expect(() => parseCsv('', 'vide.csv')).toThrow('vide.csv : fichier vide');
  });
});

describe('checks of the lycées', () => {
  function run(lines: string[]) {
    const c = new Collector();
    const rows = parseLycees(parseCsv([LYCEE_HEADER, ...lines].join('\n'), 'lycees.csv'), RENNES, BOX, [], c);
    return { rows, rejected: c.rejected, ignored: c.ignored };
  }

  it('imports a good line with normalised fields', () => {
    const { rows, rejected } = run([lycee()]);
    expect(rejected).toEqual([]);
    expect(rows[0]).toMatchObject({
      uai: '0350024L',
      kind: 'lycee',
      isPublic: true,
      departementCode: '35',
      academyCode: '14',
      qpv: true,
      headcount2deGt: 382,
      privateContract: null,
    });
  });

  it('reports each bad line with its number and reason, and keeps the good ones', () => {
    const { rows, rejected, ignored } = run([
      lycee(),
      lycee({ uai: '' }),
      lycee({ uai: '0350025M', latitude: 'abc' }),
      lycee({ uai: '0350026N', latitude: '43.6', longitude: '1.44' }),
      lycee({ uai: '0350027P', code_departement: '044' }),
      lycee({ uai: '0350028R', effectif_2de_gt: 'beaucoup' }),
      lycee({ uai: '0350029S', statut: 'Inconnu' }),
      lycee({ uai: 'XYZ' }),
      lycee(),
      lycee({ uai: '0440001A', code_academie: '17' }),
      lycee({
        uai: '0350030T',
        statut: 'Privé',
        contrat_prive: "CONTRAT D'ASSOCIATION TOUTES CLASSES",
        effectif_2de_gt: '',
      }),
    ]);
    expect(rejected).toEqual([
      { file: 'lycees.csv', line: 3, reason: 'UAI manquant' },
      { file: 'lycees.csv', line: 4, reason: 'coordonnées invalides (abc ; -1.6731)' },
      { file: 'lycees.csv', line: 5, reason: 'coordonnées hors de l’académie (43.6 ; 1.44)' },
      { file: 'lycees.csv', line: 6, reason: 'département inconnu dans l’académie : « 044 »' },
      { file: 'lycees.csv', line: 7, reason: 'effectif de 2de GT invalide : « beaucoup »' },
      { file: 'lycees.csv', line: 8, reason: 'statut inconnu : « Inconnu » (attendu Public ou Privé)' },
      { file: 'lycees.csv', line: 9, reason: 'UAI invalide : « XYZ »' },
      { file: 'lycees.csv', line: 10, reason: 'UAI en double : 0350024L' },
    ]);
    expect(ignored).toEqual([
      { file: 'lycees.csv', reason: 'lycée d’une autre académie que Rennes', count: 1 },
    ]);
    expect(rows.map((r) => r.uai)).toEqual(['0350024L', '0350030T']);
    expect(rows[1]).toMatchObject({
      isPublic: false,
      privateContract: 'sous contrat d’association (toutes classes)',
      headcount2deGt: null,
    });
  });
});

describe('classes', () => {
  const header = 'academie,uai,division,effectif,ministere';
  const lycees = [
    { uai: '0350024L', name: 'A', headcount2deGt: 100 },
    { uai: '0350025M', name: 'B', headcount2deGt: 71 },
    { uai: '0350026N', name: 'C', headcount2deGt: 60 },
    { uai: '0350027P', name: 'D', headcount2deGt: null },
  ].map((l) => ({ ...l, kind: 'lycee' as const, isPublic: true, departementCode: '35', academyCode: '14' }));

  it('keeps declared sizes, ignores other establishments and completes lycées without students', () => {
    const c = new Collector();
    const adjustments: string[] = [];
    const csv = [
      header,
      'Rennes,0350024L,2NDE1,35,',
      'Rennes,0350024L,2NDE2,30,',
      'Rennes,0359999Z,2PRO,20,MER',
      'Rennes,,2NDE3,20,',
      'Rennes,0350024L,2NDE4,trente,',
      'Rennes,0350024L,2NDE1,35,',
      'Rennes,0350026N,2A,0,',
      'Rennes,0350026N,2B,0,',
    ].join('\n');
    const classes = parseClasses(parseCsv(csv, 'classes.csv'), lycees, c, adjustments);
    expect(c.rejected).toEqual([
      { file: 'classes.csv', line: 5, reason: 'UAI manquant' },
      { file: 'classes.csv', line: 6, reason: 'effectif invalide : « trente »' },
      { file: 'classes.csv', line: 7, reason: 'classe en double : 0350024L 2NDE1' },
    ]);
    expect(c.ignored).toEqual([
      {
        file: 'classes.csv',
        reason: 'classe d’un établissement absent des lycées de l’académie (sans 2de GT)',
        count: 1,
      },
    ]);
    expect(classes).toEqual([
      { schoolUai: '0350024L', name: '2NDE1', declaredSize: 35 },
      { schoolUai: '0350024L', name: '2NDE2', declaredSize: 30 },
      // no class declared: 71 students in 3 classes of at most 35
      { schoolUai: '0350025M', name: '2NDE 1', declaredSize: 24 },
      { schoolUai: '0350025M', name: '2NDE 2', declaredSize: 24 },
      { schoolUai: '0350025M', name: '2NDE 3', declaredSize: 23 },
      // classes declared without students: the headcount spread over them
      { schoolUai: '0350026N', name: '2A', declaredSize: 30 },
      { schoolUai: '0350026N', name: '2B', declaredSize: 30 },
    ]);
    expect(adjustments).toHaveLength(2);
  });
});

describe('sectors and offers', () => {
  const sectors = (() => {
    const c = new Collector();
    return parseSectors(
      parseCsv('secteur,offres_2025\nFilière bois,30\nCommerce et distribution,3578\n', 'secteurs.csv'),
      c,
    );
  })();

  it('codes sectors by slug', () => {
    expect(sectors).toEqual([
      { code: 'filiere-bois', name: 'Filière bois', offers2025: 30 },
      { code: 'commerce-et-distribution', name: 'Commerce et distribution', offers2025: 3578 },
    ]);
  });

  it('checks offers and keeps messy addresses as typed, cleaned', () => {
    const header = 'id,siret,secteur,public,type_employeur_public,adresse,commune,code_postal,niveau';
    const csv = [
      header,
      '1,12345678901234,Filiere bois,non,,null RUE DE LA SCIERIE ,Gourin,56110,seconde_only',
      '2,,Commerce et distribution,oui,Collectivité territoriale,,Rennes,35000,seconde_troisieme_or_quatrieme',
      '3,,Astronautique,non,,,Rennes,35000,seconde_only',
      '4,123,Commerce et distribution,non,,,Rennes,35000,seconde_only',
      '5,,Commerce et distribution,peut-être,,,Rennes,35000,seconde_only',
      '6,,Commerce et distribution,non,,,Rennes,35000,troisieme_or_quatrieme',
      '1,,Commerce et distribution,non,,,Rennes,35000,seconde_only',
    ].join('\n');
    const c = new Collector();
    const offers = parseOffers(parseCsv(csv, 'offres.csv'), sectors, c);
    expect(offers).toEqual([
      {
        externalRef: '1',
        siret: '12345678901234',
        sectorCode: 'filiere-bois',
        isPublic: false,
        publicEmployerGroup: null,
        address: 'RUE DE LA SCIERIE',
        postalCode: '56110',
        communeName: 'Gourin',
      },
      {
        externalRef: '2',
        siret: null,
        sectorCode: 'commerce-et-distribution',
        isPublic: true,
        publicEmployerGroup: 'Collectivité territoriale',
        address: null,
        postalCode: '35000',
        communeName: 'Rennes',
      },
    ]);
    expect(c.rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, 'secteur inconnu : « Astronautique »'],
      [5, 'SIRET invalide : « 123 »'],
      [6, 'valeur « public » invalide : « peut-être » (attendu oui ou non)'],
      [8, 'offre en double : 1'],
    ]);
    expect(c.ignored).toEqual([
      { file: 'offres.csv', reason: 'offre réservée aux élèves de 3e et 4e', count: 1 },
    ]);
  });

  it('cleans addresses', () => {
    expect(cleanAddress('  null   RUE DE CHATEAUBRIAND ')).toBe('RUE DE CHATEAUBRIAND');
    expect(cleanAddress('null')).toBeNull();
    expect(cleanAddress('x'.repeat(300))).toHaveLength(200);
  });
});

describe('small helpers', () => {
  it.each([
    ['035', '35'],
    ['35', '35'],
    ['02A', '2A'],
    ['2B', '2B'],
    ['971', '971'],
    ['001', '01'],
  ])('département %s → %s', (code, expected) => {
    expect(normalizeDepartementCode(code)).toBe(expected);
  });

  it('names circonscriptions by a slug of their town', () => {
    expect(circonscriptionId('35', "Circonscription d'inspection du 1er degré de Bruz")).toBe('35-bruz');
    expect(circonscriptionId('35', "Circonscription d'inspection du 1er degré du Pays Malouin")).toBe(
      '35-pays-malouin',
    );
    expect(circonscriptionId('35', "Circonscription d'inspection du 1er degré de Saint Malo Ville")).toBe(
      '35-saint-malo-ville',
    );
  });
});

describe('the reference data of the demo académie', () => {
  const ref = loadReferenceData(DEFAULT_DATA_DIR);

  it('has the lycées of Bretagne: 142 lines, 141 distinct UAI, 137 with 2de GT students', () => {
    expect(ref.lycees).toHaveLength(141);
    expect(ref.rejected).toEqual([
      { file: 'lycees-bretagne.csv', line: 119, reason: 'UAI en double : 0350778F' },
    ]);
    const withStudents = ref.lycees.filter((l) => (l.headcount2deGt ?? 0) > 0);
    expect(withStudents).toHaveLength(137);
    expect(withStudents.reduce((n, l) => n + l.headcount2deGt!, 0)).toBe(30_281);
    expect(ref.lycees.filter((l) => !l.isPublic)).toHaveLength(70);
    expect(new Set(ref.lycees.map((l) => l.departementCode))).toEqual(new Set(['22', '29', '35', '56']));
    expect(ref.lycees.every((l) => l.bassinCode)).toBe(true);
    expect(ref.bassins).toHaveLength(19);
  });

  it('has their 2de classes, completed where a lycée declares no student', () => {
    expect(ref.classes).toHaveLength(1108);
    expect(ref.classes.reduce((n, k) => n + k.declaredSize, 0)).toBe(36_105);
    expect(ref.ignored).toContainEqual({
      file: 'classes-2de-bretagne.csv',
      reason: 'classe d’un établissement absent des lycées de l’académie (sans 2de GT)',
      count: 218,
    });
    expect(ref.adjustments).toHaveLength(12);
    // every lycée with a 2de GT headcount has students
    const students = new Map<string, number>();
    for (const k of ref.classes) students.set(k.schoolUai, (students.get(k.schoolUai) ?? 0) + k.declaredSize);
    for (const l of ref.lycees)
      if ((l.headcount2deGt ?? 0) > 0) expect(students.get(l.uai)).toBeGreaterThan(0);
  });

  it('has the communes, former ones included, each with a search name and a département', () => {
    expect(ref.communes).toHaveLength(1258);
    const antrain = ref.communes.find((c) => c.name === 'Antrain' && c.postalCode === '35460');
    expect(antrain).toMatchObject({
      insee: '35004',
      type: 'COMD',
      departementCode: '35',
      regionCode: '53',
      parentInsee: '35004',
      searchName: 'antrain',
    });
    expect(ref.communes.find((c) => c.insee === '22278')).toMatchObject({ searchName: 'saint brieuc' });
  });

  it('has the écoles of Ille-et-Vilaine, their 19 circonscriptions and the IEN offices', () => {
    expect(ref.ecoles).toHaveLength(684);
    expect(ref.circonscriptions).toHaveLength(19);
    expect(ref.circonscriptions.every((c) => c.officeUai)).toBe(true);
    expect(ref.services).toHaveLength(47);
    expect(ref.services.filter((s) => s.circonscriptionId)).toHaveLength(19);
    expect(ref.ecoles.filter((e) => e.nature === 'maternelle').length).toBeGreaterThan(100);
  });

  it('has 51 sectors, each with wording for generated offers', () => {
    expect(ref.sectors).toHaveLength(51);
    for (const s of ref.sectors) {
      const content = SECTOR_CONTENT[s.code];
      expect(content, s.code).toBeDefined();
      expect(content!.titles.length).toBeGreaterThanOrEqual(2);
      expect(content!.intros.length).toBeGreaterThanOrEqual(2);
      expect(content!.activities.length).toBeGreaterThanOrEqual(4);
      expect(content!.hosts.length).toBeGreaterThanOrEqual(2);
    }
    expect(Object.keys(SECTOR_CONTENT).sort()).toEqual(ref.sectors.map((s) => s.code).sort());
  });

  it('has the 3,012 offers of Bretagne open to 2de students', () => {
    expect(ref.offers).toHaveLength(3012);
    expect(ref.ignored).toContainEqual({
      file: 'offres-bretagne.csv',
      reason: 'offre réservée aux élèves de 3e et 4e',
      count: 8,
    });
    expect(ref.offers.filter((o) => o.isPublic)).toHaveLength(
      ref.offers.filter((o) => o.publicEmployerGroup).length,
    );
  });
});
