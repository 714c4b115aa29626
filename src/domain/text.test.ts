import { describe, expect, it } from 'vitest';
import {
  foldAccents,
  levenshtein,
  levenshteinSimilarity,
  nameSimilarity,
  normalizeCommuneName,
  slugify,
  titleCase,
  trigramSimilarity,
  trigrams,
  withA,
  withDe,
} from './text.ts';

describe('foldAccents', () => {
  it('removes diacritics and expands ligatures', () => {
    expect(foldAccents('Île-Tudy, Plœuc-L’Hermitage, Ergué-Gabéric, Châteaugiron, Saint-Thégonnec')).toBe(
      'Ile-Tudy, Ploeuc-L’Hermitage, Ergue-Gaberic, Chateaugiron, Saint-Thegonnec',
    );
    expect(foldAccents('ÆÇÑß')).toBe('AECNss');
  });
});

describe('normalizeCommuneName', () => {
  it.each([
    ['Saint-Brieuc', 'saint brieuc'],
    ['SAINT-BRIEUC CEDEX 1', 'saint brieuc'],
    ['St Malo', 'saint malo'],
    ['ST-MALO', 'saint malo'],
    ['Ste Anne d’Auray', 'sainte anne d auray'],
    ["Sainte-Anne-d'Auray", 'sainte anne d auray'],
    ['35044 RENNES CEDEX', 'rennes'],
    ['RENNES CEDEX 9', 'rennes'],
    ['PACE Cédex', 'pace'],
    ['Le Rheu', 'le rheu'],
    ["L'Hermitage", 'l hermitage'],
    ['  Plœuc-sur-Lié  ', 'ploeuc sur lie'],
    ["ST M'HERVE", 'saint m herve'],
    ["Saint-M'Hervé", 'saint m herve'],
    ['LYON 3EME', 'lyon'],
    ['Paris 1er', 'paris'],
    ['Binic-Étables-sur-Mer', 'binic etables sur mer'],
    ['SAINT-MARTIN-DES-CHAMPS (MORLAIX)', 'saint martin des champs morlaix'],
    ['Stival', 'stival'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCommuneName(input)).toBe(expected);
  });

  it('gives the same key to spellings of one commune', () => {
    const spellings = [
      'Saint-Jouan-des-Guérets',
      'SAINT JOUAN DES GUERETS',
      'St Jouan des Guerets',
      'st-jouan-des-guérets',
    ];
    expect(new Set(spellings.map(normalizeCommuneName)).size).toBe(1);
  });
});

describe('slugify', () => {
  it.each([
    ['Bâtiment et travaux publics (BTP)', 'batiment-et-travaux-publics-btp'],
    ['Édition, librairie, bibliothèque', 'edition-librairie-bibliotheque'],
    ["Artisanat d'art", 'artisanat-d-art'],
    ['Armée - Défense', 'armee-defense'],
    ['Filière bois', 'filiere-bois'],
    ['Filiere bois', 'filiere-bois'],
    ['  --Énergie--  ', 'energie'],
  ])('%s → %s', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });
});

describe('titleCase', () => {
  it.each([
    ['SAINT-MALO', 'Saint-Malo'],
    ['SAINT-MALO-DE-PHILY', 'Saint-Malo-de-Phily'],
    ['LE RHEU', 'Le Rheu'],
    ["SAINT-AUBIN-D'AUBIGNE", "Saint-Aubin-d'Aubigne"],
    ['plougastel daoulas', 'Plougastel Daoulas'],
  ])('%s → %s', (input, expected) => {
    expect(titleCase(input)).toBe(expected);
  });
});

describe('similarities', () => {
  it('builds trigrams as pg_trgm does', () => {
    expect([...trigrams('cat')].sort()).toEqual(['  c', ' ca', 'at ', 'cat']);
    expect(trigramSimilarity('rennes', 'rennes')).toBe(1);
    expect(trigramSimilarity('', '')).toBe(1);
    expect(trigramSimilarity('abc', 'xyz')).toBe(0);
    // pg_trgm: similarity('word', 'two words') = 0.36363637
    expect(trigramSimilarity('word', 'two words')).toBeCloseTo(0.363636, 5);
  });

  it('measures edit distances', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('lannion', 'lanion')).toBe(1);
    expect(levenshteinSimilarity('lannion', 'lanion')).toBeCloseTo(6 / 7, 9);
    expect(levenshteinSimilarity('', '')).toBe(1);
  });

  it('takes the better of both', () => {
    expect(nameSimilarity('plouigneau', 'plouigneu')).toBeGreaterThan(0.8);
    expect(nameSimilarity('rennes', 'brest')).toBeLessThan(0.5);
  });
});

describe('French prepositions before place names', () => {
  it.each([
    ['Vitré', 'de Vitré', 'à Vitré'],
    ['Auray', 'd’Auray', 'à Auray'],
    ['Yffiniac', 'd’Yffiniac', 'à Yffiniac'],
    ['Hennebont', 'd’Hennebont', 'à Hennebont'],
    ['Le Rheu', 'du Rheu', 'au Rheu'],
    ['Les Forges', 'des Forges', 'aux Forges'],
    ['La Gacilly', 'de La Gacilly', 'à La Gacilly'],
    ['Île-Tudy', 'd’Île-Tudy', 'à Île-Tudy'],
  ])('%s', (place, de, a) => {
    expect(withDe(place)).toBe(de);
    expect(withA(place)).toBe(a);
  });
});
