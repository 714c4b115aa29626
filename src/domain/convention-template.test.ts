import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE,
  PLACEHOLDERS,
  attestationBlocks,
  checkTemplate,
  evidenceBlocks,
  frenchDate,
  parisDateTime,
  renderTemplate,
  templateValues,
  type TemplateValues,
} from './convention-template.ts';
import { LIMITS_2024 } from './campaign.ts';
import { hostPart, parties, schoolPart } from './convention.fixtures.ts';
import type { DocBlock } from './document.ts';

const values = (over: Partial<Parameters<typeof templateValues>[0]> = {}) =>
  templateValues({
    reference: 'CS-2026-7K3M-Q9XD',
    templateLabel: 'Modèle académique par défaut (modèle 2025-2026 v1)',
    parties: parties(),
    hostPart: hostPart(),
    schoolPart: schoolPart(),
    startDate: '2026-06-15',
    endDate: '2026-06-26',
    weeks: [1, 2],
    ...over,
  });

const texts = (blocks: DocBlock[]): string[] =>
  blocks.flatMap((b) => {
    switch (b.type) {
      case 'field':
        return [b.label, b.value];
      case 'table':
        return [...b.head, ...b.rows.flat()];
      case 'pagebreak':
        return [];
      default:
        return [b.text];
    }
  });

describe('default template', () => {
  const { blocks, unfilled } = renderTemplate(DEFAULT_TEMPLATE.body, values());
  const all = texts(blocks).join('\n');

  it('rendered with complete values leaves no placeholder and nothing unfilled', () => {
    expect(unfilled).toEqual([]);
    for (const t of texts(blocks)) {
      expect(t).not.toContain('{{');
      expect(t).not.toContain('}}');
    }
  });
  it('is a valid template using every placeholder', () => {
    expect(checkTemplate(DEFAULT_TEMPLATE.body)).toEqual({ unknown: [], missingRequired: [], misplaced: [] });
    for (const key of Object.keys(PLACEHOLDERS))
      // every placeholder is in the default template (the optional ones too)
      expect(DEFAULT_TEMPLATE.body, key).toContain(`{{${key}}}`);
  });
  it('follows the official model: parties, articles 1–9, annexes, signatures, texts cited', () => {
    expect(blocks[0]).toEqual({
      type: 'title',
      text: 'Convention relative à la séquence d’observation en milieu professionnel des élèves de seconde générale et technologique',
    });
    const headings = blocks.filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text);
    expect(headings).toEqual([
      'Entre',
      'Titre I – Dispositions générales',
      'Titre II – Annexe pédagogique',
      'Annexe financière',
      'Signatures',
    ]);
    const articles = blocks
      .filter((b) => b.type === 'subheading' && b.text.startsWith('Article'))
      .map((b) => /^Article \d+/.exec((b as { text: string }).text)?.[0]);
    expect(articles).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `Article ${n}`));
    for (const cited of [
      'D. 331-1 à D. 331-9',
      'D. 333-3-1',
      'L. 4153-1',
      'D. 4153-15 à D. 4153-37',
      'circulaire du 28 mars 2024',
      'n° 96-248',
      'L. 911-4',
      'L. 1153-1',
    ])
      expect(all).toContain(cited);
    expect(blocks).toContainEqual({
      type: 'field',
      label: 'Modèle',
      value: 'Modèle académique par défaut (modèle 2025-2026 v1)',
    });
    expect(blocks.filter((b) => b.type === 'pagebreak')).toHaveLength(3);
  });
  it('prints the convention’s values', () => {
    expect(blocks).toContainEqual({
      type: 'field',
      label: 'Dates',
      value: 'du 15 juin 2026 au 26 juin 2026 inclus',
    });
    expect(blocks).toContainEqual({ type: 'field', label: 'Date de naissance', value: '1er mars 2010' });
    expect(blocks).toContainEqual({
      type: 'field',
      label: 'Délibération du conseil d’administration autorisant la signature (établissement public)',
      value: '18 septembre 2025',
    });
    // the activities' lines become paragraphs
    expect(blocks).toContainEqual({ type: 'paragraph', text: 'Observer le pétrissage et la cuisson.' });
    expect(blocks).toContainEqual({ type: 'paragraph', text: 'Présenter les métiers de la vente.' });
    expect(all).toContain('du 15 juin 2026 au 26 juin 2026 inclus (deux semaines consécutives)');
    expect(all).toContain('au plus 7 h de présence par jour et 35 h par semaine, sur au moins 4 jours');
    expect(all).toContain('de 6 h à 20 h');
    expect(blocks).toContainEqual({
      type: 'table',
      head: ['Jour', 'Arrivée', 'Départ', 'Pause', 'Présence'],
      rows: [
        ['Lundi', '9 h', '17 h', '1 h', '7 h'],
        ['Mardi', '9 h', '17 h', '1 h', '7 h'],
        ['Mercredi', '9 h', '17 h', '1 h', '7 h'],
        ['Jeudi', '9 h', '17 h', '1 h', '7 h'],
        ['Vendredi', '9 h', '17 h', '1 h', '7 h'],
        ['Samedi', '—', '—', '—', 'repos'],
        ['Total de la semaine', '', '', '', '35 h'],
      ],
    });
    expect(blocks).toContainEqual({
      type: 'table',
      head: ['', 'Nom', 'Courriel', 'Téléphone'],
      rows: [['Représentant légal 1', 'Soizic Abgrall', 'soizic.abgrall@example.org', '06 11 11 11 11']],
    });
    const signatures = blocks.find((b) => b.type === 'table' && b.head[0] === 'Qualité');
    expect(signatures).toMatchObject({
      rows: [
        ['Chef d’établissement ou délégué', 'Anne Morvan', 'électronique, voir la page de preuve'],
        ['Représentant de l’organisme d’accueil', 'Yann Le Goff', 'électronique, voir la page de preuve'],
        ['Élève', 'Aziliz Abgrall', 'électronique, voir la page de preuve'],
        ['Représentant légal 1', 'Soizic Abgrall', 'électronique, voir la page de preuve'],
      ],
    });
  });
  it('adapts to a private school, a PAI, one week, the place, the 2024 limits', () => {
    const v = values({
      parties: parties({ school: { ...parties().school, isPublic: false } }),
      schoolPart: schoolPart({ pai: { has: true, kitBy: 'family' } }),
      hostPart: hostPart({ placeAddress: 'Marché couvert, 29000 Quimper' }),
      weeks: [2],
      startDate: '2026-06-22',
      endDate: '2026-06-26',
      limits: LIMITS_2024,
    });
    expect(v['etablissement.deliberation_ca']).toBe('sans objet (établissement privé sous contrat)');
    expect(v['etablissement.statut']).toBe('établissement privé sous contrat');
    expect(v['eleve.pai']).toBe('oui');
    expect(v['eleve.pai_trousse']).toBe('la famille');
    expect(v['stage.duree']).toBe('une semaine');
    expect(v['stage.semaines']).toBe('semaine 2 (du 22 juin 2026 au 26 juin 2026)');
    expect(v['stage.lieu']).toBe('Marché couvert, 29000 Quimper');
    expect(v['limites.jour']).toBe('8 h');
    expect(v['limites.repos_quotidien']).toBe('12 h');
    expect(values()['stage.lieu']).toBe('3 rue de Brest, 29000 Quimper');
    expect(values()['eleve.pai_trousse']).toBe('sans objet');
  });
});

describe('renderTemplate', () => {
  it('turns each line construct into its block', () => {
    const body = [
      '# Titre {{x}}',
      '## Partie',
      '### Article',
      '- une puce {{x}}',
      'Nom : {{x}}',
      'Dates : du {{d1}} au {{d2}} inclus',
      '',
      'Une ligne',
      'et la suite, {{x}}.',
      '',
      'Note : sans champ, reste un paragraphe.',
      '{{tab}}',
      '---',
      '{{x}}',
    ].join('\n');
    const v: TemplateValues = {
      x: 'valeur',
      d1: '15 juin 2026',
      d2: '19 juin 2026',
      tab: { head: ['A', 'B'], rows: [['1', '2']] },
    };
    expect(renderTemplate(body, v)).toEqual({
      blocks: [
        { type: 'title', text: 'Titre valeur' },
        { type: 'heading', text: 'Partie' },
        { type: 'subheading', text: 'Article' },
        { type: 'bullet', text: 'une puce valeur' },
        { type: 'field', label: 'Nom', value: 'valeur' },
        { type: 'field', label: 'Dates', value: 'du 15 juin 2026 au 19 juin 2026 inclus' },
        { type: 'paragraph', text: 'Une ligne et la suite, valeur.' },
        { type: 'paragraph', text: 'Note : sans champ, reste un paragraphe.' },
        { type: 'table', head: ['A', 'B'], rows: [['1', '2']] },
        { type: 'pagebreak' },
        { type: 'paragraph', text: 'valeur' },
      ],
      unfilled: [],
    });
  });
  it('prints « — » for empty and missing values, lists the missing ones, leaves no braces', () => {
    const r = renderTemplate(
      'Tuteur : {{tuteur.nom}}\n{{ inconnu }} et {{vide}} puis {{ pas fermé\n{{tableau_horaires}}\n- {{autre}} }}',
      { vide: '  ' },
    );
    expect(r.unfilled).toEqual(['tuteur.nom', 'inconnu', 'tableau_horaires', 'autre']);
    expect(r.blocks).toEqual([
      { type: 'field', label: 'Tuteur', value: '—' },
      { type: 'paragraph', text: '— et — puis  pas fermé' },
      { type: 'paragraph', text: '—' },
      { type: 'bullet', text: '— ' },
    ]);
  });
  it('splits a text value alone on its line into paragraphs and bullets', () => {
    const r = renderTemplate('{{a}}', { a: 'Accueil le matin.\n\n- visite du fournil\n• vente  \nFin.' });
    expect(r.blocks).toEqual([
      { type: 'paragraph', text: 'Accueil le matin.' },
      { type: 'bullet', text: 'visite du fournil' },
      { type: 'bullet', text: 'vente' },
      { type: 'paragraph', text: 'Fin.' },
    ]);
  });
  it('keeps a field value on one line', () => {
    const r = renderTemplate('Repas : {{r}}', { r: 'Cantine\nà midi' });
    expect(r.blocks).toEqual([{ type: 'field', label: 'Repas', value: 'Cantine à midi' }]);
  });
});

describe('checkTemplate', () => {
  it('reports an unknown placeholder and a missing required one, in French', () => {
    const body = DEFAULT_TEMPLATE.body.replace('{{eleve.date_naissance}}', '{{eleve.naissance}}');
    const r = checkTemplate(body);
    expect(r.unknown).toEqual(['eleve.naissance']);
    expect(r.missingRequired).toEqual(['eleve.date_naissance']);
    expect(r.message).toBe(
      'Le modèle ne peut pas être publié. Champ inconnu : {{eleve.naissance}}. Champ obligatoire absent : {{eleve.date_naissance}} (Date de naissance de l’élève).',
    );
  });
  it('reports unclosed braces and a table not alone on its line', () => {
    const body = `${DEFAULT_TEMPLATE.body}\nVoir {{tableau_horaires}} ci-dessus.\nFin {{eleve.nom`;
    const r = checkTemplate(body);
    expect(r.unknown).toEqual(['{{eleve.nom']);
    expect(r.misplaced).toEqual(['tableau_horaires']);
    expect(r.message).toContain('Ce tableau doit être seul sur sa ligne : {{tableau_horaires}}.');
    expect(r.message).toContain('« {{eleve.nom » (accolades non refermées)');
  });
  it('lists every required placeholder of an empty template', () => {
    const r = checkTemplate('# Vide');
    expect(r.missingRequired).toEqual(
      Object.entries(PLACEHOLDERS)
        .filter(([, p]) => p.required)
        .map(([k]) => k),
    );
  });
});

describe('evidence page and attestation', () => {
  const hash = 'a'.repeat(64);
  it('lists the signatures, the hash and how to verify', () => {
    const b = evidenceBlocks({
      reference: 'CS-2026-7K3M-Q9XD',
      documentSha256: hash,
      templateLabel: 'Modèle académique par défaut (modèle 2025-2026 v1)',
      sealedAt: '2026-05-20T12:00:05.000Z',
      signatures: [
        {
          roleLabel: 'Élève',
          name: 'Aziliz Abgrall',
          method: 'email_code',
          signedAt: '2026-05-20T08:03:27.000Z',
          ip: '192.0.2.10',
          documentSha256: hash,
        },
        {
          roleLabel: 'Représentant légal 1',
          name: 'Soizic Abgrall',
          method: 'autre',
          signedAt: '2026-12-31T23:30:00.000Z',
          ip: null,
          documentSha256: 'b'.repeat(64),
        },
      ],
    });
    expect(b[0]).toEqual({ type: 'heading', text: 'Page de preuve' });
    expect(b).toContainEqual({ type: 'field', label: 'Empreinte SHA-256 du document signé', value: hash });
    expect(b).toContainEqual({
      type: 'field',
      label: 'Scellé le',
      value: '20 mai 2026 à 14:00:05 (heure de Paris)',
    });
    const table = b.find((x) => x.type === 'table');
    expect(table).toEqual({
      type: 'table',
      head: ['Qualité', 'Nom', 'Méthode', 'Date', 'Adresse IP', 'Document signé'],
      rows: [
        [
          'Élève',
          'Aziliz Abgrall',
          'code à usage unique reçu par courriel',
          '20 mai 2026 à 10:03:27 (heure de Paris)',
          '192.0.2.10',
          'empreinte identique',
        ],
        [
          'Représentant légal 1',
          'Soizic Abgrall',
          'autre',
          '1er janvier 2027 à 00:30:00 (heure de Paris)',
          '—',
          `SHA-256 ${'b'.repeat(64)}`,
        ],
      ],
    });
    expect(texts(b).join(' ')).toContain('CS-2026-7K3M-Q9XD');
    expect(texts(b).join(' ')).toContain('pdfsig');
  });
  it('attests the days of presence', () => {
    const b = attestationBlocks({
      parties: parties(),
      startDate: '2026-06-15',
      endDate: '2026-06-19',
      attendedDays: ['2026-06-16', '2026-06-15', '2026-06-17', '2026-06-18'],
      hostRepresentative: 'Yann Le Goff',
      reference: 'CS-2026-7K3M-Q9XD',
    });
    expect(b[0]).toEqual({ type: 'title', text: 'Attestation de stage' });
    expect(b).toContainEqual({ type: 'field', label: 'Jours de présence', value: '4 jours' });
    expect(b).toContainEqual({
      type: 'table',
      head: ['Date'],
      rows: [
        ['Lundi 15 juin 2026'],
        ['Mardi 16 juin 2026'],
        ['Mercredi 17 juin 2026'],
        ['Jeudi 18 juin 2026'],
      ],
    });
    expect(texts(b).join(' ')).toContain(
      'Je soussigné(e), Yann Le Goff, représentant Boulangerie Le Fournil (SIRET 73282932000074), atteste que Aziliz Abgrall, né(e) le 1er mars 2010',
    );
  });
  it('writes dates in French', () => {
    expect(frenchDate('2026-06-15')).toBe('15 juin 2026');
    expect(frenchDate('2026-08-01')).toBe('1er août 2026');
    expect(frenchDate('')).toBe('');
    expect(parisDateTime('2026-01-15T12:00:00Z')).toBe('15 janvier 2026 à 13:00:00 (heure de Paris)');
  });
});
