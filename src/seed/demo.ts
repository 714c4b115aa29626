/**
 * The demo académie: the real reference data of Bretagne (académie de Rennes) and, generated
 * deterministically from a seed, its students, guardians, hosts and offers.
 *
 * Everything is checked before anything is written (reference.ts), then written in one
 * transaction: a bad line is reported and skipped, and a failure leaves the database as it was.
 */
import { sql } from 'drizzle-orm';
import { ensureCampaign } from '../campaigns/store.ts';
import { rows, type Db } from '../db/client.ts';
import {
  academicServices,
  academies,
  bassins,
  circonscriptions,
  classes,
  communes,
  departements,
  guardians,
  hosts,
  offerWeeks,
  offers,
  schools,
  sectors,
  students,
} from '../db/schema/index.ts';
import { schoolYearOn } from '../domain/campaign.ts';
import { buildOfflineGeocoder, type GeocodeMethod } from '../infra/geocoding/offline.ts';
import type { IgnoredLines, RejectedLine } from './csv.ts';
import { campaignIdFor, generateDemo, type NotPlacedOffer } from './generate.ts';
import { insertBatched } from './insert.ts';
import { DEFAULT_DATA_DIR, loadReferenceData, RENNES } from './reference.ts';

export type { IgnoredLines, RejectedLine } from './csv.ts';
export { DEFAULT_DATA_DIR } from './reference.ts';

export interface SeedOptions {
  seed: number;
  /** ISO date; gives the school year via schoolYearOn */
  today: string;
  log?: (message: string) => void;
  /** defaults to <repo>/data */
  dataDir?: string;
}

export type SeededTable =
  | 'academies'
  | 'departements'
  | 'communes'
  | 'bassins'
  | 'circonscriptions'
  | 'schools'
  | 'academic_services'
  | 'sectors'
  | 'campaigns'
  | 'classes'
  | 'students'
  | 'guardians'
  | 'hosts'
  | 'offers'
  | 'offer_weeks';

export interface SeedReport {
  seed: number;
  schoolYear: string;
  campaignId: string;
  /** rows inserted per table */
  counts: Record<SeededTable, number>;
  /** schools by kind */
  lycees: number;
  ecoles: number;
  /** offers placed on the map, by geocoding method */
  offersPlaced: Record<GeocodeMethod, number>;
  /** offers left as drafts without coordinates, with the reason */
  offersNotPlaced: NotPlacedOffer[];
  /** malformed or inconsistent lines, skipped */
  rejected: RejectedLine[];
  /** lines outside the demo's scope, counted by reason */
  ignored: IgnoredLines[];
  /** data corrected on the way, in French */
  adjustments: string[];
  /** total rows inserted */
  rows: number;
  durationMs: number;
  rowsPerSecond: number;
}

const fr = new Intl.NumberFormat('fr-FR');

/** True when the demo académie is already in the database. */
export async function isSeeded(db: Db): Promise<boolean> {
  const [row] = await rows<{ seeded: boolean }>(
    db,
    sql`select exists (select 1 from ${schools} where ${schools.academyCode} = ${RENNES.code}) as seeded`,
  );
  return row?.seeded === true;
}

/** Empties every table of the application (keeps the schema and the applied migrations). */
export async function resetDatabase(db: Db): Promise<void> {
  const tables = await rows<{ tablename: string }>(
    db,
    sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
  );
  if (tables.length === 0) return;
  await db.execute(
    sql.raw(
      `truncate ${tables.map((t) => `"${t.tablename.replace(/"/g, '""')}"`).join(', ')} restart identity cascade`,
    ),
  );
}

/** Loads the demo académie. Throws (in French) if it is already there or if a file cannot be read. */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  if (!Number.isSafeInteger(options.seed)) throw new Error(`graine invalide : ${options.seed}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today) || Number.isNaN(Date.parse(options.today))) {
    throw new Error(`date invalide : ${options.today} (attendu AAAA-MM-JJ)`);
  }
  if (await isSeeded(db)) {
    throw new Error('la base contient déjà l’académie de démonstration : videz-la d’abord (resetDatabase)');
  }
  const schoolYear = schoolYearOn(options.today);
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;

  const ref = loadReferenceData(dataDir);
  const geocoder = buildOfflineGeocoder(ref.communes);
  const campaignId = campaignIdFor(options.seed, schoolYear);
  const generated = generateDemo(ref, {
    seed: options.seed,
    today: options.today,
    schoolYear,
    campaignId,
    geocoder,
  });
  log(`Données de ${dataDir} lues et générées en ${fr.format(Math.round(performance.now() - started))} ms`);

  const counts = {} as Record<SeededTable, number>;
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    counts.academies = await insertBatched(t, academies, [ref.academy]);
    counts.departements = await insertBatched(t, departements, ref.departements);
    log(`Académie : ${ref.academy.name} (${ref.academy.code}), ${ref.departements.length} départements`);
    counts.communes = await insertBatched(t, communes, ref.communes);
    log(`Communes : ${fr.format(counts.communes)} importées`);
    counts.bassins = await insertBatched(t, bassins, ref.bassins);
    counts.circonscriptions = await insertBatched(t, circonscriptions, ref.circonscriptions);
    counts.schools = await insertBatched(t, schools, [...ref.lycees, ...ref.ecoles]);
    log(`Lycées : ${fr.format(ref.lycees.length)} importés (${ref.bassins.length} bassins)`);
    log(
      `Écoles : ${fr.format(ref.ecoles.length)} importées (${ref.circonscriptions.length} circonscriptions)`,
    );
    counts.academic_services = await insertBatched(t, academicServices, ref.services);
    log(`Services académiques : ${fr.format(counts.academic_services)} importés`);
    counts.sectors = await insertBatched(t, sectors, ref.sectors);
    log(`Secteurs : ${fr.format(counts.sectors)} importés`);
    const campaign = await ensureCampaign(t, ref.academy.code, schoolYear, {
      id: campaignId,
      createdAt: new Date(`${options.today}T07:00:00.000Z`),
      // the demo is tried all year round: hosts publish and students apply from the seeding day
      openBy: options.today,
    });
    if (campaign.id !== campaignId) throw new Error('une campagne existe déjà pour cette année scolaire');
    counts.campaigns = 1;
    log(`Campagne ${schoolYear} : semaines du ${campaign.week1Start} et du ${campaign.week2Start}`);
    counts.classes = await insertBatched(t, classes, generated.classes);
    log(`Classes de 2de : ${fr.format(counts.classes)} importées`);
    counts.students = await insertBatched(t, students, generated.students);
    counts.guardians = await insertBatched(t, guardians, generated.guardians);
    log(
      `Élèves : ${fr.format(counts.students)} générés, avec ${fr.format(counts.guardians)} représentants légaux`,
    );
    counts.hosts = await insertBatched(t, hosts, generated.offers.hosts);
    counts.offers = await insertBatched(t, offers, generated.offers.offers);
    counts.offer_weeks = await insertBatched(t, offerWeeks, generated.offers.offerWeeks);
    const placed = counts.offers - generated.offers.notPlaced.length;
    log(
      `Offres : ${fr.format(counts.offers)} (${fr.format(placed)} placées sur la carte, ${fr.format(
        generated.offers.notPlaced.length,
      )} en brouillon), ${fr.format(counts.hosts)} organismes d’accueil`,
    );
  });

  if (ref.rejected.length > 0) log(`Lignes rejetées : ${ref.rejected.length} (voir le rapport)`);
  const total = Object.values(counts).reduce((n, c) => n + c, 0);
  const durationMs = Math.round(performance.now() - started);
  const rowsPerSecond = Math.round(total / Math.max(durationMs / 1000, 0.001));
  log(
    `Terminé : ${fr.format(total)} lignes en ${fr.format(durationMs / 1000)} s (${fr.format(rowsPerSecond)} lignes/s)`,
  );
  return {
    seed: options.seed,
    schoolYear,
    campaignId,
    counts,
    lycees: ref.lycees.length,
    ecoles: ref.ecoles.length,
    offersPlaced: generated.offers.placedByMethod,
    offersNotPlaced: generated.offers.notPlaced,
    rejected: ref.rejected,
    ignored: ref.ignored,
    adjustments: ref.adjustments,
    rows: total,
    durationMs,
    rowsPerSecond,
  };
}
