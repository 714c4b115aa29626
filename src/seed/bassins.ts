/**
 * Bassins of the demo académie. The ministry's file gives no bassin for Bretagne's lycées, so the
 * demo approximates the académie de Rennes' bassins d'éducation et de formation by the main
 * towns of each département: a lycée belongs to the bassin of the nearest town of its
 * département. An approximation for the steering views, not an official list.
 */
import { haversineKm } from '../domain/geo.ts';
import { slugify } from '../domain/text.ts';

export interface BassinAnchor {
  departement: string;
  /** INSEE code of the bassin's main town */
  insee: string;
  name: string;
}

export const RENNES_BASSIN_ANCHORS: readonly BassinAnchor[] = [
  { departement: '22', insee: '22278', name: 'Saint-Brieuc' },
  { departement: '22', insee: '22113', name: 'Lannion' },
  { departement: '22', insee: '22070', name: 'Guingamp' },
  { departement: '22', insee: '22050', name: 'Dinan' },
  { departement: '22', insee: '22136', name: 'Loudéac' },
  { departement: '29', insee: '29019', name: 'Brest' },
  { departement: '29', insee: '29151', name: 'Morlaix' },
  { departement: '29', insee: '29232', name: 'Quimper' },
  { departement: '29', insee: '29024', name: 'Carhaix' },
  { departement: '29', insee: '29233', name: 'Quimperlé' },
  { departement: '35', insee: '35238', name: 'Rennes' },
  { departement: '35', insee: '35288', name: 'Saint-Malo' },
  { departement: '35', insee: '35115', name: 'Fougères' },
  { departement: '35', insee: '35360', name: 'Vitré' },
  { departement: '35', insee: '35236', name: 'Redon' },
  { departement: '56', insee: '56260', name: 'Vannes' },
  { departement: '56', insee: '56121', name: 'Lorient' },
  { departement: '56', insee: '56178', name: 'Pontivy' },
  { departement: '56', insee: '56165', name: 'Ploërmel' },
];

export interface Bassin {
  code: string;
  name: string;
  departement: string;
  lat: number;
  lon: number;
}

/** The bassins whose main town is found among the communes (by INSEE code). */
export function buildBassins(
  academyCode: string,
  anchors: readonly BassinAnchor[],
  communeCentre: (insee: string) => { lat: number; lon: number } | undefined,
): Bassin[] {
  const out: Bassin[] = [];
  for (const a of anchors) {
    const centre = communeCentre(a.insee);
    if (!centre) continue;
    out.push({
      code: `${academyCode}-${slugify(a.name)}`,
      name: `Bassin de ${a.name}`,
      departement: a.departement,
      lat: centre.lat,
      lon: centre.lon,
    });
  }
  return out;
}

/** The bassin of the nearest main town in the same département, if any. */
export function nearestBassin(
  bassins: readonly Bassin[],
  departement: string,
  point: { lat: number; lon: number },
): Bassin | undefined {
  let best: Bassin | undefined;
  let bestKm = Infinity;
  for (const b of bassins) {
    if (b.departement !== departement) continue;
    const km = haversineKm(point, b);
    if (km < bestKm) {
      best = b;
      bestKm = km;
    }
  }
  return best;
}
