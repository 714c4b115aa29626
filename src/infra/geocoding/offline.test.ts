import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../seed/csv.ts';
import {
  buildOfflineGeocoder,
  communeNameScore,
  departementOfInsee,
  departementOfPostalCode,
  type CommuneRecord,
  type GeocodeResult,
} from './offline.ts';

// the real communes of Bretagne (with former communes), as plain records
const table = readCsvFile(fileURLToPath(new URL('../../../data/communes-bretagne.csv', import.meta.url)));
const bretagne: CommuneRecord[] = table.records.map(({ values: v }) => ({
  insee: v.code_insee!,
  postalCode: v.code_postal!,
  name: v.nom!,
  lat: Number(v.latitude),
  lon: Number(v.longitude),
  population: Number(v.population),
  type: v.type!,
  departementCode: v.code_departement || null,
  parentInsee: v.code_insee_parent || null,
}));
const geocoder = buildOfflineGeocoder(bretagne);

function placed(result: GeocodeResult): { insee: string; communeName: string; method: string } {
  if (!result.placed) throw new Error(`non placé : ${result.reason}`);
  return { insee: result.insee, communeName: result.communeName, method: result.method };
}

describe('offline geocoder on the communes of Bretagne', () => {
  it('indexes every commune row with coordinates', () => {
    expect(geocoder.size).toBe(bretagne.length);
  });

  it.each([
    // postal code and name agree, whatever the spelling
    ['35400', 'Saint-Malo', '35288', 'Saint-Malo', 'postal_code_name'],
    ['35400', 'St Malo', '35288', 'Saint-Malo', 'postal_code_name'],
    ['35400', 'ST-MALO', '35288', 'Saint-Malo', 'postal_code_name'],
    ['22000', 'SAINT-BRIEUC CEDEX 1', '22278', 'Saint-Brieuc', 'postal_code_name'],
    ['35000', '35044 RENNES CEDEX', '35238', 'Rennes', 'postal_code_name'],
    ['22300', 'Lannion', '22113', 'Lannion', 'postal_code_name'],
    ['22300', 'LANNION', '22113', 'Lannion', 'postal_code_name'],
    ['29500', 'ERGUE GABERIC', '29051', 'Ergué-Gabéric', 'postal_code_name'],
    ['35500', "ST M'HERVE", '35300', "Saint-M'Hervé", 'postal_code_name'],
    ['56400', 'Le Bono', '56262', 'Le Bono', 'postal_code_name'],
    // a former commune (COMD) that kept the INSEE code of its commune nouvelle
    ['35460', 'Antrain', '35004', 'Val-Couesnon', 'postal_code_name'],
    ['22270', 'Jugon-les-Lacs - Commune nouvelle', '22084', 'Jugon-les-Lacs', 'postal_code'],
    // a Cedex postal code: unknown to La Poste's list of places, the name decides
    ['35044', 'RENNES CEDEX', '35238', 'Rennes', 'name'],
    ['35743', 'PACE Cédex', '35210', 'Pacé', 'name'],
    // an INSEE code typed as a postal code
    ['29232', 'QUIMPER', '29232', 'Quimper', 'name'],
    // a wrong but existing postal code: the exact name in the département wins
    ['29100', 'Quimper', '29232', 'Quimper', 'name'],
    ['56260', 'VANNES', '56260', 'Vannes', 'name'],
    // a typo in the name: the closest commune of the postal code
    ['22300', 'Lanion', '22113', 'Lannion', 'postal_code'],
    ['56930', 'Pluméliau', '56173', 'Pluméliau-Bieuzy', 'postal_code'],
    // a postal code alone, name unhelpful: its most populous commune
    ['22300', 'Zone industrielle de Pégase', '22113', 'Lannion', 'postal_code'],
    ['35000', '', '35238', 'Rennes', 'postal_code'],
  ])('(%s, %s) → %s %s by %s', (postalCode, name, insee, communeName, method) => {
    expect(placed(geocoder.locate(postalCode, name))).toEqual({ insee, communeName, method });
  });

  it('returns the centre of the commune and the matched row', () => {
    const r = geocoder.locate('35460', 'Antrain');
    expect(r).toMatchObject({ placed: true, matchedName: 'Antrain', postalCode: '35460' });
    if (r.placed) {
      expect(r.lat).toBeCloseTo(48.44103, 5);
      expect(r.lon).toBeCloseTo(-1.46499, 5);
    }
  });

  it.each([
    ['35999', 'Nulle-Part-sur-Mer', 'code postal inconnu et commune introuvable'],
    ['35999', '', 'code postal inconnu et commune absente'],
    ['', 'Rennes', 'code postal absent ou invalide'],
    ['ABCDE', 'Rennes', 'code postal absent ou invalide'],
    [null, null, 'code postal et commune absents'],
    ['75015', 'Paris', 'code postal inconnu et département 75 absent du référentiel'],
  ])('(%s, %s) is not placed: %s', (postalCode, name, reason) => {
    expect(geocoder.locate(postalCode, name)).toEqual({ placed: false, reason });
  });
});

describe('offline geocoder built from plain records', () => {
  const records: CommuneRecord[] = [
    {
      insee: '75056',
      postalCode: '75001',
      name: 'Paris',
      lat: 48.8566,
      lon: 2.3522,
      population: 2_100_000,
      type: 'COM',
    },
    {
      insee: '75115',
      postalCode: '75015',
      name: 'Paris 15e Arrondissement',
      lat: 48.8417,
      lon: 2.2937,
      population: 227_746,
      type: 'ARM',
      parentInsee: '75056',
    },
    {
      insee: '75102',
      postalCode: '75002',
      name: 'Paris 2e Arrondissement',
      lat: 48.8683,
      lon: 2.3428,
      population: 20_900,
      type: 'ARM',
      parentInsee: '75056',
    },
    {
      insee: '07181',
      postalCode: '07250',
      name: 'Le Pouzin',
      lat: 44.7517,
      lon: 4.7475,
      population: 2_900,
      type: 'COM',
    },
    {
      insee: '88413',
      postalCode: '88100',
      name: 'Saint-Dié-des-Vosges',
      lat: 48.2848,
      lon: 6.9493,
      population: 19_500,
      type: 'COM',
    },
    {
      insee: '88406',
      postalCode: '88120',
      name: 'Saint-Amé',
      lat: 48.0222,
      lon: 6.6646,
      population: 2_200,
      type: 'COM',
    },
    {
      insee: '2A004',
      postalCode: '20000',
      name: 'Ajaccio',
      lat: 41.9192,
      lon: 8.7386,
      population: 71_000,
      type: 'COM',
    },
    {
      insee: '97411',
      postalCode: '97400',
      name: 'Saint-Denis',
      lat: -20.8823,
      lon: 55.4504,
      population: 153_000,
      type: 'COM',
    },
    {
      insee: '99999',
      postalCode: '99999',
      name: 'Sans coordonnées',
      lat: null,
      lon: null,
      population: 1,
      type: 'COM',
    },
  ];
  const g = buildOfflineGeocoder(records);

  it('skips rows without coordinates', () => {
    expect(g.size).toBe(records.length - 1);
  });

  it('finds a city by the name of its arrondissements', () => {
    expect(placed(g.locate('75015', 'PARIS'))).toEqual({
      insee: '75056',
      communeName: 'Paris',
      method: 'postal_code_name',
    });
    // "75115" is the INSEE code of the 15th arrondissement
    expect(g.locate('75115', 'PARIS 15')).toMatchObject({
      placed: true,
      matchedName: 'Paris 15e Arrondissement',
      method: 'name',
    });
  });

  it('puts an article written in parentheses first', () => {
    expect(placed(g.locate('07250', 'Pouzin (Le)'))).toMatchObject({
      insee: '07181',
      method: 'postal_code_name',
    });
  });

  it('prefers a longer name that starts with the typed one over a close spelling', () => {
    expect(placed(g.locate('88105', 'SAINT DIE Cédex'))).toMatchObject({ insee: '88413', method: 'name' });
  });

  it('knows Corsica and overseas départements', () => {
    expect(placed(g.locate('2A004', 'AJACCIO'))).toMatchObject({ insee: '2A004', method: 'name' });
    expect(placed(g.locate('20090', 'Ajaccio'))).toMatchObject({ insee: '2A004', method: 'name' });
    expect(placed(g.locate('97490', 'Saint-Denis'))).toMatchObject({ insee: '97411', method: 'name' });
  });
});

describe('départements of codes', () => {
  it.each([
    ['35044', '35'],
    ['01000', '01'],
    ['20000', '2A'],
    ['20200', '2B'],
    ['2A004', '2A'],
    ['97400', '974'],
    ['98800', '988'],
    ['00000', null],
    ['3500', null],
    ['', null],
  ])('postal code %s → %s', (code, departement) => {
    expect(departementOfPostalCode(code)).toBe(departement);
  });

  it.each([
    ['35238', '35'],
    ['2B033', '2B'],
    ['97411', '974'],
    ['ABC', null],
  ])('INSEE code %s → %s', (code, departement) => {
    expect(departementOfInsee(code)).toBe(departement);
  });

  it('scores names that extend one another', () => {
    expect(communeNameScore('saint die', 'saint die des vosges')).toBe(0.9);
    expect(communeNameScore('rennes', 'rennes')).toBe(1);
    expect(communeNameScore('saint die', 'saint ame')).toBeLessThan(
      communeNameScore('saint die', 'saint die des vosges'),
    );
    // more than two edits: no Levenshtein credit
    expect(communeNameScore('plouescat', 'ploudalmezeau')).toBeLessThan(0.5);
  });
});
