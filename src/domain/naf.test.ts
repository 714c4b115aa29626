import { describe, expect, it } from 'vitest';
import codesNaf from '@socialgouv/codes-naf';
import { checkNaf, normaliseNaf, suggestedSector } from './naf.ts';

/** the slugs of data/secteurs.csv (the seed checks that file against the sectors table) */
const sectors = new Set(
  'mode banque-et-assurance audiovisuel communication edition-librairie-bibliotheque traduction-interpretation batiment-et-travaux-publics-btp comptabilite-gestion-ressources-humaines droit-et-justice enseignement recherche energie environnement logistique-et-transport hotellerie-restauration tourisme agroequipement automobile construction-aeronautique-ferroviaire-et-navale electronique industrie-alimentaire industrie-chimique maintenance mecanique verre-beton-ceramique informatique-et-reseaux jeu-video commerce-et-distribution marketing-publicite medical paramedical social sport agriculture filiere-bois architecture-urbanisme-et-paysage armee-defense securite art-et-design artisanat-d-art arts-du-spectacle culture-et-patrimoine fonction-publique sante bien-etre industrie-ingenierie-industrielle immobilier-transactions-immobilieres conseil-et-audit services-postaux metiers-d-art journalisme'.split(
    ' ',
  ),
);

describe('NAF codes', () => {
  it('normalises the usual spellings', () => {
    expect(normaliseNaf('8610Z')).toBe('86.10Z');
    expect(normaliseNaf(' 86.10 z ')).toBe('86.10Z');
    expect(normaliseNaf('86-10Z')).toBeNull();
    expect(normaliseNaf('861Z')).toBeNull();
  });
  it('validates against the nomenclature and gives the label and a sector', () => {
    expect(checkNaf('86.10Z')).toEqual({
      ok: true,
      code: '86.10Z',
      label: 'Activités hospitalières',
      suggestedSector: 'sante',
    });
    expect(checkNaf('6201Z')).toMatchObject({ ok: true, suggestedSector: 'informatique-et-reseaux' });
    expect(checkNaf('99.99Z')).toEqual({
      ok: false,
      message: 'code NAF : 99.99Z n’existe pas dans la nomenclature (NAF rév. 2)',
    });
    expect(checkNaf('abc')).toMatchObject({ ok: false });
  });
  it('maps every sub-class of the nomenclature to one of our sectors, or to none', () => {
    const subclasses = codesNaf.filter((c) => /^\d{2}\.\d{2}[A-Z]$/.test(c.id));
    expect(subclasses.length).toBeGreaterThan(700);
    let mapped = 0;
    for (const c of subclasses) {
      const s = suggestedSector(c.id);
      if (s === null) continue;
      mapped++;
      expect(sectors.has(s), `${c.id} → ${s}`).toBe(true);
    }
    expect(mapped / subclasses.length).toBeGreaterThan(0.9);
  });
});
