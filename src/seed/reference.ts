/**
 * Reads and checks the reference data of the demo académie (data/*.csv) into rows ready to
 * insert. No database access and no randomness: every rule that rejects, ignores or adjusts a
 * line lives here, and every rejected line is reported with its file and line number.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slugify, normalizeCommuneName } from '../domain/text.ts';
import type {
  academicServices,
  bassins,
  circonscriptions,
  communes,
  departements,
  academies,
  schools,
  sectors,
} from '../db/schema/index.ts';
import { buildBassins, nearestBassin, RENNES_BASSIN_ANCHORS, type BassinAnchor } from './bassins.ts';
import { readCsvFile, type CsvTable, type IgnoredLines, type RejectedLine } from './csv.ts';
import { departementOfInsee, departementOfPostalCode } from '../infra/geocoding/offline.ts';

export type AcademyRow = typeof academies.$inferInsert;
export type DepartementRow = typeof departements.$inferInsert;
export type CommuneRow = typeof communes.$inferInsert & { lat: number | null; lon: number | null };
export type BassinRow = typeof bassins.$inferInsert;
export type CirconscriptionRow = typeof circonscriptions.$inferInsert;
export type SchoolRow = typeof schools.$inferInsert;
export type AcademicServiceRow = typeof academicServices.$inferInsert;
export type SectorRow = typeof sectors.$inferInsert;

export interface AcademyScope {
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  /** code → name */
  departements: Readonly<Record<string, string>>;
  bassinAnchors: readonly BassinAnchor[];
}

export const RENNES: AcademyScope = {
  code: '14',
  name: 'Rennes',
  regionCode: '53',
  regionName: 'Bretagne',
  departements: { '22': 'Côtes-d’Armor', '29': 'Finistère', '35': 'Ille-et-Vilaine', '56': 'Morbihan' },
  bassinAnchors: RENNES_BASSIN_ANCHORS,
};

/** The repository's data folder. */
export const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../data');

export const DATA_FILES = {
  communes: 'communes-bretagne.csv',
  lycees: 'lycees-bretagne.csv',
  classes: 'classes-2de-bretagne.csv',
  ecoles: 'ecoles-35.csv',
  services: 'services-35.csv',
  sectors: 'secteurs.csv',
  offers: 'offres-bretagne.csv',
} as const;

/** A 2de class to create, before ids are drawn. */
export interface ClassSource {
  schoolUai: string;
  name: string;
  declaredSize: number;
}

/** One 2025 offer, checked, before generation. */
export interface OfferSource {
  /** id in the 2025 records */
  externalRef: string;
  siret: string | null;
  sectorCode: string;
  isPublic: boolean;
  publicEmployerGroup: string | null;
  address: string | null;
  postalCode: string;
  communeName: string;
}

export interface ReferenceData {
  scope: AcademyScope;
  academy: AcademyRow;
  departements: DepartementRow[];
  communes: CommuneRow[];
  bassins: BassinRow[];
  lycees: SchoolRow[];
  classes: ClassSource[];
  circonscriptions: CirconscriptionRow[];
  ecoles: SchoolRow[];
  services: AcademicServiceRow[];
  sectors: SectorRow[];
  offers: OfferSource[];
  rejected: RejectedLine[];
  ignored: IgnoredLines[];
  /** French sentences describing data corrected on the way (classes created from headcounts…) */
  adjustments: string[];
}

/** Size of the classes created for a lycée that declares none. */
export const GENERATED_CLASS_SIZE = 35;

const UAI = /^\d{7}[A-Z]$/;

/** "035" → "35", "02A" → "2A", "971" → "971". */
export function normalizeDepartementCode(code: string): string {
  const c = code.trim().toUpperCase();
  if (/^0\d{2}$/.test(c) || /^02[AB]$/.test(c)) return c.slice(1);
  return c;
}

export class Collector {
  readonly rejected: RejectedLine[] = [];
  private readonly ignoredCounts = new Map<string, IgnoredLines>();

  reject(file: string, line: number, reason: string): void {
    this.rejected.push({ file, line, reason });
  }

  ignore(file: string, reason: string): void {
    const key = `${file}|${reason}`;
    const entry = this.ignoredCounts.get(key);
    if (entry) entry.count++;
    else this.ignoredCounts.set(key, { file, reason, count: 1 });
  }

  get ignored(): IgnoredLines[] {
    return [...this.ignoredCounts.values()];
  }
}

interface Box {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** A number, null when empty, NaN when not a number. */
function optionalNumber(text: string | undefined): number | null {
  const t = (text ?? '').trim();
  if (t === '') return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

function count(text: string | undefined): number | null | 'invalid' {
  const t = (text ?? '').trim();
  if (t === '') return null;
  return /^\d+$/.test(t) ? Number(t) : 'invalid';
}

function coordinates(
  values: Record<string, string>,
  box: Box | null,
): { lat: number; lon: number } | { error: string } {
  const lat = optionalNumber(values.latitude);
  const lon = optionalNumber(values.longitude);
  if (lat === null || lon === null) return { error: 'coordonnées manquantes' };
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return { error: `coordonnées invalides (${values.latitude} ; ${values.longitude})` };
  }
  if (box && (lat < box.minLat || lat > box.maxLat || lon < box.minLon || lon > box.maxLon)) {
    return { error: `coordonnées hors de l’académie (${lat} ; ${lon})` };
  }
  return { lat, lon };
}

function orNull(text: string | undefined): string | null {
  const t = (text ?? '').trim();
  return t === '' ? null : t;
}

const PRIVATE_CONTRACTS: Record<string, string | null> = {
  "CONTRAT D'ASSOCIATION TOUTES CLASSES": 'sous contrat d’association (toutes classes)',
  'CONTRAT ASSOCIATION PARTIE DES CLASSES': 'sous contrat d’association (partie des classes)',
  'HORS CONTRAT': 'hors contrat',
  'SANS OBJET': null,
};

function priorityEducation(text: string | undefined): 'REP' | 'REP+' | null {
  const t = (text ?? '').trim().toUpperCase().replace(/\s+/g, '');
  return t === 'REP' ? 'REP' : t === 'REP+' ? 'REP+' : null;
}

function statut(text: string | undefined): boolean | null {
  const t = (text ?? '').trim().toLowerCase();
  if (t === 'public') return true;
  if (t === 'privé' || t === 'prive') return false;
  return null;
}

/** "Circonscription d'inspection du 1er degré de Bruz" → "Bruz". */
export function circonscriptionShortName(name: string): string {
  return name
    .replace(/^circonscription d['’]inspection du 1er degr[ée]\s+/i, '')
    .replace(/^(de la |de l['’]|de |du |des |d['’])/i, '')
    .trim();
}

export function circonscriptionId(departement: string, name: string): string {
  return `${departement}-${slugify(circonscriptionShortName(name))}`;
}

const ECOLE_NATURES: Record<string, string> = {
  'ECOLE MATERNELLE': 'maternelle',
  'ECOLE DE NIVEAU ELEMENTAIRE': 'élémentaire',
  'ECOLE ELEMENTAIRE': 'élémentaire',
  'ECOLE PRIMAIRE': 'primaire',
};

export function parseCommunes(table: CsvTable, scope: AcademyScope, c: Collector): CommuneRow[] {
  const rows: CommuneRow[] = [];
  const seen = new Set<string>();
  // région of a former commune: its parent's
  const regionOf = new Map<string, string>();
  for (const r of table.records)
    if (r.values.code_region) regionOf.set(r.values.code_insee!, r.values.code_region);
  for (const { line, values } of table.records) {
    const insee = values.code_insee ?? '';
    const postalCode = values.code_postal ?? '';
    const name = values.nom ?? '';
    const type = values.type ?? '';
    if (!/^(\d{5}|2[AB]\d{3})$/.test(insee)) {
      c.reject(table.file, line, `code INSEE invalide : « ${insee} »`);
      continue;
    }
    if (!/^\d{5}$/.test(postalCode)) {
      c.reject(table.file, line, `code postal invalide : « ${postalCode} »`);
      continue;
    }
    if (name === '') {
      c.reject(table.file, line, 'nom de commune manquant');
      continue;
    }
    if (!['COM', 'COMD', 'ARM'].includes(type)) {
      c.reject(table.file, line, `type de commune inconnu : « ${type} »`);
      continue;
    }
    const departement = values.code_departement
      ? normalizeDepartementCode(values.code_departement)
      : departementOfInsee(insee);
    if (!departement || !(departement in scope.departements)) {
      c.reject(table.file, line, `département inconnu dans l’académie : « ${departement ?? ''} »`);
      continue;
    }
    const where = coordinates(values, null);
    if ('error' in where) {
      c.reject(table.file, line, where.error);
      continue;
    }
    const population = count(values.population);
    if (population === 'invalid') {
      c.reject(table.file, line, `population invalide : « ${values.population} »`);
      continue;
    }
    const key = `${insee}|${postalCode}|${type}`;
    if (seen.has(key)) {
      c.reject(table.file, line, `commune en double (${insee}, ${postalCode}, ${type})`);
      continue;
    }
    seen.add(key);
    rows.push({
      insee,
      postalCode,
      name,
      searchName: normalizeCommuneName(name),
      departementCode: departement,
      regionCode: values.code_region || regionOf.get(values.code_insee_parent ?? '') || scope.regionCode,
      type,
      parentInsee: orNull(values.code_insee_parent),
      lat: where.lat,
      lon: where.lon,
      population,
    });
  }
  return rows;
}

function boxOf(communeRows: readonly CommuneRow[], marginDeg: number): Box | null {
  if (communeRows.length === 0) return null;
  const box = { minLat: 90, maxLat: -90, minLon: 180, maxLon: -180 };
  for (const r of communeRows) {
    if (r.lat === null || r.lon === null) continue;
    box.minLat = Math.min(box.minLat, r.lat);
    box.maxLat = Math.max(box.maxLat, r.lat);
    box.minLon = Math.min(box.minLon, r.lon);
    box.maxLon = Math.max(box.maxLon, r.lon);
  }
  return {
    minLat: box.minLat - marginDeg,
    maxLat: box.maxLat + marginDeg,
    minLon: box.minLon - marginDeg,
    maxLon: box.maxLon + marginDeg,
  };
}

/**
 * The checks every school line passes (lycée or école): a UAI present, well formed and not seen
 * before; then `inScope` (which reports lines it leaves out); a département of the académie; a
 * public or private status; a name. A failed check is reported with the file and line.
 */
function checkSchoolLine(
  table: CsvTable,
  line: number,
  values: Record<string, string | undefined>,
  seen: ReadonlySet<string>,
  scope: AcademyScope,
  c: Collector,
  inScope: () => boolean = () => true,
): { uai: string; departement: string; isPublic: boolean; name: string } | null {
  const uai = (values.uai ?? '').toUpperCase();
  if (uai === '') {
    c.reject(table.file, line, 'UAI manquant');
    return null;
  }
  if (!UAI.test(uai)) {
    c.reject(table.file, line, `UAI invalide : « ${uai} »`);
    return null;
  }
  if (seen.has(uai)) {
    c.reject(table.file, line, `UAI en double : ${uai}`);
    return null;
  }
  if (!inScope()) return null;
  const departement = normalizeDepartementCode(values.code_departement ?? '');
  if (!(departement in scope.departements)) {
    c.reject(table.file, line, `département inconnu dans l’académie : « ${values.code_departement ?? ''} »`);
    return null;
  }
  const isPublic = statut(values.statut);
  if (isPublic === null) {
    c.reject(table.file, line, `statut inconnu : « ${values.statut ?? ''} » (attendu Public ou Privé)`);
    return null;
  }
  if (!values.nom) {
    c.reject(table.file, line, 'nom manquant');
    return null;
  }
  return { uai, departement, isPublic, name: values.nom };
}

export function parseLycees(
  table: CsvTable,
  scope: AcademyScope,
  box: Box | null,
  bassinRows: readonly (BassinRow & { lat: number; lon: number; departement: string })[],
  c: Collector,
): SchoolRow[] {
  const rows: SchoolRow[] = [];
  const seen = new Set<string>();
  for (const { line, values } of table.records) {
    const school = checkSchoolLine(table, line, values, seen, scope, c, () => {
      if (values.code_academie === scope.code) return true;
      c.ignore(table.file, `lycée d’une autre académie que ${scope.name}`);
      return false;
    });
    if (!school) continue;
    const { uai, departement, isPublic, name } = school;
    const where = coordinates(values, box);
    if ('error' in where) {
      c.reject(table.file, line, where.error);
      continue;
    }
    const headcount = count(values.effectif_2de_gt);
    if (headcount === 'invalid') {
      c.reject(table.file, line, `effectif de 2de GT invalide : « ${values.effectif_2de_gt} »`);
      continue;
    }
    seen.add(uai);
    const contract = values.contrat_prive ?? '';
    rows.push({
      uai,
      kind: 'lycee',
      name,
      isPublic,
      privateContract: isPublic
        ? null
        : contract in PRIVATE_CONTRACTS
          ? PRIVATE_CONTRACTS[contract]!
          : orNull(contract),
      address: orNull(values.adresse),
      postalCode: orNull(values.code_postal),
      communeInsee: orNull(values.code_commune),
      communeName: orNull(values.commune),
      departementCode: departement,
      academyCode: scope.code,
      lat: where.lat,
      lon: where.lon,
      email: orNull(values.mail),
      agricultural: values.lycee_agricole === '1',
      priorityEducation: priorityEducation(values.education_prioritaire),
      qpv: (values.qpv ?? '').toLowerCase() === 'oui',
      bassinCode: nearestBassin(bassinRows, departement, where)?.code ?? null,
      headcount2deGt: headcount,
      pupils: null,
      nature: null,
      circonscriptionId: null,
    });
  }
  return rows;
}

export function parseClasses(
  table: CsvTable,
  lycees: readonly SchoolRow[],
  c: Collector,
  adjustments: string[],
): ClassSource[] {
  const known = new Set(lycees.map((l) => l.uai));
  const byLycee = new Map<string, ClassSource[]>();
  const seen = new Set<string>();
  for (const { line, values } of table.records) {
    const uai = (values.uai ?? '').toUpperCase();
    const name = values.division ?? '';
    if (uai === '') {
      c.reject(table.file, line, 'UAI manquant');
      continue;
    }
    if (name === '') {
      c.reject(table.file, line, 'nom de classe (division) manquant');
      continue;
    }
    const size = count(values.effectif);
    if (size === null || size === 'invalid' || size > 99) {
      c.reject(table.file, line, `effectif invalide : « ${values.effectif ?? ''} »`);
      continue;
    }
    if (!known.has(uai)) {
      c.ignore(table.file, 'classe d’un établissement absent des lycées de l’académie (sans 2de GT)');
      continue;
    }
    const key = `${uai}|${name}`;
    if (seen.has(key)) {
      c.reject(table.file, line, `classe en double : ${uai} ${name}`);
      continue;
    }
    seen.add(key);
    const list = byLycee.get(uai) ?? [];
    list.push({ schoolUai: uai, name, declaredSize: size });
    byLycee.set(uai, list);
  }

  // a lycée with 2de GT students but no student in its declared classes gets its headcount
  const out: ClassSource[] = [];
  for (const lycee of lycees) {
    const list = byLycee.get(lycee.uai) ?? [];
    const declared = list.reduce((n, k) => n + k.declaredSize, 0);
    const headcount = lycee.headcount2deGt ?? 0;
    if (declared === 0 && headcount > 0) {
      const classCount = list.length > 0 ? list.length : Math.ceil(headcount / GENERATED_CLASS_SIZE);
      const names =
        list.length > 0
          ? list.map((k) => k.name)
          : Array.from({ length: classCount }, (_, i) => `2NDE ${i + 1}`);
      const base = Math.floor(headcount / classCount);
      const extra = headcount % classCount;
      const created = names.map((name, i) => ({
        schoolUai: lycee.uai,
        name,
        declaredSize: base + (i < extra ? 1 : 0),
      }));
      adjustments.push(
        list.length > 0
          ? `${lycee.uai} ${lycee.name} : classes déclarées sans élève, effectif de 2de GT (${headcount}) réparti sur les ${classCount} classes`
          : `${lycee.uai} ${lycee.name} : aucune classe déclarée, ${classCount} classe(s) créée(s) d’après l’effectif de 2de GT (${headcount})`,
      );
      out.push(...created);
    } else {
      out.push(...list);
    }
  }
  return out;
}

export function parseEcoles(
  table: CsvTable,
  scope: AcademyScope,
  box: Box | null,
  takenUais: ReadonlySet<string>,
  c: Collector,
): { ecoles: SchoolRow[]; circonscriptions: CirconscriptionRow[] } {
  const ecoles: SchoolRow[] = [];
  const circs = new Map<string, CirconscriptionRow>();
  const seen = new Set<string>(takenUais);
  for (const { line, values } of table.records) {
    const school = checkSchoolLine(table, line, values, seen, scope, c);
    if (!school) continue;
    const { uai, departement, isPublic, name } = school;
    const circonscription = values.circonscription ?? '';
    if (circonscription === '') {
      c.reject(table.file, line, 'circonscription manquante');
      continue;
    }
    const where = coordinates(values, box);
    if ('error' in where) {
      c.reject(table.file, line, where.error);
      continue;
    }
    const pupils = count(values.effectif);
    if (pupils === 'invalid') {
      c.reject(table.file, line, `effectif invalide : « ${values.effectif} »`);
      continue;
    }
    seen.add(uai);
    const circId = circonscriptionId(departement, circonscription);
    if (!circs.has(circId)) {
      circs.set(circId, { id: circId, name: circonscription, departementCode: departement, officeUai: null });
    }
    const nature = (values.nature ?? '').toUpperCase();
    ecoles.push({
      uai,
      kind: 'ecole',
      name,
      isPublic,
      privateContract: null,
      address: orNull(values.adresse),
      postalCode: orNull(values.code_postal),
      communeInsee: orNull(values.code_commune),
      communeName: orNull(values.commune),
      departementCode: departement,
      academyCode: scope.code,
      lat: where.lat,
      lon: where.lon,
      email: orNull(values.mail),
      agricultural: false,
      priorityEducation: priorityEducation(values.education_prioritaire),
      qpv: false,
      bassinCode: null,
      headcount2deGt: null,
      pupils,
      nature: ECOLE_NATURES[nature] ?? orNull(values.nature),
      circonscriptionId: circId,
    });
  }
  return { ecoles, circonscriptions: [...circs.values()].sort((a, b) => a.id.localeCompare(b.id)) };
}

export function parseServices(
  table: CsvTable,
  scope: AcademyScope,
  box: Box | null,
  circs: CirconscriptionRow[],
  c: Collector,
): AcademicServiceRow[] {
  const rows: AcademicServiceRow[] = [];
  const seen = new Set<string>();
  const circByName = new Map(circs.map((k) => [normalizeCommuneName(k.name), k]));
  for (const { line, values } of table.records) {
    const uai = (values.uai ?? '').toUpperCase();
    if (uai === '') {
      c.reject(table.file, line, 'UAI manquant');
      continue;
    }
    if (!UAI.test(uai)) {
      c.reject(table.file, line, `UAI invalide : « ${uai} »`);
      continue;
    }
    if (seen.has(uai)) {
      c.reject(table.file, line, `UAI en double : ${uai}`);
      continue;
    }
    if (!values.nom) {
      c.reject(table.file, line, 'nom manquant');
      continue;
    }
    const departement = departementOfPostalCode(values.code_postal);
    if (!departement || !(departement in scope.departements)) {
      c.reject(
        table.file,
        line,
        `département inconnu dans l’académie (code postal « ${values.code_postal ?? ''} »)`,
      );
      continue;
    }
    const where = coordinates(values, box);
    if ('error' in where) {
      c.reject(table.file, line, where.error);
      continue;
    }
    seen.add(uai);
    // the office of an IEN circonscription bears the circonscription's name
    const circ = circByName.get(normalizeCommuneName(values.nom));
    if (circ && !circ.officeUai) circ.officeUai = uai;
    rows.push({
      uai,
      name: values.nom,
      type: values.type || 'Service administratif',
      nature: orNull(values.nature),
      address: orNull(values.adresse),
      postalCode: orNull(values.code_postal),
      communeName: orNull(values.commune),
      departementCode: departement,
      lat: where.lat,
      lon: where.lon,
      email: orNull(values.mail),
      circonscriptionId: circ?.id ?? null,
    });
  }
  return rows;
}

export function parseSectors(table: CsvTable, c: Collector): SectorRow[] {
  const rows: SectorRow[] = [];
  const seen = new Set<string>();
  for (const { line, values } of table.records) {
    const name = values.secteur ?? '';
    const code = slugify(name);
    if (code === '') {
      c.reject(table.file, line, 'nom de secteur manquant');
      continue;
    }
    const offers = count(values.offres_2025);
    if (offers === 'invalid') {
      c.reject(table.file, line, `nombre d’offres invalide : « ${values.offres_2025} »`);
      continue;
    }
    if (seen.has(code)) {
      c.reject(table.file, line, `secteur en double : ${name}`);
      continue;
    }
    seen.add(code);
    rows.push({ code, name, offers2025: offers ?? 0 });
  }
  return rows;
}

/** Cleans an address typed by a host: "null RUE DE CHATEAUBRIAND " → "RUE DE CHATEAUBRIAND". */
export function cleanAddress(text: string | undefined, maxLength = 200): string | null {
  const t = (text ?? '')
    .replace(/\bnull\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (t === '') return null;
  return t.length > maxLength ? `${t.slice(0, maxLength - 1).trimEnd()}…` : t;
}

export function parseOffers(table: CsvTable, sectorRows: readonly SectorRow[], c: Collector): OfferSource[] {
  const rows: OfferSource[] = [];
  const sectorCodes = new Set(sectorRows.map((s) => s.code));
  const seen = new Set<string>();
  for (const { line, values } of table.records) {
    const id = values.id ?? '';
    if (id === '') {
      c.reject(table.file, line, 'identifiant d’offre manquant');
      continue;
    }
    if (seen.has(id)) {
      c.reject(table.file, line, `offre en double : ${id}`);
      continue;
    }
    if (values.niveau === 'troisieme_or_quatrieme') {
      c.ignore(table.file, 'offre réservée aux élèves de 3e et 4e');
      continue;
    }
    const sectorCode = slugify(values.secteur ?? '');
    if (!sectorCodes.has(sectorCode)) {
      c.reject(table.file, line, `secteur inconnu : « ${values.secteur ?? ''} »`);
      continue;
    }
    const pub = (values.public ?? '').toLowerCase();
    if (pub !== 'oui' && pub !== 'non') {
      c.reject(
        table.file,
        line,
        `valeur « public » invalide : « ${values.public ?? ''} » (attendu oui ou non)`,
      );
      continue;
    }
    const siret = (values.siret ?? '').replace(/\s+/g, '');
    if (siret !== '' && !/^\d{14}$/.test(siret)) {
      c.reject(table.file, line, `SIRET invalide : « ${values.siret} »`);
      continue;
    }
    seen.add(id);
    rows.push({
      externalRef: id,
      siret: siret === '' ? null : siret,
      sectorCode,
      isPublic: pub === 'oui',
      publicEmployerGroup: pub === 'oui' ? orNull(values.type_employeur_public) : null,
      address: cleanAddress(values.adresse),
      postalCode: (values.code_postal ?? '').trim(),
      communeName: (values.commune ?? '').trim(),
    });
  }
  return rows;
}

/** Reads and checks every reference file of the demo académie. */
export function loadReferenceData(
  dataDir: string = DEFAULT_DATA_DIR,
  scope: AcademyScope = RENNES,
): ReferenceData {
  const c = new Collector();
  const read = (file: string, required: readonly string[]): CsvTable => {
    const table = readCsvFile(join(dataDir, file), required);
    c.rejected.push(...table.rejected);
    return table;
  };

  const communeRows = parseCommunes(
    read(DATA_FILES.communes, [
      'code_insee',
      'code_region',
      'code_departement',
      'nom',
      'code_postal',
      'type',
      'code_insee_parent',
      'latitude',
      'longitude',
      'population',
    ]),
    scope,
    c,
  );
  const box = boxOf(communeRows, 0.15);
  const centres = new Map<string, { lat: number; lon: number }>();
  for (const r of communeRows)
    if (r.type === 'COM' && r.lat !== null && r.lon !== null)
      centres.set(r.insee, { lat: r.lat, lon: r.lon });
  const bassinList = buildBassins(scope.code, scope.bassinAnchors, (insee) => centres.get(insee));
  const bassinRows = bassinList.map((b) => ({
    code: b.code,
    name: b.name,
    academyCode: scope.code,
    lat: b.lat,
    lon: b.lon,
    departement: b.departement,
  }));

  const lycees = parseLycees(
    read(DATA_FILES.lycees, [
      'uai',
      'nom',
      'statut',
      'code_departement',
      'code_academie',
      'latitude',
      'longitude',
      'effectif_2de_gt',
    ]),
    scope,
    box,
    bassinRows,
    c,
  );
  const adjustments: string[] = [];
  const classes = parseClasses(
    read(DATA_FILES.classes, ['uai', 'division', 'effectif']),
    lycees,
    c,
    adjustments,
  );
  const { ecoles, circonscriptions } = parseEcoles(
    read(DATA_FILES.ecoles, [
      'uai',
      'nom',
      'statut',
      'code_departement',
      'latitude',
      'longitude',
      'circonscription',
    ]),
    scope,
    box,
    new Set(lycees.map((l) => l.uai)),
    c,
  );
  const services = parseServices(
    read(DATA_FILES.services, ['uai', 'nom', 'type', 'code_postal', 'latitude', 'longitude']),
    scope,
    box,
    circonscriptions,
    c,
  );
  const sectorRows = parseSectors(read(DATA_FILES.sectors, ['secteur', 'offres_2025']), c);
  const offers = parseOffers(
    read(DATA_FILES.offers, [
      'id',
      'siret',
      'secteur',
      'public',
      'type_employeur_public',
      'adresse',
      'commune',
      'code_postal',
      'niveau',
    ]),
    sectorRows,
    c,
  );

  const usedBassins = new Set(lycees.map((l) => l.bassinCode));
  return {
    scope,
    academy: {
      code: scope.code,
      name: scope.name,
      regionCode: scope.regionCode,
      regionName: scope.regionName,
    },
    departements: Object.entries(scope.departements).map(([code, name]) => ({
      code,
      name,
      academyCode: scope.code,
    })),
    communes: communeRows,
    bassins: bassinRows
      .filter((b) => usedBassins.has(b.code))
      .map((b) => ({ code: b.code, name: b.name, academyCode: b.academyCode })),
    lycees,
    classes,
    circonscriptions,
    ecoles,
    services,
    sectors: sectorRows,
    offers,
    rejected: c.rejected.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    ignored: c.ignored,
    adjustments,
  };
}
