import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../domain/campaign.ts';
import { haversineKm } from '../domain/geo.ts';
import { createRng } from '../domain/random.ts';
import type { OfferHours } from '../db/schema/index.ts';
import { buildOfflineGeocoder } from '../infra/geocoding/offline.ts';
import {
  campaignIdFor,
  generateDemo,
  HomeSampler,
  homeCommunes,
  HOURS_TEMPLATES,
  OfferGenerator,
  type GeneratedDemo,
} from './generate.ts';
import { BRETON_SURNAMES } from './names.ts';
import { loadReferenceData } from './reference.ts';
import { hashRows } from '../../test/helpers/hash.ts';

const ref = loadReferenceData();
const geocoder = buildOfflineGeocoder(ref.communes);
const TODAY = '2026-01-20';
const YEAR = '2025-2026';

function generate(seed: number): GeneratedDemo {
  return generateDemo(ref, {
    seed,
    today: TODAY,
    schoolYear: YEAR,
    campaignId: campaignIdFor(seed, YEAR),
    geocoder,
  });
}

const demo = generate(42);

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Problems of a week of hours against the campaign limits (empty when compliant). */
function hoursProblems(hours: OfferHours): string[] {
  const problems: string[] = [];
  const limits = DEFAULT_LIMITS;
  let week = 0;
  const days = [...hours].sort((a, b) => a.day - b.day);
  if (days.length < limits.minDaysPerWeek) problems.push('trop peu de jours');
  for (const [i, d] of days.entries()) {
    const presence = minutes(d.to) - minutes(d.from) - d.breakMinutes;
    week += presence;
    if (presence > limits.maxMinutesPerDay) problems.push(`jour ${d.day} : plus de 7 h`);
    if (presence >= limits.breakAfterMinutes && d.breakMinutes < limits.breakMinutes)
      problems.push(`jour ${d.day} : pause`);
    if (d.from < limits.earliestStart || d.to > limits.latestEnd) problems.push(`jour ${d.day} : horaires`);
    const next = days[i + 1];
    if (
      next &&
      next.day === d.day + 1 &&
      24 * 60 - minutes(d.to) + minutes(next.from) < limits.minRestHours * 60
    ) {
      problems.push(`jour ${d.day} : repos`);
    }
  }
  if (week > limits.maxMinutesPerWeek) problems.push('plus de 35 h');
  return problems;
}

describe('determinism', () => {
  it('gives byte-identical rows for the same seed', () => {
    const again = generate(42);
    expect(hashRows(again.students)).toBe(hashRows(demo.students));
    expect(hashRows(again.guardians)).toBe(hashRows(demo.guardians));
    expect(hashRows(again.offers.offers)).toBe(hashRows(demo.offers.offers));
    expect(hashRows(again.offers.hosts)).toBe(hashRows(demo.offers.hosts));
    expect(hashRows(again.classes)).toBe(hashRows(demo.classes));
  });

  it('gives different rows for another seed, with the same shape', () => {
    const other = generate(43);
    expect(hashRows(other.students)).not.toBe(hashRows(demo.students));
    expect(hashRows(other.offers.offers)).not.toBe(hashRows(demo.offers.offers));
    expect(other.students).toHaveLength(demo.students.length);
    expect(other.offers.offers).toHaveLength(demo.offers.offers.length);
    expect(campaignIdFor(43, YEAR)).not.toBe(campaignIdFor(42, YEAR));
    expect(campaignIdFor(42, YEAR)).toBe(campaignIdFor(42, YEAR));
  });
});

describe('students', () => {
  it('fill every class to its declared size', () => {
    const perClass = new Map<string, number>();
    for (const s of demo.students) perClass.set(s.classId, (perClass.get(s.classId) ?? 0) + 1);
    for (const k of demo.classes) expect(perClass.get(k.id) ?? 0).toBe(k.declaredSize);
    expect(demo.students).toHaveLength(36_105);
    expect(new Set(demo.students.map((s) => s.id)).size).toBe(demo.students.length);
  });

  it('are 15 during the school year, a few a year older', () => {
    const years = new Map<string, number>();
    for (const s of demo.students)
      years.set(s.birthDate.slice(0, 4), (years.get(s.birthDate.slice(0, 4)) ?? 0) + 1);
    expect([...years.keys()].sort()).toEqual(['2009', '2010']);
    expect(years.get('2009')! / demo.students.length).toBeCloseTo(0.09, 1);
  });

  it('live within 20 km of their lycée, at the centre of their commune', () => {
    const lycees = new Map(ref.lycees.map((l) => [l.uai, l]));
    const centres = new Map(homeCommunes(ref.communes).map((c) => [c.insee, c]));
    let far = 0;
    for (const s of demo.students) {
      const l = lycees.get(s.schoolUai)!;
      if (haversineKm({ lat: l.lat!, lon: l.lon! }, { lat: s.homeLat!, lon: s.homeLon! }) > 20.001) far++;
      const c = centres.get(s.homeCommuneInsee!)!;
      expect([s.homeLat, s.homeLon, s.homePostalCode]).toEqual([c.lat, c.lon, c.postalCode]);
    }
    expect(far).toBe(0);
  });

  it('have plausible names, many of them Breton', () => {
    const breton = new Set(BRETON_SURNAMES);
    const share = demo.students.filter((s) => breton.has(s.lastName)).length / demo.students.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.6);
    expect(new Set(demo.students.map((s) => s.firstName)).size).toBeGreaterThan(150);
  });

  it('have one or two legal representatives (about 70 % two), with fictitious contacts', () => {
    const perStudent = new Map<string, number[]>();
    for (const g of demo.guardians)
      perStudent.set(g.studentId, [...(perStudent.get(g.studentId) ?? []), g.rank]);
    expect(perStudent.size).toBe(demo.students.length);
    let two = 0;
    for (const ranks of perStudent.values()) {
      expect(ranks.length === 1 ? [1] : [1, 2]).toEqual(ranks);
      if (ranks.length === 2) two++;
    }
    expect(two / demo.students.length).toBeCloseTo(0.7, 1);
    const emails = demo.guardians.map((g) => g.email!);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((e) => /^[a-z0-9.-]+@example\.net$/.test(e))).toBe(true);
    expect(demo.guardians.every((g) => /^06 39 98 \d\d \d\d$/.test(g.phone!))).toBe(true);
  });
});

describe('hosts and offers', () => {
  const { hosts, offers, offerWeeks, placedByMethod, notPlaced } = demo.offers;

  it('make one offer per 2025 record, placed for at least 95 % of them', () => {
    expect(offers).toHaveLength(3012);
    const placed = offers.filter((o) => o.lat !== null).length;
    expect(placed / offers.length).toBeGreaterThanOrEqual(0.95);
    expect(placedByMethod.postal_code_name + placedByMethod.postal_code + placedByMethod.name).toBe(placed);
    expect(notPlaced).toHaveLength(offers.length - placed);
    for (const o of offers) {
      expect(o.status).toBe(o.lat === null ? 'draft' : 'published');
      expect(o.geocodeMethod === null).toBe(o.lat === null);
      expect(o.source).toBe('seed');
      expect(o.campaignId).toBe(campaignIdFor(42, YEAR));
    }
    expect(new Set(offers.map((o) => o.externalRef))).toEqual(new Set(ref.offers.map((o) => o.externalRef)));
  });

  it('sit a few hundred metres from the centre of their commune', () => {
    for (const o of offers.filter((x) => x.lat !== null).slice(0, 500)) {
      const source = ref.offers.find((s) => s.externalRef === o.externalRef)!;
      const where = geocoder.locate(source.postalCode, source.communeName);
      if (!where.placed) throw new Error('placé puis non placé');
      const km = haversineKm(where, { lat: o.lat!, lon: o.lon! });
      expect(km).toBeGreaterThanOrEqual(0.049);
      expect(km).toBeLessThanOrEqual(0.601);
    }
  });

  it('have French wording within the limits of the form', () => {
    for (const o of offers) {
      expect(o.title.length).toBeLessThanOrEqual(150);
      expect(o.description.length).toBeLessThanOrEqual(1500);
      expect(o.description).not.toMatch(/\{\w+\}/);
      expect(o.activities).toMatch(/^- /);
    }
    for (const h of hosts) expect(h.name).not.toMatch(/\{\w+\}/);
    expect(new Set(offers.map((o) => o.title)).size).toBeGreaterThan(300);
  });

  it('have hours within 7 h a day and 35 h a week, with breaks and rest', () => {
    for (const t of HOURS_TEMPLATES) {
      const week = [1, 2, 3, 4, 5].map((day) => ({ day, ...t }));
      expect(hoursProblems(week)).toEqual([]);
    }
    for (const o of offers) expect(hoursProblems(o.hours!)).toEqual([]);
  });

  it('offer places per week: mostly one or two, never more than ten, in one or both weeks', () => {
    const perOffer = new Map<string, number[]>();
    for (const w of offerWeeks) {
      expect([1, 2]).toContain(w.week);
      expect(w.places).toBeGreaterThanOrEqual(1);
      expect(w.places).toBeLessThanOrEqual(10);
      perOffer.set(w.offerId, [...(perOffer.get(w.offerId) ?? []), w.week]);
    }
    expect(perOffer.size).toBe(offers.length);
    const both = [...perOffer.values()].filter((weeks) => weeks.length === 2).length;
    expect(both / offers.length).toBeCloseTo(0.6, 1);
    const small = offerWeeks.filter((w) => w.places <= 2).length;
    expect(small / offerWeeks.length).toBeGreaterThan(0.6);
  });

  it('keep one host per SIRET, with its public status and employer group', () => {
    const sirets = new Set(ref.offers.filter((o) => o.siret).map((o) => o.siret));
    expect(hosts.filter((h) => h.siret)).toHaveLength(sirets.size);
    const hostById = new Map(hosts.map((h) => [h.id, h]));
    for (const o of offers) {
      const source = ref.offers.find((s) => s.externalRef === o.externalRef)!;
      const host = hostById.get(o.hostId)!;
      expect(host).toBeDefined();
      if (source.siret) {
        expect(host.siret).toBe(source.siret);
        // one SIRET (a hospital) is public in one record and private in another: the first wins
        expect(host.isPublic).toBe(ref.offers.find((s) => s.siret === source.siret)!.isPublic);
      } else {
        expect(host.isPublic).toBe(source.isPublic);
      }
      expect(o.educationNationale).toBe((source.publicEmployerGroup ?? '').includes('Éducation nationale'));
    }
    expect(hosts.filter((h) => h.isPublic && !h.publicEmployerGroup)).toEqual([]);
  });

  it('can copy the records for benchmarks, without SIRET on the copies', () => {
    const generator = new OfferGenerator(createRng(1, 'offers'), geocoder, {
      campaignId: campaignIdFor(1, YEAR),
      today: TODAY,
    });
    const copy = generator.generate(ref.offers.slice(0, 50), 3);
    expect(copy.hosts.every((h) => h.siret === null)).toBe(true);
    expect(copy.offers.every((o) => o.externalRef!.endsWith('#3'))).toBe(true);
  });
});

describe('home sampler', () => {
  it('falls back on the nearest commune when none is in range', () => {
    const sampler = new HomeSampler(homeCommunes(ref.communes));
    // in the sea, west of Ouessant
    const table = sampler.around('large', { lat: 48.46, lon: -5.6 });
    expect(table.items).toHaveLength(1);
    expect(table.items[0]!.insee).toBe('29155'); // Ouessant
  });
});
