/**
 * National data set for benchmarks: every lycée of France with its 2de classes filled with
 * generated students (and guardians), and the 27,206 real offers of 2025 multiplied, positioned
 * around their real communes. Deterministic for a seed.
 *
 *   npx tsx bench/generate-national.ts --database-url postgres://… [--offers-factor 10] [--seed N]
 *       [--today YYYY-MM-DD] [--reset] [--concurrency 2] [--days 60] [--ended-per-student 1.1]
 *       [--no-placements]
 *
 * By default the campaign is in full swing on `--today` (bench/national-placements.ts): the
 * applications of the `--days` days before in every state, the weeks held and the places taken,
 * the conventions of the confirmed applications at every step with their signatories, the 1 + 1
 * splits, the heads' exemptions and replis. `--no-placements` stops after the offers.
 * With the default 10 copies of the offers: about 700,000 students, 270,000 offers,
 * 1,400,000 applications and 500,000 conventions.
 *
 * The database must be empty (or use --reset, which empties it). Rows are written in batches of
 * 5,000 through json_populate_recordset (one bind parameter per statement), several batches at
 * once on separate connections. COPY … FROM STDIN would need the pg-copy-streams package, which
 * the project does not depend on.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { ensureCampaign } from '../src/campaigns/store.ts';
import { openDatabase, rows as rowsOf, type Db } from '../src/db/client.ts';
import {
  academies,
  applications,
  bassins,
  campaigns,
  conventionSignatories,
  conventions,
  placementDecisions,
  splitApprovals,
  studentWeeks,
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
} from '../src/db/schema/index.ts';
import { addDays, schoolYearOn } from '../src/domain/campaign.ts';
import { createRng } from '../src/domain/random.ts';
import { buildOfflineGeocoder, departementOfPostalCode } from '../src/infra/geocoding/offline.ts';
import { readCsvFile } from '../src/seed/csv.ts';
import { resetDatabase } from '../src/seed/demo.ts';
import {
  campaignIdFor,
  HomeSampler,
  homeCommunes,
  OfferGenerator,
  PeopleGenerator,
  type ClassRow,
  type GuardianRow,
  type HostRow,
  type OfferRow,
  type OfferWeekRow,
  type StudentRow,
} from '../src/seed/generate.ts';
import { templateForYear } from '../src/conventions/templates.ts';
import { DEFAULT_SHARES, PlacementGenerator, type PlacementRows } from './national-placements.ts';
import { insertBatched } from '../src/seed/insert.ts';
import {
  Collector,
  GENERATED_CLASS_SIZE,
  normalizeDepartementCode,
  parseCommunes,
  parseOffers,
  parseSectors,
  type AcademyScope,
  type SchoolRow,
} from '../src/seed/reference.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'offers-factor': { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    today: { type: 'string', default: new Date().toISOString().slice(0, 10) },
    'data-dir': { type: 'string', default: join(import.meta.dirname, 'data') },
    reset: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '2' },
    days: { type: 'string', default: '60' },
    'ended-per-student': { type: 'string', default: '1.1' },
    'no-placements': { type: 'boolean', default: false },
  },
  strict: true,
});

const url = values['database-url'] ?? process.env.DATABASE_URL;
if (!url) {
  console.error(
    'Usage : npx tsx bench/generate-national.ts --database-url postgres://… [--offers-factor 8] [--seed N] [--reset]',
  );
  process.exit(2);
}
const factor = Number(values['offers-factor']);
const seed = Number(values.seed);
const concurrency = Math.max(1, Number(values.concurrency));
if (!Number.isInteger(factor) || factor < 1) throw new Error('--offers-factor : entier ≥ 1 attendu');
if (!Number.isSafeInteger(seed)) throw new Error('--seed : entier attendu');
const today = values.today;
const days = Number(values.days);
const endedPerStudent = Number(values['ended-per-student']);
if (!Number.isInteger(days) || days < 30) throw new Error('--days : entier ≥ 30 attendu');
if (!(endedPerStudent >= 0)) throw new Error('--ended-per-student : nombre ≥ 0 attendu');
const withPlacements = !values['no-placements'];
const schoolYear = schoolYearOn(today);
const dataDir = values['data-dir'];
const fr = new Intl.NumberFormat('fr-FR');

const started = performance.now();
const timings: { table: string; rows: number; ms: number }[] = [];

interface Step {
  name: string;
  table: PgTable;
  rows: readonly Record<string, unknown>[];
}

/**
 * Runs insert tasks with a bounded number in flight (each statement takes a pooled connection);
 * the steps of one task run in order (students before their guardians, hosts before offers).
 */
class Writer {
  private readonly inFlight = new Set<Promise<void>>();
  readonly perTable = new Map<string, { rows: number; ms: number }>();
  private failure: unknown;

  constructor(
    private readonly db: Db,
    private readonly limit: number,
  ) {}

  async run(steps: Step[]): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    const task = (async () => {
      for (const step of steps) {
        const t0 = performance.now();
        await insertBatched(this.db, step.table, step.rows as never[]);
        const stat = this.perTable.get(step.name) ?? { rows: 0, ms: 0 };
        stat.rows += step.rows.length;
        stat.ms += performance.now() - t0;
        this.perTable.set(step.name, stat);
      }
    })().catch((e: unknown) => {
      this.failure = e;
    });
    const p: Promise<void> = task.finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  async flush(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }
}

async function main(): Promise<void> {
  const database = await openDatabase({ url, poolSize: concurrency + 2 });
  try {
    await database.migrate();
    const db = database.db;
    const [existing] = await rowsOf<{ n: string }>(db, sql`select count(*) as n from ${schools}`);
    if (Number(existing?.n ?? 0) > 0) {
      if (!values.reset) throw new Error('la base n’est pas vide : relancez avec --reset pour la vider');
      await resetDatabase(db);
      console.log('Base vidée.');
    }

    // --- reference data -------------------------------------------------------------------
    const c = new Collector();
    const lyceesCsv = readCsvFile(join(dataDir, 'lycees.csv'));
    const academyRows = new Map<string, typeof academies.$inferInsert>();
    const departementRows = new Map<string, typeof departements.$inferInsert>();
    for (const { values: v } of lyceesCsv.records) {
      if (!v.code_academie || !v.code_departement) continue;
      academyRows.set(v.code_academie, {
        code: v.code_academie,
        name: v.academie!,
        regionCode: v.code_region!,
        regionName: v.region!,
      });
      const d = normalizeDepartementCode(v.code_departement);
      if (!departementRows.has(d))
        departementRows.set(d, { code: d, name: v.departement!, academyCode: v.code_academie });
    }
    const communesCsv = readCsvFile(join(dataDir, 'communes.csv'));
    // every département of France is "in scope"; communes of départements without a lycée are kept too
    const scope: AcademyScope = {
      code: '*',
      name: 'France',
      regionCode: '',
      regionName: '',
      departements: new Proxy({}, { has: () => true }) as Record<string, string>,
      bassinAnchors: [],
    };
    const communeRows = parseCommunes(communesCsv, scope, c);
    const geocoder = buildOfflineGeocoder(communeRows);
    const centres = new Map(communeRows.filter((r) => r.type !== 'COMD').map((r) => [r.insee, r]));

    const lycees: SchoolRow[] = [];
    for (const { values: v } of lyceesCsv.records) {
      const uai = (v.uai ?? '').toUpperCase();
      if (!/^\d{7}[A-Z]$/.test(uai)) continue;
      const d = normalizeDepartementCode(v.code_departement ?? '');
      if (!departementRows.has(d) || !v.code_academie) continue;
      let lat = v.latitude ? Number(v.latitude) : null;
      let lon = v.longitude ? Number(v.longitude) : null;
      if (lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) {
        const centre = centres.get(v.code_commune ?? '');
        lat = centre?.lat ?? null;
        lon = centre?.lon ?? null;
      }
      lycees.push({
        uai,
        kind: 'lycee',
        name: v.nom || uai,
        isPublic: v.statut === 'Public',
        privateContract: v.statut === 'Public' ? null : v.contrat_prive || null,
        address: v.adresse || null,
        postalCode: v.code_postal || null,
        communeInsee: v.code_commune || null,
        communeName: v.commune || null,
        departementCode: d,
        academyCode: v.code_academie,
        lat,
        lon,
        email: v.mail || null,
        agricultural: v.lycee_agricole === '1',
        priorityEducation:
          v.education_prioritaire === 'REP' ? 'REP' : v.education_prioritaire === 'REP+' ? 'REP+' : null,
        qpv: v.qpv === 'oui',
        // the bassin de formation of the file (code_bassin, bassin), as in the demo
        bassinCode: v.code_bassin || null,
        headcount2deGt: /^\d+$/.test(v.effectif_2de_gt ?? '') ? Number(v.effectif_2de_gt) : null,
      });
    }
    // one duplicate UAI in the file (an annex): the first line wins
    const firstOf = new Map<string, SchoolRow>();
    for (const l of lycees) if (!firstOf.has(l.uai)) firstOf.set(l.uai, l);
    const uniqueLycees = [...firstOf.values()];

    // classes: declared ones, or created from the headcount
    const byUai = new Map(uniqueLycees.map((l) => [l.uai, l]));
    const classSources = new Map<string, { name: string; size: number }[]>();
    for (const { values: v } of readCsvFile(join(dataDir, 'classes-2de.csv')).records) {
      const uai = (v.uai ?? '').toUpperCase();
      if (!byUai.has(uai) || !v.division || !/^\d+$/.test(v.effectif ?? '')) continue;
      const list = classSources.get(uai) ?? [];
      if (list.some((k) => k.name === v.division)) continue;
      list.push({ name: v.division, size: Number(v.effectif) });
      classSources.set(uai, list);
    }
    const classRng = createRng(seed, 'national/classes');
    const classRows: ClassRow[] = [];
    let generatedClasses = 0;
    for (const l of [...uniqueLycees].sort((a, b) => a.uai.localeCompare(b.uai))) {
      let list = classSources.get(l.uai) ?? [];
      const headcount = l.headcount2deGt ?? 0;
      if (list.reduce((n, k) => n + k.size, 0) === 0 && headcount > 0) {
        const n = list.length || Math.ceil(headcount / GENERATED_CLASS_SIZE);
        const names = list.length
          ? list.map((k) => k.name)
          : Array.from({ length: n }, (_, i) => `2NDE ${i + 1}`);
        list = names.map((name, i) => ({
          name,
          size: Math.floor(headcount / n) + (i < headcount % n ? 1 : 0),
        }));
        generatedClasses += list.length;
      }
      for (const k of list) {
        classRows.push({
          id: classRng.uuid(),
          schoolUai: l.uai,
          schoolYear,
          name: k.name,
          declaredSize: k.size,
        });
      }
    }
    const sectorRows = parseSectors(readCsvFile(join(dataDir, 'secteurs.csv')), c);
    const offerSources = parseOffers(readCsvFile(join(dataDir, 'offres-2025.csv')), sectorRows, c);
    console.log(
      `Référentiels lus : ${fr.format(uniqueLycees.length)} lycées, ${fr.format(classRows.length)} classes (${fr.format(
        generatedClasses,
      )} créées d’après les effectifs), ${fr.format(communeRows.length)} communes, ${fr.format(offerSources.length)} offres 2025`,
    );

    // --- referentials -----------------------------------------------------------------------
    const writer = new Writer(db, concurrency);
    const t0 = performance.now();
    await insertBatched(db, academies, [...academyRows.values()]);
    await insertBatched(db, departements, [...departementRows.values()]);
    await insertBatched(db, communes, communeRows);
    const bassinRows = new Map<string, typeof bassins.$inferInsert>();
    for (const { values: v } of lyceesCsv.records)
      if (v.code_bassin && v.code_academie && !bassinRows.has(v.code_bassin))
        bassinRows.set(v.code_bassin, {
          code: v.code_bassin,
          name: v.bassin || v.code_bassin,
          academyCode: v.code_academie,
        });
    await insertBatched(db, bassins, [...bassinRows.values()]);
    await insertBatched(db, schools, uniqueLycees);
    await insertBatched(db, sectors, sectorRows);
    await insertBatched(db, classes, classRows);
    const campaignOf = new Map<string, string>();
    for (const code of [...academyRows.keys()].sort()) {
      const id = campaignIdFor(seed, `${schoolYear}/${code}`);
      const campaign = await ensureCampaign(db, code, schoolYear, {
        id,
        createdAt: new Date(`${withPlacements ? addDays(today, -(days + 20)) : today}T07:00:00Z`),
        // the applications of the last `days` days: the campaign was open for students then
        ...(withPlacements ? { openBy: addDays(today, -(days + 15)) } : {}),
      });
      campaignOf.set(code, campaign.id);
    }
    const referentialRows =
      academyRows.size +
      departementRows.size +
      communeRows.length +
      uniqueLycees.length +
      sectorRows.length +
      classRows.length +
      academyRows.size;
    timings.push({ table: 'référentiels et classes', rows: referentialRows, ms: performance.now() - t0 });

    // --- students -------------------------------------------------------------------------
    const tStudents = performance.now();
    const sampler = new HomeSampler(homeCommunes(communeRows));
    const people = new PeopleGenerator(
      createRng(seed, 'national/students'),
      schoolYear,
      new Date(`${today}T07:00:00Z`),
    );
    // kept for the placements (bench/national-placements.ts)
    const studentsByLycee = new Map<string, StudentRow[]>();
    const guardiansOf = new Map<string, GuardianRow[]>();
    let studentBuffer: StudentRow[] = [];
    let guardianBuffer: GuardianRow[] = [];
    let studentCount = 0;
    let guardianCount = 0;
    for (const k of classRows) {
      const l = byUai.get(k.schoolUai)!;
      if (l.lat === null || l.lon === null || l.lat === undefined || l.lon === undefined) continue;
      const { students: s, guardians: g } = people.classStudents(
        { id: k.id, schoolUai: k.schoolUai, declaredSize: k.declaredSize },
        sampler.around(l.uai, { lat: l.lat, lon: l.lon }),
      );
      for (const r of s) studentBuffer.push(r);
      for (const r of g) guardianBuffer.push(r);
      if (withPlacements) {
        const list = studentsByLycee.get(l.uai);
        if (list) list.push(...s);
        else studentsByLycee.set(l.uai, [...s]);
        for (const r of g) {
          const gs = guardiansOf.get(r.studentId);
          if (gs) gs.push(r);
          else guardiansOf.set(r.studentId, [r]);
        }
      }
      if (studentBuffer.length >= 20_000) {
        studentCount += studentBuffer.length;
        guardianCount += guardianBuffer.length;
        await writer.run([
          { name: 'students', table: students, rows: studentBuffer },
          { name: 'guardians', table: guardians, rows: guardianBuffer },
        ]);
        studentBuffer = [];
        guardianBuffer = [];
        process.stdout.write(`\rÉlèves : ${fr.format(studentCount)}…`);
      }
    }
    studentCount += studentBuffer.length;
    guardianCount += guardianBuffer.length;
    await writer.run([
      { name: 'students', table: students, rows: studentBuffer },
      { name: 'guardians', table: guardians, rows: guardianBuffer },
    ]);
    await writer.flush();
    process.stdout.write('\r');
    timings.push({
      table: 'élèves et représentants',
      rows: studentCount + guardianCount,
      ms: performance.now() - tStudents,
    });
    console.log(`Élèves : ${fr.format(studentCount)}, représentants légaux : ${fr.format(guardianCount)}`);

    // --- offers ---------------------------------------------------------------------------
    const academyOfDepartement = new Map([...departementRows.values()].map((d) => [d.code, d.academyCode]));
    const fallbackCampaign = campaignOf.values().next().value!;
    const generator = new OfferGenerator(createRng(seed, 'national/offers'), geocoder, {
      campaignId: fallbackCampaign,
      today,
      jitterKm: { min: 0.05, max: 2 },
    });
    let offerCount = 0;
    let hostCount = 0;
    let weekCount = 0;
    let placed = 0;
    // every copy first: the placements set the places taken before the offers are written
    const offersOf = new Map<string, { offer: OfferRow; host: HostRow; weeks: OfferWeekRow[] }[]>();
    const batches: { hosts: HostRow[]; offers: OfferRow[]; weeks: OfferWeekRow[] }[] = [];
    for (let copy = 0; copy < factor; copy++) {
      const generated = generator.generate(offerSources, copy);
      const hostOf = new Map(generated.hosts.map((h) => [h.id, h]));
      const weeksOf = new Map<string, OfferWeekRow[]>();
      for (const w of generated.offerWeeks) {
        const list = weeksOf.get(w.offerId);
        if (list) list.push(w);
        else weeksOf.set(w.offerId, [w]);
      }
      // the campaign of the offer's académie
      const fixed: OfferRow[] = generated.offers.map((o) => {
        const d = o.communeInsee
          ? departementOfInseeOrPostal(o.communeInsee)
          : departementOfPostalCode(o.postalCode);
        const academy = d ? academyOfDepartement.get(d) : undefined;
        const row = { ...o, campaignId: (academy && campaignOf.get(academy)) || fallbackCampaign };
        if (d && academy) {
          const list = offersOf.get(d) ?? [];
          list.push({ offer: row, host: hostOf.get(o.hostId)!, weeks: weeksOf.get(o.id) ?? [] });
          offersOf.set(d, list);
        }
        return row;
      });
      batches.push({ hosts: generated.hosts, offers: fixed, weeks: generated.offerWeeks });
      hostCount += generated.hosts.length;
      offerCount += fixed.length;
      weekCount += generated.offerWeeks.length;
      placed += fixed.filter((o) => o.lat !== null).length;
      process.stdout.write(`\rOffres générées : ${fr.format(offerCount)}…`);
    }
    process.stdout.write('\r');

    // --- placements (in memory, by département) -----------------------------------------------
    const tPlacements = performance.now();
    const placementRows: PlacementRows[] = [];
    let placementGenerator: PlacementGenerator | undefined;
    if (withPlacements) {
      const template = await templateForYear(
        db,
        [...academyRows.keys()].sort()[0]!,
        schoolYear,
        new Date(`${addDays(today, -(days + 20))}T07:00:00Z`),
      );
      placementGenerator = new PlacementGenerator(createRng(seed, 'national/placements'), {
        now: new Date(`${today}T07:00:00Z`),
        days,
        schoolYear,
        templateId: template.id,
        shares: DEFAULT_SHARES,
        endedPerStudent,
      });
      const classNameOf = new Map(classRows.map((k) => [k.id, k.name]));
      const lyceesOf = new Map<string, SchoolRow[]>();
      for (const l of [...uniqueLycees].sort((a, b) => a.uai.localeCompare(b.uai))) {
        const list = lyceesOf.get(l.departementCode!) ?? [];
        list.push(l);
        lyceesOf.set(l.departementCode!, list);
      }
      for (const d of [...lyceesOf.keys()].sort()) {
        placementRows.push(
          placementGenerator.departement(
            lyceesOf.get(d)!,
            studentsByLycee,
            guardiansOf,
            classNameOf,
            offersOf.get(d) ?? [],
          ),
        );
        process.stdout.write(`\rPlacements : département ${d}…   `);
      }
      process.stdout.write('\r');
      console.log(
        `Placements calculés en ${((performance.now() - tPlacements) / 1000).toFixed(1)} s : ${JSON.stringify(placementGenerator.counts.byOutcome)}`,
      );
    }

    const tOffers = performance.now();
    for (const b of batches) {
      await writer.run([
        { name: 'hosts', table: hosts, rows: b.hosts },
        { name: 'offers', table: offers, rows: b.offers },
        { name: 'offer_weeks', table: offerWeeks, rows: b.weeks },
      ]);
    }
    await writer.flush();
    timings.push({
      table: 'organismes et offres',
      rows: hostCount + offerCount + weekCount,
      ms: performance.now() - tOffers,
    });
    console.log(
      `Offres : ${fr.format(offerCount)} (${((100 * placed) / offerCount).toFixed(2)} % placées), organismes : ${fr.format(
        hostCount,
      )}, semaines : ${fr.format(weekCount)}`,
    );

    if (withPlacements) {
      const tWrite = performance.now();
      let n = 0;
      while (placementRows.length > 0) {
        const r = placementRows.shift()!;
        n +=
          r.applications.length +
          r.studentWeeks.length +
          r.splitApprovals.length +
          r.conventions.length +
          r.signatories.length +
          r.decisions.length;
        await writer.run([
          { name: 'applications', table: applications, rows: r.applications },
          { name: 'student_weeks', table: studentWeeks, rows: r.studentWeeks },
          { name: 'split_approvals', table: splitApprovals, rows: r.splitApprovals },
          { name: 'placement_decisions', table: placementDecisions, rows: r.decisions },
          { name: 'conventions', table: conventions, rows: r.conventions },
          { name: 'convention_signatories', table: conventionSignatories, rows: r.signatories },
        ]);
        process.stdout.write(`\rCandidatures et conventions : ${fr.format(n)} lignes…`);
      }
      await writer.flush();
      process.stdout.write('\r');
      timings.push({
        table: 'candidatures, conventions',
        rows: n,
        ms: performance.now() - tWrite,
      });
      console.log(`Candidatures : ${JSON.stringify(placementGenerator!.counts.applications)}`);
      console.log(`Conventions : ${JSON.stringify(placementGenerator!.counts.conventions)}`);
    }
    const tAnalyze = performance.now();
    await db.execute(sql`analyze`);
    console.log(`analyze : ${((performance.now() - tAnalyze) / 1000).toFixed(1)} s`);

    const total = timings.reduce((n, t) => n + t.rows, 0);
    const seconds = (performance.now() - started) / 1000;
    console.log('\nDébit (génération comprise) :');
    for (const t of timings) {
      console.log(
        `  ${t.table.padEnd(26)} ${fr.format(t.rows).padStart(11)} lignes  ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${fr.format(Math.round(t.rows / (t.ms / 1000))).padStart(9)} lignes/s`,
      );
    }
    console.log(`Écriture, par table (${concurrency} connexions en parallèle ; débit d’une connexion) :`);
    for (const [table, stat] of writer.perTable) {
      console.log(
        `  ${table.padEnd(26)} ${fr.format(stat.rows).padStart(11)} lignes  ${(stat.ms / 1000).toFixed(1).padStart(6)} s  ${fr
          .format(Math.round(stat.rows / (stat.ms / 1000)))
          .padStart(9)} lignes/s`,
      );
    }
    console.log(
      `Total : ${fr.format(total)} lignes en ${seconds.toFixed(1)} s, ${fr.format(Math.round(total / seconds))} lignes/s`,
    );
    const [check] = await rowsOf<Record<string, string>>(
      db,
      sql`select (select count(*) from ${students}) as s, (select count(*) from ${offers}) as o, (select count(*) from ${campaigns}) as c,
        (select count(*) from ${applications}) as a, (select count(*) from ${conventions}) as k,
        (select count(*) from ${conventionSignatories}) as sig, (select count(*) from ${studentWeeks}) as sw,
        (select count(*) from ${placementDecisions}) as pd,
        (select count(*) from ${offerWeeks} where taken > places) as over,
        (select count(*) from ${offerWeeks} w where w.taken <> (select count(*) from ${studentWeeks} sw join ${applications} a on a.id = sw.application_id where a.offer_id = w.offer_id and sw.week = w.week and a.status = 'confirmed')) as mismatch`,
    );
    console.log(
      `Vérification : ${fr.format(Number(check!.s))} élèves, ${fr.format(Number(check!.o))} offres, ${check!.c} campagnes, ${fr.format(Number(check!.a))} candidatures, ${fr.format(Number(check!.k))} conventions, ${fr.format(Number(check!.sig))} signataires, ${fr.format(Number(check!.sw))} semaines d’élèves, ${fr.format(Number(check!.pd))} décisions ; semaines d’offre au-delà des places : ${check!.over}, places prises ≠ placements confirmés : ${check!.mismatch}`,
    );
  } finally {
    await database.close();
  }
}

function departementOfInseeOrPostal(insee: string): string | null {
  if (/^(97|98)\d{3}$/.test(insee)) return insee.slice(0, 3);
  return insee.slice(0, 2);
}

await main();
