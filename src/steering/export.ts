/**
 * The tables of the steering exports (issue 7 §4): each dashboard table turned into columns
 * (French titles with their units) and rows, from the responses of the dashboard, the map and
 * the unplaced list, so that a file says exactly what the page says. Pure.
 */
import { EXEMPTION_LABELS, type ExemptionReason } from '../domain/application.ts';
import { PLACEMENT_STATUS_LABELS, type PlacementStatus } from '../domain/placement-status.ts';
import type { ScopeKind } from '../domain/steering.ts';
import type { SheetColumn, SheetRow } from '../infra/spreadsheet.ts';
import type { Dashboard, ScopeView, SteeringMap, Unplaced } from './schemas.ts';

export type ExportTable =
  | 'children'
  | 'statuses'
  | 'conventions'
  | 'signatures'
  | 'sectors'
  | 'hostKinds'
  | 'distances'
  | 'delays'
  | 'trend'
  | 'map'
  | 'unplaced'
  | 'students';

/** A table ready to write: its name in the file name, its title, columns and rows. */
export interface TableContent {
  /** ASCII, for the file name: « eleves-non-places » */
  slug: string;
  title: string;
  columns: SheetColumn[];
  rows: SheetRow[];
}

const col = (title: string, kind: SheetColumn['kind'], width?: number): SheetColumn =>
  width === undefined ? { title, kind } : { title, kind, width };

const CHILD_LABELS: Partial<Record<ScopeKind, { one: string; slug: string; title: string }>> = {
  academie: { one: 'Académie', slug: 'par-academie', title: 'Détail par académie' },
  departement: { one: 'Département', slug: 'par-departement', title: 'Détail par département' },
  bassin: { one: 'Bassin', slug: 'par-bassin', title: 'Détail par bassin' },
  lycee: { one: 'Lycée', slug: 'par-lycee', title: 'Détail par lycée' },
  classe: { one: 'Classe', slug: 'par-classe', title: 'Détail par classe' },
};

/** The columns of a drill-down row (also the counts of the unplaced list above the lycée). */
function childColumns(one: string): SheetColumn[] {
  return [
    col(one, 'text', 36),
    col('Code', 'text', 14),
    col('Élèves de 2de GT', 'integer'),
    col('Élèves placés (convention signée)', 'integer'),
    col('Part des élèves placés (%)', 'percent'),
    col('À placer', 'integer'),
    col('En cours', 'integer'),
    col('Couverts (conventions à signer)', 'integer'),
    col('Dispensés', 'integer'),
    col('Repli au lycée', 'integer'),
    col('Non placés (à placer et en cours)', 'integer'),
    col('Places par élève (deux semaines)', 'decimal'),
  ];
}

function childCells(r: NonNullable<Dashboard['children']>['rows'][number]): SheetRow {
  return [
    r.scope.name,
    r.scope.code,
    r.students,
    r.placed,
    r.share,
    r.toPlace,
    r.inProgress,
    r.covered,
    r.exempted,
    r.repli,
    r.unplaced,
    r.placesPerStudent,
  ];
}

const share = (count: number, total: number) => (total === 0 ? null : count / total);

/** One of the dashboard's tables. */
export function dashboardTable(
  table: Exclude<ExportTable, 'map' | 'unplaced' | 'students'>,
  d: Dashboard,
): TableContent {
  switch (table) {
    case 'children': {
      const kind = d.children?.kind ?? 'classe';
      const labels = CHILD_LABELS[kind] ?? { one: 'Périmètre', slug: 'detail', title: 'Détail' };
      return {
        slug: labels.slug,
        title: labels.title,
        columns: childColumns(labels.one),
        rows: (d.children?.rows ?? []).map(childCells),
      };
    }
    case 'statuses':
      return {
        slug: 'statuts',
        title: 'Élèves par statut de placement',
        columns: [col('Statut', 'text', 36), col('Élèves', 'integer'), col('Part des élèves (%)', 'percent')],
        rows: [
          ...d.statuses.map((s): SheetRow => [s.label, s.count, s.share]),
          ['Ensemble', d.headline.students, d.headline.students === 0 ? null : 1],
        ],
      };
    case 'conventions':
      return {
        slug: 'conventions-par-etape',
        title: 'Conventions par étape',
        columns: [col('Étape', 'text', 40), col('Conventions', 'integer')],
        rows: [
          ...d.conventions.steps.map((s): SheetRow => [s.label, s.count]),
          ['Annulées', d.conventions.cancelled],
        ],
      };
    case 'signatures':
      return {
        slug: 'signatures-manquantes',
        title: 'Signatures manquantes par partie',
        columns: [col('Partie', 'text', 30), col('Conventions validées sans sa signature', 'integer')],
        rows: d.conventions.missingSignatures.map((s): SheetRow => [s.label, s.count]),
      };
    case 'sectors':
      return {
        slug: 'offres-par-secteur',
        title: 'Offres et places par secteur',
        columns: [
          col('Code du secteur', 'text'),
          col('Secteur', 'text', 40),
          col('Offres', 'integer'),
          col('Places (deux semaines)', 'integer'),
          col('Places prises', 'integer'),
          col('Places non pourvues', 'integer'),
        ],
        rows: d.offers.bySector.map((s): SheetRow => [
          s.code,
          s.name,
          s.offers,
          s.places,
          s.taken,
          Math.max(0, s.places - s.taken),
        ]),
      };
    case 'hostKinds': {
      const total = d.offers.byHostKind.reduce((n, k) => n + k.places, 0);
      return {
        slug: 'offres-par-type-d-organisme',
        title: 'Offres et places par type d’organisme d’accueil',
        columns: [
          col('Type d’organisme', 'text', 44),
          col('Offres', 'integer'),
          col('Places (deux semaines)', 'integer'),
          col('Places prises', 'integer'),
          col('Places non pourvues', 'integer'),
          col('Part des places (%)', 'percent'),
        ],
        rows: d.offers.byHostKind.map((k): SheetRow => [
          k.label,
          k.offers,
          k.places,
          k.taken,
          Math.max(0, k.places - k.taken),
          share(k.places, total),
        ]),
      };
    }
    case 'distances': {
      const part = (label: string, s: Dashboard['distances']['home']): SheetRow[] => [
        ...s.buckets.map((b): SheetRow => [label, b.label, b.count, share(b.count, s.n), null]),
        [label, 'Ensemble', s.n, s.n === 0 ? null : 1, s.meanKm],
      ];
      return {
        slug: 'distances',
        title: 'Distance entre le domicile ou le lycée et le lieu du stage',
        columns: [
          col('Trajet', 'text', 24),
          col('Distance (à vol d’oiseau)', 'text', 24),
          col('Stages confirmés', 'integer'),
          col('Part des stages (%)', 'percent'),
          col('Distance moyenne (km)', 'decimal'),
        ],
        rows: [...part('Domicile → stage', d.distances.home), ...part('Lycée → stage', d.distances.school)],
      };
    }
    case 'delays':
      return {
        slug: 'delais-de-signature',
        title: 'Délai entre la candidature et la signature de la convention',
        columns: [
          col('Délai', 'text', 24),
          col('Conventions signées', 'integer'),
          col('Part des conventions (%)', 'percent'),
          col('Délai moyen (jours)', 'decimal'),
        ],
        rows: [
          ...d.delays.buckets.map((b): SheetRow => [b.label, b.count, share(b.count, d.delays.n), null]),
          ['Ensemble', d.delays.n, d.delays.n === 0 ? null : 1, d.delays.meanDays],
        ],
      };
    case 'trend':
      return trendTable(d);
  }
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/**
 * The trend, day by day: this campaign's days, and last year's share on the day as many days
 * before its first week (one row per number of days before the first week, the earliest first).
 */
function trendTable(d: Dashboard): TableContent {
  const week1 = d.campaign ? dayNumber(d.campaign.week1Start) : null;
  type Line = {
    before: number | null;
    day?: string;
    students?: number;
    placed?: number;
    share?: number | null;
    lastDay?: string;
    lastShare?: number | null;
  };
  const lines = new Map<string, Line>();
  for (const p of d.trend.days) {
    const before = week1 === null ? null : week1 - dayNumber(p.day);
    lines.set(before === null ? `d${p.day}` : `b${before}`, {
      before,
      day: p.day,
      students: p.students,
      placed: p.placed,
      share: p.share,
    });
  }
  for (const p of d.trend.lastYear ?? []) {
    const key = `b${p.daysBeforeWeek1}`;
    const line = lines.get(key) ?? { before: p.daysBeforeWeek1 };
    line.lastDay = p.day;
    line.lastShare = p.share;
    lines.set(key, line);
  }
  const rows = [...lines.values()].sort(
    (a, b) => (b.before ?? 0) - (a.before ?? 0) || (a.day ?? '').localeCompare(b.day ?? ''),
  );
  return {
    slug: 'evolution',
    title: 'Évolution de la part des élèves placés, jour par jour, comparée à l’an dernier',
    columns: [
      col('Jours avant la semaine 1', 'integer'),
      col('Jour', 'date', 12),
      col('Élèves de 2de GT', 'integer'),
      col('Élèves placés', 'integer'),
      col('Part des élèves placés (%)', 'percent'),
      col('Jour de l’an dernier', 'date', 12),
      col('Part des élèves placés l’an dernier (%)', 'percent'),
    ],
    rows: rows.map((l): SheetRow => [l.before, l.day, l.students, l.placed, l.share, l.lastDay, l.lastShare]),
  };
}

/** The map's figures: the lycées (places of their catchment) then the communes. */
export function mapTable(m: SteeringMap): TableContent {
  return {
    slug: 'carte-places-par-eleve',
    title: 'Places par élève autour de chaque lycée et dans chaque commune',
    columns: [
      col('Type', 'text', 10),
      col('Code (UAI ou INSEE)', 'text', 14),
      col('Nom', 'text', 36),
      col('Commune', 'text', 24),
      col('Latitude', 'decimal'),
      col('Longitude', 'decimal'),
      col('Élèves de 2de GT (lycée) ou domiciliés (commune)', 'integer'),
      col('Places (deux semaines)', 'integer'),
      col('Places par élève (deux semaines)', 'decimal'),
    ],
    rows: [
      ...m.lycees.map((l): SheetRow => [
        'Lycée',
        l.uai,
        l.name,
        l.commune,
        l.lat,
        l.lon,
        l.students,
        l.places,
        l.placesPerStudent,
      ]),
      ...m.communes.map((c): SheetRow => [
        'Commune',
        c.insee,
        c.name,
        c.name,
        c.lat,
        c.lon,
        c.students,
        c.places,
        c.placesPerStudent,
      ]),
    ],
  };
}

/** The unplaced students: names for a lycée or a class (head, referent), counts per lycée above. */
export function unplacedTable(u: Unplaced): TableContent {
  if (u.kind === 'names')
    return {
      slug: 'eleves-non-places',
      title: 'Élèves sans stage (à placer ou en cours)',
      columns: [
        col('Classe', 'text', 12),
        col('Nom', 'text', 24),
        col('Prénom', 'text', 20),
        col('Statut', 'text', 14),
        col('Dernière relance', 'datetime', 18),
      ],
      rows: u.students.map((s): SheetRow => [
        s.className,
        s.lastName,
        s.firstName,
        PLACEMENT_STATUS_LABELS[s.status],
        s.lastReminderAt,
      ]),
    };
  return {
    slug: 'eleves-non-places',
    title: 'Élèves sans stage par lycée (effectifs, sans nom)',
    columns: childColumns('Lycée'),
    rows: u.rows.map(childCells),
  };
}

/** One student of the students export, as helper A's studentStatusRows gives it. */
export interface StudentExportSource {
  id: string;
  schoolUai: string;
  classId: string;
  className: string;
  status: PlacementStatus;
  exemptionReason: ExemptionReason | null;
  weeksCovered: number;
  hosts: number;
  homeKm: number | null;
  schoolKm: number | null;
}

/** The columns of the students export; names only when the viewer may see them (lycée, class). */
export function studentColumns(withNames: boolean): SheetColumn[] {
  return [
    col('UAI du lycée', 'text', 11),
    col('Lycée', 'text', 36),
    col('Classe', 'text', 12),
    ...(withNames ? [col('Nom', 'text', 24), col('Prénom', 'text', 20)] : []),
    col('Statut', 'text', 14),
    col('Motif de dispense', 'text', 30),
    col('Semaines couvertes (sur 2)', 'integer'),
    col('Organismes d’accueil', 'integer'),
    col('Distance domicile → stage (km)', 'decimal'),
    col('Distance lycée → stage (km)', 'decimal'),
  ];
}

export function studentCells(
  s: StudentExportSource,
  lyceeName: string,
  names: { lastName: string; firstName: string } | null,
): SheetRow {
  return [
    s.schoolUai,
    lyceeName,
    s.className,
    ...(names ? [names.lastName, names.firstName] : []),
    PLACEMENT_STATUS_LABELS[s.status],
    s.exemptionReason ? EXEMPTION_LABELS[s.exemptionReason] : null,
    s.weeksCovered,
    s.hosts,
    s.homeKm,
    s.schoolKm,
  ];
}

export const STUDENTS_TABLE = { slug: 'eleves', title: 'Élèves de 2de GT et leur stage' };

/** Lower-case ASCII letters and digits, words joined by « - ». */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * « pilotage_academie-14_eleves-non-places_2026-11-29.xlsx »: ASCII only; a class by its name
 * (« classe-2nde3 »), every other scope by its code.
 */
export function exportFileName(scope: ScopeView, slug: string, day: string, format: 'csv' | 'xlsx'): string {
  const code =
    scope.kind === 'classe' ? asciiSlug(scope.name) : (scope.code ?? '').replace(/[^0-9A-Za-z-]/g, '-');
  const scopePart = scope.kind === 'national' ? 'national' : `${scope.kind}-${code}`;
  return `pilotage_${scopePart}_${slug}_${day.replace(/[^0-9-]/g, '')}.${format}`;
}
