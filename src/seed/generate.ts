/**
 * Deterministic generation of the demo's people and offers from the reference data: same seed,
 * same date and same input → the same rows, ids included. No database access: rows come out as
 * plain objects, inserted elsewhere (insert.ts), which lets tests compare generations cheaply.
 */
import { addDays, stageYear, type IsoDate } from '../domain/campaign.ts';
import { boundingBox, destination, haversineKm, roundCoordinate } from '../domain/geo.ts';
import { createRng, WeightedTable, type Rng } from '../domain/random.ts';
import { slugify, titleCase, withA, withDe } from '../domain/text.ts';
import type {
  OfferHours,
  classes,
  guardians,
  hosts,
  offerWeeks,
  offers,
  students,
} from '../db/schema/index.ts';
import type { GeocodeMethod, OfflineGeocoder } from '../infra/geocoding/offline.ts';
import {
  BOY_NAMES,
  BRETON_SURNAMES,
  FRENCH_SURNAMES,
  GIRL_NAMES,
  MAN_NAMES,
  SCHOOL_PATRONS,
  WOMAN_NAMES,
} from './names.ts';
import { DESCRIPTION_CLOSINGS, LUNCH_OPTIONS, publicHostNames, SECTOR_CONTENT } from './offer-content.ts';
import type { ClassSource, CommuneRow, OfferSource, ReferenceData } from './reference.ts';

export type ClassRow = typeof classes.$inferInsert & { id: string };
export type StudentRow = typeof students.$inferInsert & { id: string };
export type GuardianRow = typeof guardians.$inferInsert & { id: string };
export type HostRow = typeof hosts.$inferInsert & { id: string };
export type OfferRow = typeof offers.$inferInsert & { id: string };
export type OfferWeekRow = typeof offerWeeks.$inferInsert;

// ---------------------------------------------------------------------------------------------
// people

/** A commune where students may live. */
export interface HomeCommune {
  insee: string;
  postalCode: string;
  lat: number;
  lon: number;
  population: number;
}

/** Distance within which students live around their lycée. */
export const HOME_RADIUS_KM = 20;

/** One row per current commune (the lowest postal code), with a centre and a population. */
export function homeCommunes(rows: readonly CommuneRow[]): HomeCommune[] {
  const byInsee = new Map<string, HomeCommune>();
  for (const r of rows) {
    if (r.type !== 'COM' || r.lat === null || r.lon === null) continue;
    const existing = byInsee.get(r.insee);
    if (existing && existing.postalCode <= r.postalCode) continue;
    byInsee.set(r.insee, {
      insee: r.insee,
      postalCode: r.postalCode,
      lat: r.lat,
      lon: r.lon,
      population: r.population ?? 0,
    });
  }
  return [...byInsee.values()].sort((a, b) => a.insee.localeCompare(b.insee));
}

/**
 * Draws home communes around a point: communes within the radius, weighted by population (the
 * nearest commune when none is in range). A grid keeps it fast at national scale.
 */
export class HomeSampler {
  private readonly grid = new Map<string, HomeCommune[]>();
  private readonly cache = new Map<string, WeightedTable<HomeCommune>>();
  private static readonly CELL_DEG = 0.25;

  constructor(
    private readonly communes: readonly HomeCommune[],
    private readonly radiusKm = HOME_RADIUS_KM,
  ) {
    for (const c of communes) {
      const key = this.cell(c.lat, c.lon);
      const list = this.grid.get(key);
      if (list) list.push(c);
      else this.grid.set(key, [c]);
    }
  }

  private cell(lat: number, lon: number): string {
    return `${Math.floor(lat / HomeSampler.CELL_DEG)}|${Math.floor(lon / HomeSampler.CELL_DEG)}`;
  }

  /** The weighted table of home communes around a point (cached by key). */
  around(key: string, point: { lat: number; lon: number }): WeightedTable<HomeCommune> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const box = boundingBox(point, this.radiusKm);
    const found: HomeCommune[] = [];
    const size = HomeSampler.CELL_DEG;
    for (let la = Math.floor(box.minLat / size); la <= Math.floor(box.maxLat / size); la++) {
      for (let lo = Math.floor(box.minLon / size); lo <= Math.floor(box.maxLon / size); lo++) {
        for (const c of this.grid.get(`${la}|${lo}`) ?? []) {
          if (haversineKm(point, c) <= this.radiusKm) found.push(c);
        }
      }
    }
    found.sort((a, b) => a.insee.localeCompare(b.insee));
    let table: WeightedTable<HomeCommune>;
    if (found.length > 0 && found.some((c) => c.population > 0)) {
      table = new WeightedTable(
        found,
        found.map((c) => c.population),
      );
    } else {
      let nearest = this.communes[0]!;
      for (const c of this.communes) if (haversineKm(point, c) < haversineKm(point, nearest)) nearest = c;
      table = new WeightedTable([nearest], [1]);
    }
    this.cache.set(key, table);
    return table;
  }
}

/** Draws names with a mild preference for the most common (lists are ordered by frequency). */
function rankedTable(names: readonly string[], weightOfFirst = 1): WeightedTable<string> {
  return new WeightedTable(
    names,
    names.map((_, i) => weightOfFirst / (1 + i / 40)),
  );
}

/** Weight of a Breton surname relative to a surname common all over France. */
export const BRETON_SURNAME_WEIGHT = 1.4;

const asciiCache = new Map<string, string>();

function asciiLocal(text: string): string {
  let out = asciiCache.get(text);
  if (out === undefined) {
    out = slugify(text);
    asciiCache.set(text, out);
  }
  return out;
}

/** Deterministic French people: students (15, a few 16) and their legal representatives. */
export class PeopleGenerator {
  private readonly girls = rankedTable(GIRL_NAMES);
  private readonly boys = rankedTable(BOY_NAMES);
  private readonly women = rankedTable(WOMAN_NAMES);
  private readonly men = rankedTable(MAN_NAMES);
  private readonly surnames = new WeightedTable(
    [...BRETON_SURNAMES, ...FRENCH_SURNAMES],
    [...BRETON_SURNAMES.map(() => BRETON_SURNAME_WEIGHT), ...FRENCH_SURNAMES.map(() => 1)],
  );
  private readonly emailsUsed = new Map<string, number>();
  /** usual birth year of a 2de student of the school year (15 on 1 September) */
  private readonly birthYear: number;

  constructor(
    private readonly rng: Rng,
    schoolYear: string,
    private readonly createdAt: Date,
  ) {
    this.birthYear = stageYear(schoolYear) - 16;
  }

  private readonly daysOfYear = new Map<number, string[]>();

  private birthDate(): string {
    // about 9 % are a year older (a year repeated)
    const year = this.rng.chance(0.09) ? this.birthYear - 1 : this.birthYear;
    let days = this.daysOfYear.get(year);
    if (!days) {
      const count = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1 ? 366 : 365;
      days = Array.from({ length: count }, (_, i) => addDays(`${year}-01-01`, i));
      this.daysOfYear.set(year, days);
    }
    return this.rng.pick(days);
  }

  private email(first: string, last: string): string {
    const local = `${asciiLocal(first)}.${asciiLocal(last)}`;
    const n = (this.emailsUsed.get(local) ?? 0) + 1;
    this.emailsUsed.set(local, n);
    return `${local}${n > 1 ? n : ''}@example.net`;
  }

  /** A number of the range ARCEP keeps for fiction: 06 39 98 00 00 – 06 39 98 99 99. */
  private phone(): string {
    const n = this.rng.int(0, 9999);
    const pad = (x: number): string => String(x).padStart(2, '0');
    return `06 39 98 ${pad(Math.floor(n / 100))} ${pad(n % 100)}`;
  }

  /** The students of one class (exactly its declared size) and their guardians. */
  classStudents(
    cls: { id: string; schoolUai: string; declaredSize: number },
    homes: WeightedTable<HomeCommune>,
  ): { students: StudentRow[]; guardians: GuardianRow[] } {
    const studentRows: StudentRow[] = [];
    const guardianRows: GuardianRow[] = [];
    const rng = this.rng;
    for (let i = 0; i < cls.declaredSize; i++) {
      const id = rng.uuid();
      const girl = rng.chance(0.5);
      const firstName = (girl ? this.girls : this.boys).pick(rng);
      const lastName = this.surnames.pick(rng);
      const home = homes.pick(rng);
      studentRows.push({
        id,
        ine: null,
        firstName,
        lastName,
        birthDate: this.birthDate(),
        classId: cls.id,
        schoolUai: cls.schoolUai,
        homeCommuneInsee: home.insee,
        homePostalCode: home.postalCode,
        homeLat: home.lat,
        homeLon: home.lon,
        createdAt: this.createdAt,
      });
      // one or two legal representatives (about 70 % two)
      const two = rng.chance(0.7);
      const firstIsWoman = rng.chance(0.6);
      for (let rank = 1; rank <= (two ? 2 : 1); rank++) {
        const woman = rank === 1 ? firstIsWoman : rng.chance(0.1) ? firstIsWoman : !firstIsWoman;
        const sameName = rng.chance(rank === 1 ? 0.75 : 0.5);
        const gFirst = (woman ? this.women : this.men).pick(rng);
        const gLast = sameName ? lastName : this.surnames.pick(rng);
        guardianRows.push({
          id: rng.uuid(),
          studentId: id,
          rank,
          firstName: gFirst,
          lastName: gLast,
          email: this.email(gFirst, gLast),
          phone: this.phone(),
        });
      }
    }
    return { students: studentRows, guardians: guardianRows };
  }
}

// ---------------------------------------------------------------------------------------------
// offers

export interface HoursTemplate {
  from: string;
  to: string;
  breakMinutes: number;
}

/** Daily hours, Monday–Friday; every one within 7 h of presence a day, 35 h a week. */
export const HOURS_TEMPLATES: readonly HoursTemplate[] = [
  { from: '09:00', to: '17:00', breakMinutes: 60 },
  { from: '08:30', to: '16:30', breakMinutes: 60 },
  { from: '09:00', to: '16:30', breakMinutes: 60 },
  { from: '08:00', to: '16:00', breakMinutes: 60 },
  { from: '09:30', to: '17:30', breakMinutes: 90 },
  { from: '08:30', to: '17:00', breakMinutes: 90 },
  { from: '10:00', to: '17:00', breakMinutes: 60 },
  { from: '08:00', to: '15:30', breakMinutes: 45 },
];

/** A school week: Wednesday morning only. */
const SCHOOL_HOURS: OfferHours = [
  { day: 1, from: '08:30', to: '16:30', breakMinutes: 90 },
  { day: 2, from: '08:30', to: '16:30', breakMinutes: 90 },
  { day: 3, from: '08:30', to: '12:00', breakMinutes: 0 },
  { day: 4, from: '08:30', to: '16:30', breakMinutes: 90 },
  { day: 5, from: '08:30', to: '16:30', breakMinutes: 90 },
];

const PLACES = [1, 2, 3, 4, 5, 6, 8, 10];
const PLACES_WEIGHTS = [44, 30, 10, 6, 4, 2, 2, 2];
const WEEKS: readonly (readonly (1 | 2)[])[] = [[1, 2], [1], [2]];
const WEEKS_WEIGHTS = [60, 20, 20];

export interface NotPlacedOffer {
  externalRef: string;
  postalCode: string;
  communeName: string;
  reason: string;
}

export interface GeneratedOffers {
  hosts: HostRow[];
  offers: OfferRow[];
  offerWeeks: OfferWeekRow[];
  placedByMethod: Record<GeocodeMethod, number>;
  notPlaced: NotPlacedOffer[];
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The most frequent value (the first one seen on a tie). */
function mostFrequent(values: readonly string[]): string {
  const tally = new Map<string, number>();
  let best = values[0]!;
  for (const v of values) {
    const n = (tally.get(v) ?? 0) + 1;
    tally.set(v, n);
    if (n > (tally.get(best) ?? 0)) best = v;
  }
  return best;
}

/** Records of one host: the same SIRET, or, without SIRET, the same address, commune, status and sector. */
function hostKey(o: OfferSource): string {
  if (o.siret) return `siret:${o.siret}`;
  return `address:${(o.address ?? '').toLowerCase()}|${o.postalCode}|${o.communeName.toLowerCase()}|${o.isPublic}|${o.publicEmployerGroup ?? ''}|${o.sectorCode}`;
}

export interface OfferGeneratorOptions {
  campaignId: string;
  today: IsoDate;
  /** radius of the jitter around the commune centre, in km (so offers of a commune do not overlap) */
  jitterKm?: { min: number; max: number };
}

/**
 * Hosts and offers from the 2025 records: one host per SIRET (or per address when there is
 * none), one offer per record, placed by the offline geocoder with a small jitter.
 */
export class OfferGenerator {
  private readonly surnames = new WeightedTable(
    [...BRETON_SURNAMES, ...FRENCH_SURNAMES],
    [...BRETON_SURNAMES.map(() => BRETON_SURNAME_WEIGHT), ...FRENCH_SURNAMES.map(() => 1)],
  );
  private readonly places = new WeightedTable(PLACES, PLACES_WEIGHTS);
  private readonly weeks = new WeightedTable(WEEKS, WEEKS_WEIGHTS);
  private readonly geocodeCache = new Map<string, ReturnType<OfflineGeocoder['locate']>>();

  constructor(
    private readonly rng: Rng,
    private readonly geocoder: OfflineGeocoder,
    private readonly options: OfferGeneratorOptions,
  ) {}

  private locate(postalCode: string, communeName: string): ReturnType<OfflineGeocoder['locate']> {
    const key = `${postalCode}|${communeName}`;
    let result = this.geocodeCache.get(key);
    if (!result) {
      result = this.geocoder.locate(postalCode, communeName);
      this.geocodeCache.set(key, result);
    }
    return result;
  }

  private createdAt(): Date {
    const day = addDays(this.options.today, -this.rng.int(1, 60));
    const minutes = this.rng.int(8 * 60, 18 * 60);
    return new Date(
      `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.000Z`,
    );
  }

  private hours(sectorCode: string, educationNationale: boolean): OfferHours {
    if (educationNationale && sectorCode === 'enseignement') return SCHOOL_HOURS.map((d) => ({ ...d }));
    const t = this.rng.pick(HOURS_TEMPLATES);
    return [1, 2, 3, 4, 5].map((day) => ({ day, from: t.from, to: t.to, breakMinutes: t.breakMinutes }));
  }

  /**
   * Generates hosts and offers. `copy` > 0 makes an extra copy of every record (benchmarks):
   * distinct hosts without SIRET, external references suffixed with "#copy".
   */
  generate(sources: readonly OfferSource[], copy = 0): GeneratedOffers {
    const rng = this.rng;
    const jitter = this.options.jitterKm ?? { min: 0.05, max: 0.6 };
    const hostRows: HostRow[] = [];
    const offerRows: OfferRow[] = [];
    const weekRows: OfferWeekRow[] = [];
    const placedByMethod: Record<GeocodeMethod, number> = { postal_code_name: 0, postal_code: 0, name: 0 };
    const notPlaced: NotPlacedOffer[] = [];

    // hosts: grouped by SIRET (or address), named after the first record of the group
    const groups = new Map<string, OfferSource[]>();
    for (const o of sources) {
      const key = hostKey(o);
      const list = groups.get(key);
      if (list) list.push(o);
      else groups.set(key, [o]);
    }
    const hostOf = new Map<string, HostRow>();
    for (const [key, records] of groups) {
      const first = records[0]!;
      // the host's commune: the most frequent among its records (first one on a tie)
      const best = mostFrequent(records.map((r) => `${r.postalCode}|${r.communeName}`));
      const home = records.find((r) => `${r.postalCode}|${r.communeName}` === best)!;
      const where = this.locate(home.postalCode, home.communeName);
      const communeDisplay = where.placed ? where.communeName : titleCase(home.communeName || 'Bretagne');
      const group = records.find((r) => r.publicEmployerGroup)?.publicEmployerGroup ?? null;
      const isPublic = first.isPublic;
      const sectorCode = mostFrequent(records.map((r) => r.sectorCode));
      const templates =
        isPublic && group
          ? publicHostNames(group, sectorCode)
          : (SECTOR_CONTENT[sectorCode]?.hosts ?? ['Entreprise {nom}']);
      const name = fill(rng.pick(templates), {
        nom: this.surnames.pick(rng),
        patron: rng.pick(SCHOOL_PATRONS),
        commune: communeDisplay,
        de_commune: withDe(communeDisplay),
        a_commune: withA(communeDisplay),
      });
      const host: HostRow = {
        id: rng.uuid(),
        name,
        siret: copy === 0 ? first.siret : null,
        isPublic,
        publicEmployerGroup: isPublic ? group : null,
        nafCode: null,
        address: home.address,
        postalCode: home.postalCode || null,
        communeInsee: where.placed ? where.insee : null,
        communeName: communeDisplay,
        createdAt: this.createdAt(),
      };
      hostRows.push(host);
      hostOf.set(key, host);
    }

    for (const o of sources) {
      const host = hostOf.get(hostKey(o))!;
      const content = SECTOR_CONTENT[o.sectorCode];
      if (!content) throw new Error(`aucun modèle de texte pour le secteur ${o.sectorCode}`);
      const where = this.locate(o.postalCode, o.communeName);
      const communeDisplay = where.placed ? where.communeName : titleCase(o.communeName || 'Bretagne');
      const values = {
        host: host.name,
        commune: communeDisplay,
        de_commune: withDe(communeDisplay),
        a_commune: withA(communeDisplay),
      };
      let title = rng.pick(content.titles);
      if (rng.chance(0.5)) title = `${title} ${withA(communeDisplay)}`;
      const activities = rng.shuffle(content.activities).slice(0, rng.int(3, 4));
      const description = [
        fill(rng.pick(content.intros), values),
        `Au programme : ${activities.map(lowerFirst).join(' ; ')}.`,
        rng.pick(DESCRIPTION_CLOSINGS),
      ].join('\n\n');
      const educationNationale = (o.publicEmployerGroup ?? '').toLowerCase().includes('éducation nationale');
      const places = this.places.pick(rng);
      const weeks = this.weeks.pick(rng);
      const createdAt = this.createdAt();
      let lat: number | null = null;
      let lon: number | null = null;
      if (where.placed) {
        const distance = jitter.min + (jitter.max - jitter.min) * Math.sqrt(rng.next());
        const p = destination(where, distance, rng.float(0, 360));
        lat = roundCoordinate(p.lat);
        lon = roundCoordinate(p.lon);
        placedByMethod[where.method]++;
      } else {
        notPlaced.push({
          externalRef: o.externalRef,
          postalCode: o.postalCode,
          communeName: o.communeName,
          reason: where.reason,
        });
      }
      const id = rng.uuid();
      offerRows.push({
        id,
        campaignId: this.options.campaignId,
        hostId: host.id,
        source: 'seed',
        status: where.placed ? 'published' : 'draft',
        title: title.slice(0, 150),
        description: description.slice(0, 1500),
        activities: activities.map((a) => `- ${a}`).join('\n'),
        sectorCode: o.sectorCode,
        address: o.address,
        postalCode: o.postalCode || null,
        communeInsee: where.placed ? where.insee : null,
        communeName: communeDisplay,
        lat,
        lon,
        geocodeMethod: where.placed ? where.method : null,
        groupReception: places >= 3,
        hours: this.hours(o.sectorCode, educationNationale),
        lunch: rng.pick(LUNCH_OPTIONS),
        accessible: rng.chance(0.35),
        educationNationale,
        externalRef: copy === 0 ? o.externalRef : `${o.externalRef}#${copy}`,
        createdAt,
        publishedAt: where.placed ? createdAt : null,
        // what the triggers on offer_weeks would set (no place taken yet): no update after the weeks
        weeks: weeks.reduce((bits, week) => bits | week, 0),
        weeksLeft: weeks.reduce((bits, week) => bits | week, 0),
        placesLeft: places * weeks.length,
      });
      for (const week of weeks) weekRows.push({ offerId: id, week, places, taken: 0 });
    }
    return { hosts: hostRows, offers: offerRows, offerWeeks: weekRows, placedByMethod, notPlaced };
  }
}

// ---------------------------------------------------------------------------------------------
// the demo

export interface GenerateOptions {
  seed: number;
  today: IsoDate;
  schoolYear: string;
  campaignId: string;
  geocoder: OfflineGeocoder;
}

export interface GeneratedDemo {
  classes: ClassRow[];
  students: StudentRow[];
  guardians: GuardianRow[];
  offers: GeneratedOffers;
}

/** The id of the demo campaign for a seed and school year (stable across runs). */
export function campaignIdFor(seed: number, schoolYear: string): string {
  return createRng(seed, `campaign/${schoolYear}`).uuid();
}

/** Generates classes, students, guardians, hosts and offers for the reference data. */
export function generateDemo(ref: ReferenceData, options: GenerateOptions): GeneratedDemo {
  const createdAt = new Date(`${options.today}T07:00:00.000Z`);
  const classRng = createRng(options.seed, 'classes');
  const sorted: ClassSource[] = [...ref.classes].sort(
    (a, b) => a.schoolUai.localeCompare(b.schoolUai) || a.name.localeCompare(b.name),
  );
  const classRows: ClassRow[] = sorted.map((k) => ({
    id: classRng.uuid(),
    schoolUai: k.schoolUai,
    schoolYear: options.schoolYear,
    name: k.name,
    declaredSize: k.declaredSize,
  }));

  const sampler = new HomeSampler(homeCommunes(ref.communes));
  const lyceeByUai = new Map(ref.lycees.map((l) => [l.uai, l]));
  const people = new PeopleGenerator(createRng(options.seed, 'students'), options.schoolYear, createdAt);
  const studentRows: StudentRow[] = [];
  const guardianRows: GuardianRow[] = [];
  for (const k of classRows) {
    const lycee = lyceeByUai.get(k.schoolUai)!;
    const homes = sampler.around(lycee.uai, { lat: lycee.lat!, lon: lycee.lon! });
    const { students: s, guardians: g } = people.classStudents(
      { id: k.id, schoolUai: k.schoolUai, declaredSize: k.declaredSize },
      homes,
    );
    for (const row of s) studentRows.push(row);
    for (const row of g) guardianRows.push(row);
  }

  const offerGenerator = new OfferGenerator(createRng(options.seed, 'offers'), options.geocoder, {
    campaignId: options.campaignId,
    today: options.today,
  });
  const generatedOffers = offerGenerator.generate(ref.offers);
  return { classes: classRows, students: studentRows, guardians: guardianRows, offers: generatedOffers };
}
