/**
 * The campaign in full swing, for the national data set (bench/generate-national.ts): every
 * student's applications in every state, the weeks held (student_weeks), the places taken
 * (offer_weeks.taken, never above places), the conventions of the confirmed applications at every
 * step with their signatories, the 1 + 1 splits and the head's decisions (exemptions, replis).
 *
 * Students apply to offers of their own département, nearest lycée first: where offers are
 * scarce, students stay unplaced, as they would. Everything happened in the `days` days before
 * `now` (applications, answers, signatures): a pending application has not expired yet, an
 * accepted one is still within its confirmation delay. Deterministic for a seed. The stored
 * files (CVs, documents, sealed PDFs, attestations) are left out: their columns are nullable and
 * the steering reads statuses, dates and signatories.
 */
import type { Rng } from '../src/domain/random.ts';
import { DEFAULT_SETTINGS, officialWeeks, type Week } from '../src/domain/campaign.ts';
import {
  DEFAULT_PREPARATION,
  emptyHostPart,
  emptySchoolPart,
  newReference,
  type ConventionHostPart,
  type ConventionParties,
  type ConventionSchoolPart,
} from '../src/domain/convention.ts';
import { EXEMPTION_REASONS, type ApplicationState } from '../src/domain/application.ts';
import type { DayHours } from '../src/domain/hours.ts';
import type {
  applications,
  conventionSignatories,
  conventions,
  placementDecisions,
  splitApprovals,
  studentWeeks,
} from '../src/db/schema/index.ts';
import type { GuardianRow, HostRow, OfferRow, OfferWeekRow, StudentRow } from '../src/seed/generate.ts';
import type { SchoolRow } from '../src/seed/reference.ts';

export type ApplicationRow = typeof applications.$inferInsert & { id: string };
export type StudentWeekRow = typeof studentWeeks.$inferInsert;
export type ConventionRow = typeof conventions.$inferInsert & { id: string };
export type SignatoryRow = typeof conventionSignatories.$inferInsert;
export type SplitApprovalRow = typeof splitApprovals.$inferInsert;
export type DecisionRow = typeof placementDecisions.$inferInsert;

export interface PlacementRows {
  applications: ApplicationRow[];
  studentWeeks: StudentWeekRow[];
  conventions: ConventionRow[];
  signatories: SignatoryRow[];
  splitApprovals: SplitApprovalRow[];
  decisions: DecisionRow[];
}

export const emptyRows = (): PlacementRows => ({
  applications: [],
  studentWeeks: [],
  conventions: [],
  signatories: [],
  splitApprovals: [],
  decisions: [],
});

/** Shares of the students' outcomes (the rest, `nothing`, have no live application). */
export interface OutcomeShares {
  exemption: number;
  repli: number;
  /** both weeks with one host */
  oneHost: number;
  /** both weeks with two hosts (1 + 1) */
  split: number;
  /** one week confirmed, the other not (yet) */
  oneWeek: number;
  /** a pending or accepted application, nothing confirmed */
  live: number;
}

export const DEFAULT_SHARES: OutcomeShares = {
  exemption: 0.03,
  repli: 0.02,
  oneHost: 0.6,
  split: 0.14,
  oneWeek: 0.09,
  live: 0.07,
};

export interface PlacementOptions {
  now: Date;
  /** applications start this many days before `now` */
  days: number;
  schoolYear: string;
  templateId: string;
  shares: OutcomeShares;
  /** ended applications (refused, expired, withdrawn…) per student, on average */
  endedPerStudent: number;
}

interface OfferSlot {
  row: OfferRow;
  host: HostRow;
  places: [number, number];
  taken: [number, number];
  weekRows: OfferWeekRow[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const weeksOf = (m: number): (1 | 2)[] => (m === 3 ? [1, 2] : m === 1 ? [1] : [2]);

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}

/**
 * One département at a time: its offers (published, placed on the map) attached to their nearest
 * lycée, its students applying nearest first. Offers must be handed over before their rows are
 * written, so that `taken`, `weeks_left`, `places_left` and the status are written once with the
 * offer (the triggers of migration 0007 then find nothing to change).
 */
export class PlacementGenerator {
  private readonly references = new Set<string>();
  private readonly weeks: readonly [Week, Week];
  readonly counts = {
    students: 0,
    byOutcome: {} as Record<string, number>,
    applications: {} as Record<string, number>,
    conventions: {} as Record<string, number>,
  };

  constructor(
    private readonly rng: Rng,
    private readonly options: PlacementOptions,
  ) {
    this.weeks = officialWeeks(options.schoolYear);
  }

  private bump(map: Record<string, number>, key: string, n = 1): void {
    map[key] = (map[key] ?? 0) + n;
  }

  /** A moment `daysAgo` days (fractional) before now, during the day (07:00–19:00 UTC). */
  private at(daysAgo: number): Date {
    const t = this.options.now.getTime() - daysAgo * DAY;
    const d = new Date(t);
    const h = d.getUTCHours();
    if (h < 7 || h > 19) d.setUTCHours(7 + this.rng.int(0, 11));
    return d.getTime() > this.options.now.getTime() ? new Date(this.options.now.getTime() - HOUR) : d;
  }

  private after(t: Date, minDays: number, maxDays: number): Date {
    const next = new Date(t.getTime() + this.rng.float(minDays, maxDays) * DAY);
    return next.getTime() > this.options.now.getTime() ? new Date(this.options.now.getTime() - 60_000) : next;
  }

  /**
   * Places the students of one département on its offers; mutates the offers' rows (taken places,
   * status) and returns the rows to write.
   */
  departement(
    lycees: readonly SchoolRow[],
    studentsByLycee: ReadonlyMap<string, readonly StudentRow[]>,
    guardiansOf: ReadonlyMap<string, readonly GuardianRow[]>,
    classNameOf: ReadonlyMap<string, string>,
    offerRows: readonly { offer: OfferRow; host: HostRow; weeks: OfferWeekRow[] }[],
  ): PlacementRows {
    const out = emptyRows();
    const rng = this.rng;
    const located = lycees.filter((l) => l.lat != null && l.lon != null);
    const slots: OfferSlot[] = offerRows
      .filter((o) => o.offer.status === 'published' && o.offer.lat != null)
      .map((o) => {
        const places: [number, number] = [0, 0];
        for (const w of o.weeks) places[w.week - 1] = w.places;
        return { row: o.offer, host: o.host, places, taken: [0, 0], weekRows: o.weeks };
      });
    // each offer to its nearest lycée of the département
    const near = new Map<string, OfferSlot[]>();
    for (const s of slots) {
      let best: SchoolRow | undefined;
      let bestKm = Infinity;
      for (const l of located) {
        const km = distanceKm({ lat: l.lat!, lon: l.lon! }, { lat: s.row.lat!, lon: s.row.lon! });
        if (km < bestKm) {
          bestKm = km;
          best = l;
        }
      }
      if (!best) continue;
      const list = near.get(best.uai) ?? [];
      list.push(s);
      near.set(best.uai, list);
    }
    const all = rng.shuffle(slots);
    let allCursor = 0;

    for (const lycee of lycees) {
      const own = rng.shuffle(near.get(lycee.uai) ?? []);
      let ownCursor = 0;
      /** an offer with a free place on every week of `m`, own lycée's offers first */
      const find = (m: number, exclude: ReadonlySet<string>): OfferSlot | undefined => {
        const fits = (s: OfferSlot) =>
          !exclude.has(s.row.id) && weeksOf(m).every((w) => s.taken[w - 1]! < s.places[w - 1]!);
        for (let k = 0; k < own.length && k < 40; k++) {
          const s = own[(ownCursor + k) % own.length]!;
          if (fits(s)) {
            ownCursor = (ownCursor + k + 1) % own.length;
            return s;
          }
        }
        for (let k = 0; k < all.length && k < 120; k++) {
          const s = all[(allCursor + k) % all.length]!;
          if (fits(s)) {
            allCursor = (allCursor + k + 1) % all.length;
            return s;
          }
        }
        return undefined;
      };
      const anyOffer = (): OfferSlot | undefined =>
        own.length > 0 && rng.chance(0.7) ? rng.pick(own) : all.length > 0 ? rng.pick(all) : undefined;

      for (const student of studentsByLycee.get(lycee.uai) ?? []) {
        this.counts.students++;
        const ctx: StudentContext = {
          student,
          lycee,
          guardians: guardiansOf.get(student.id) ?? [],
          className: classNameOf.get(student.classId) ?? '',
          used: new Set(),
        };
        const r = rng.next();
        const s = this.options.shares;
        let outcome: string;
        let c = s.exemption;
        if (r < c) outcome = 'exemption';
        else if (r < (c += s.repli)) outcome = 'repli';
        else if (r < (c += s.oneHost)) outcome = 'oneHost';
        else if (r < (c += s.split)) outcome = 'split';
        else if (r < (c += s.oneWeek)) outcome = 'oneWeek';
        else if (r < c + s.live) outcome = 'live';
        else outcome = 'nothing';

        // the ended applications first (refused, expired, withdrawn…), on any offer nearby
        const ended = Math.min(
          6,
          Math.floor(this.options.endedPerStudent + rng.float(-1, 1) + (outcome === 'nothing' ? 1 : 0)),
        );
        for (let k = 0; k < ended; k++) {
          const o = anyOffer();
          if (o) this.endedApplication(out, ctx, o);
        }

        if (outcome === 'exemption') {
          const reason = rng.pick(EXEMPTION_REASONS);
          out.decisions.push({
            id: rng.uuid(),
            studentId: student.id,
            kind: 'exemption',
            reason,
            documentFileId: null,
            comment: null,
            decidedBy: rng.uuid(),
            decidedAt: this.at(rng.float(1, this.options.days)),
          });
          this.bump(this.counts.byOutcome, `exemption.${reason}`);
          continue;
        }
        if (outcome === 'repli') {
          // half of them have one week covered first
          if (rng.chance(0.5)) {
            const w = rng.chance(0.5) ? 1 : 2;
            const o = find(w, ctx.used);
            if (o) this.confirmed(out, ctx, o, w, {});
          }
          out.decisions.push({
            id: rng.uuid(),
            studentId: student.id,
            kind: 'repli',
            reason: null,
            documentFileId: null,
            comment: 'Aucune offre trouvée à proximité : stage d’observation au lycée.',
            decidedBy: rng.uuid(),
            decidedAt: this.at(rng.float(0.5, 10)),
          });
          this.bump(this.counts.byOutcome, 'repli');
          continue;
        }

        let placed = 0;
        if (outcome === 'oneHost') {
          const o = find(3, ctx.used);
          if (o) {
            const a = this.confirmed(out, ctx, o, 3, {});
            placed = 3;
            // another application of the same weeks, cancelled by this confirmation
            const other = rng.chance(0.25) ? anyOffer() : undefined;
            if (other && !ctx.used.has(other.row.id)) this.overlapCancelled(out, ctx, other, a);
          } else outcome = 'split';
        }
        if (outcome === 'split') {
          const a = find(1, ctx.used);
          const b = a ? find(2, new Set([...ctx.used, a.row.id])) : undefined;
          if (a && b && a.host.id !== b.host.id) {
            const first = this.confirmed(out, ctx, a, 1, {});
            // the second host's week: approved by the head, or (3 %) still waiting for the head
            if (rng.chance(0.03)) {
              this.splitPending(out, ctx, b, first);
              placed = 1;
              outcome = 'splitPending';
            } else {
              this.confirmed(out, ctx, b, 2, { split: first });
              placed = 3;
            }
          } else if (a) {
            this.confirmed(out, ctx, a, 1, {});
            placed = 1;
            outcome = 'oneWeek';
          } else outcome = 'oneWeek';
        }
        if (outcome === 'oneWeek' && placed === 0) {
          const w = rng.chance(0.5) ? 1 : 2;
          const o = find(w, ctx.used);
          if (o) {
            this.confirmed(out, ctx, o, w, {});
            placed = w;
          } else outcome = 'live';
        }
        // an uncovered week: often an application still waiting
        if (placed !== 3 && outcome !== 'nothing' && rng.chance(placed === 0 ? 1 : 0.6)) {
          const m = placed === 0 ? rng.pick([1, 2, 3]) : 3 - placed;
          const o = anyOffer();
          if (o && !ctx.used.has(o.row.id)) this.liveApplication(out, ctx, o, m);
          else if (placed === 0) outcome = 'nothing';
        }
        this.bump(this.counts.byOutcome, placed === 3 ? outcome : placed > 0 ? 'oneWeek' : outcome);
      }
    }
    // the offers' columns kept by the triggers, written with the offer
    for (const s of slots) {
      const o = s.row;
      let weeksLeft = 0;
      let left = 0;
      for (const w of [1, 2] as const) {
        if (s.places[w - 1]! === 0) continue;
        left += s.places[w - 1]! - s.taken[w - 1]!;
        if (s.taken[w - 1]! < s.places[w - 1]!) weeksLeft |= w;
      }
      o.weeksLeft = weeksLeft;
      o.placesLeft = left;
      if (left === 0 && (o.weeks ?? 0) !== 0) o.status = 'full';
      for (const w of s.weekRows) w.taken = s.taken[w.week - 1]!;
    }
    return out;
  }

  private application(
    ctx: StudentContext,
    o: OfferSlot,
    m: number,
    status: ApplicationState,
    appliedAt: Date,
  ): ApplicationRow {
    const expiresAt = new Date(appliedAt.getTime() + DEFAULT_SETTINGS.applicationExpiryDays * DAY);
    this.bump(this.counts.applications, status);
    return {
      id: this.rng.uuid(),
      studentId: ctx.student.id,
      offerId: o.row.id,
      weeks: m,
      motivation: 'Je souhaite découvrir ce métier et le quotidien de votre équipe.',
      origin: 'platform',
      remindersSent: 0,
      hostNotifiedAt: appliedAt,
      status,
      appliedAt,
      readAt: null,
      expiresAt,
      acceptedAt: null,
      confirmBy: null,
      refusedAt: null,
      confirmedAt: null,
      closedAt: null,
      hostMessage: null,
      cancelReason: null,
      decidedBy: null,
      updatedAt: appliedAt,
    };
  }

  private offerWeeksMask(o: OfferSlot): number {
    return (o.places[0]! > 0 ? 1 : 0) | (o.places[1]! > 0 ? 2 : 0);
  }

  /** an application that ended without a placement (nothing held, no place taken) */
  private endedApplication(out: PlacementRows, ctx: StudentContext, o: OfferSlot): void {
    const rng = this.rng;
    const offered = this.offerWeeksMask(o);
    if (offered === 0) return;
    const m = offered === 3 ? rng.pick([1, 2, 3]) : offered;
    const kind = rng.weightedPick(
      ['refused', 'expired', 'withdrawn_by_student', 'cancelled_by_host', 'split_refused', 'lapsed'] as const,
      [55, 20, 14, 5, 2, 4],
    );
    const days = this.options.days;
    if (kind === 'expired') {
      const applied = this.at(rng.float(16, days));
      const a = this.application(ctx, o, m, 'expired', applied);
      a.closedAt = a.expiresAt;
      a.remindersSent = 2;
      a.updatedAt = a.expiresAt;
      out.applications.push(a);
      return;
    }
    const applied = this.at(rng.float(3, days));
    if (kind === 'refused') {
      const a = this.application(ctx, o, m, 'refused', applied);
      a.readAt = this.after(applied, 0.1, 2);
      a.refusedAt = this.after(a.readAt, 0, 5);
      a.hostMessage = 'Merci pour votre candidature ; nos places sont déjà attribuées.';
      a.decidedBy = rng.uuid();
      a.updatedAt = a.refusedAt;
      out.applications.push(a);
      return;
    }
    if (kind === 'withdrawn_by_student') {
      const a = this.application(ctx, o, m, 'withdrawn_by_student', applied);
      a.closedAt = this.after(applied, 0.5, 6);
      a.updatedAt = a.closedAt;
      out.applications.push(a);
      return;
    }
    // accepted first: lapsed (expired after acceptance), cancelled by the host, split refused
    const a = this.application(
      ctx,
      o,
      m,
      kind === 'lapsed' ? 'expired' : kind === 'split_refused' ? 'split_refused' : 'cancelled_by_host',
      applied,
    );
    a.readAt = this.after(applied, 0.1, 2);
    a.acceptedAt = this.after(a.readAt, 0, 3);
    a.confirmBy = new Date(a.acceptedAt.getTime() + DEFAULT_SETTINGS.confirmationDelayDays * DAY);
    a.decidedBy = rng.uuid();
    if (kind === 'lapsed') {
      // the acceptance's delay passed: only if it is over by now
      if (a.confirmBy.getTime() > this.options.now.getTime()) {
        a.status = 'refused';
        this.bump(this.counts.applications, 'expired', -1);
        this.bump(this.counts.applications, 'refused');
        a.acceptedAt = null;
        a.confirmBy = null;
        a.refusedAt = a.readAt;
      } else a.closedAt = a.confirmBy;
    } else if (kind === 'split_refused') {
      a.closedAt = this.after(a.acceptedAt, 0.5, 4);
      a.cancelReason = 'Le chef d’établissement préfère un seul lieu de stage pour cet élève.';
      if (offered !== 3) a.weeks = offered;
    } else {
      a.closedAt = this.after(a.acceptedAt, 0.5, 6);
      a.cancelReason = 'Le tuteur ne sera finalement pas disponible sur cette période.';
    }
    a.updatedAt = a.closedAt ?? a.refusedAt ?? applied;
    out.applications.push(a);
  }

  /** a pending or accepted application for the weeks `m` */
  private liveApplication(out: PlacementRows, ctx: StudentContext, o: OfferSlot, m: number): void {
    const rng = this.rng;
    const offered = this.offerWeeksMask(o);
    const weeks = m & offered;
    if (weeks === 0) return;
    ctx.used.add(o.row.id);
    if (rng.chance(0.7)) {
      // pending: applied within the expiry delay
      const a = this.application(ctx, o, weeks, 'pending', this.at(rng.float(0.2, 13.5)));
      if (rng.chance(0.5)) a.readAt = this.after(a.appliedAt, 0.05, 2);
      out.applications.push(a);
      return;
    }
    const acceptedAt = this.at(rng.float(0.1, 6.5));
    const a = this.application(
      ctx,
      o,
      weeks,
      'accepted',
      new Date(acceptedAt.getTime() - rng.float(0.5, 5) * DAY),
    );
    a.readAt = new Date(Math.min(acceptedAt.getTime(), a.appliedAt.getTime() + HOUR));
    a.acceptedAt = acceptedAt;
    a.confirmBy = new Date(acceptedAt.getTime() + DEFAULT_SETTINGS.confirmationDelayDays * DAY);
    a.decidedBy = rng.uuid();
    a.hostMessage = 'Nous serons heureux de vous accueillir.';
    a.updatedAt = acceptedAt;
    out.applications.push(a);
  }

  /**
   * A confirmed application on `m` (its places taken, its weeks held), with its convention; a
   * few were confirmed then withdrawn or cancelled by the host first (cancelled convention).
   */
  private confirmed(
    out: PlacementRows,
    ctx: StudentContext,
    o: OfferSlot,
    m: number,
    extra: { split?: ApplicationRow },
  ): ApplicationRow {
    const rng = this.rng;
    ctx.used.add(o.row.id);
    for (const w of weeksOf(m)) o.taken[w - 1]!++;
    // the steps after the confirmation, drawn first so that they all fit before now
    const step = rng.weightedPick(
      ['host', 'school', 'validation', 'signatures', 'signed', 'done'] as const,
      [12, 10, 10, 20, 45, 3],
    );
    const chain = { host: 4, school: 8, validation: 11, signatures: 14, signed: 20, done: 22 }[step];
    const days = this.options.days;
    const applied = this.at(rng.float(Math.min(days - 1, chain + 3), days));
    const a = this.application(ctx, o, m, 'confirmed', applied);
    a.readAt = this.after(applied, 0.05, 1);
    a.acceptedAt = this.after(a.readAt, 0, 1.5);
    a.confirmBy = new Date(a.acceptedAt.getTime() + DEFAULT_SETTINGS.confirmationDelayDays * DAY);
    a.confirmedAt = this.after(a.acceptedAt, 0.02, 1);
    a.decidedBy = rng.uuid();
    a.updatedAt = a.confirmedAt;
    out.applications.push(a);
    for (const w of weeksOf(m))
      out.studentWeeks.push({ studentId: ctx.student.id, week: w, applicationId: a.id });
    if (extra.split) {
      out.splitApprovals.push({
        id: rng.uuid(),
        applicationId: a.id,
        studentId: ctx.student.id,
        schoolUai: ctx.lycee.uai,
        requestedAt: a.confirmedAt,
        decision: 'approved',
        reason: null,
        decidedBy: rng.uuid(),
        decidedAt: this.after(a.confirmedAt, 0.02, 1),
      });
    }
    this.convention(out, ctx, o, a, step);
    return a;
  }

  /** a live application on weeks now covered: cancelled when `confirmed` was confirmed */
  private overlapCancelled(
    out: PlacementRows,
    ctx: StudentContext,
    o: OfferSlot,
    confirmed: ApplicationRow,
  ): void {
    const offered = this.offerWeeksMask(o);
    const weeks = offered & confirmed.weeks;
    if (weeks === 0) return;
    const applied = new Date(confirmed.appliedAt.getTime() + this.rng.float(0, 1) * DAY);
    const a = this.application(ctx, o, weeks, 'cancelled_by_overlap', applied);
    a.closedAt = confirmed.confirmedAt! > applied ? confirmed.confirmedAt! : applied;
    a.updatedAt = a.closedAt;
    out.applications.push(a);
  }

  /** the second host's week waiting for the head's agreement: the week is held, no place taken */
  private splitPending(out: PlacementRows, ctx: StudentContext, o: OfferSlot, first: ApplicationRow): void {
    const rng = this.rng;
    ctx.used.add(o.row.id);
    const acceptedAt = this.at(rng.float(0.5, 6));
    const a = this.application(
      ctx,
      o,
      2,
      'split_pending',
      new Date(Math.max(first.appliedAt.getTime(), acceptedAt.getTime() - 2 * DAY)),
    );
    a.readAt = a.appliedAt;
    a.acceptedAt = acceptedAt;
    a.confirmBy = new Date(acceptedAt.getTime() + DEFAULT_SETTINGS.confirmationDelayDays * DAY);
    a.decidedBy = rng.uuid();
    a.updatedAt = this.after(acceptedAt, 0, 0.5);
    out.applications.push(a);
    out.studentWeeks.push({ studentId: ctx.student.id, week: 2, applicationId: a.id });
    out.splitApprovals.push({
      id: rng.uuid(),
      applicationId: a.id,
      studentId: ctx.student.id,
      schoolUai: ctx.lycee.uai,
      requestedAt: a.updatedAt,
      decision: null,
      reason: null,
      decidedBy: null,
      decidedAt: null,
    });
  }

  private reference(): string {
    const year = Number(this.options.schoolYear.slice(5));
    for (;;) {
      const bytes = new Uint8Array(8);
      for (let i = 0; i < 8; i++) bytes[i] = this.rng.int(0, 255);
      const r = newReference(bytes, year);
      if (!this.references.has(r)) {
        this.references.add(r);
        return r;
      }
    }
  }

  private convention(
    out: PlacementRows,
    ctx: StudentContext,
    o: OfferSlot,
    a: ApplicationRow,
    step: 'host' | 'school' | 'validation' | 'signatures' | 'signed' | 'done',
  ): void {
    const rng = this.rng;
    const { student, lycee, guardians } = ctx;
    const weeks = weeksOf(a.weeks);
    const first = this.weeks[weeks[0]! - 1]!;
    const last = this.weeks[weeks.at(-1)! - 1]!;
    const createdAt = a.confirmedAt!;
    const parties: ConventionParties = {
      host: {
        name: o.host.name,
        siret: o.host.siret ?? null,
        isPublic: o.host.isPublic,
        address: [o.host.address, o.host.postalCode, o.host.communeName].filter(Boolean).join(' '),
      },
      school: {
        uai: lycee.uai,
        name: lycee.name,
        isPublic: lycee.isPublic,
        address: [lycee.address, lycee.postalCode, lycee.communeName].filter(Boolean).join(' '),
        email: lycee.email ?? null,
      },
      student: {
        firstName: student.firstName,
        lastName: student.lastName,
        birthDate: student.birthDate,
        className: ctx.className,
      },
      offer: { title: o.row.title, sector: o.row.sectorCode },
      campaign: {
        schoolYear: this.options.schoolYear,
        weeks: this.weeks.map((w) => ({ number: w.number, start: w.start, end: w.end })),
      },
    };
    const hostDone = step !== 'host';
    const schoolDone = hostDone && step !== 'school';
    const validated = schoolDone && step !== 'validation';
    const hostPart: ConventionHostPart = hostDone
      ? emptyHostPart({
          representative: {
            name: `${rng.pick(['Claire', 'Marc', 'Sophie', 'Yann', 'Nadia'])} ${o.host.name.split(' ').at(-1)}`,
            role: 'Responsable',
            email: `contact.${o.host.id.slice(0, 8)}@example.org`,
            phone: '02 99 00 00 00',
          },
          tutor: {
            name: `${rng.pick(['Julie', 'Paul', 'Léa', 'Hugo'])} Tuteur`,
            role: 'Tuteur',
            email: `tuteur.${o.host.id.slice(0, 8)}@example.org`,
            phone: '02 99 00 00 01',
          },
          placeAddress: o.row.address ?? '',
          activities: o.row.activities ?? '',
          hours: (o.row.hours ?? []) as DayHours[],
          lunch: o.row.lunch ?? 'Repas tiré du sac',
          insurance: { insurer: 'Mutuelle exemple', policyNumber: `RC-${o.host.id.slice(0, 6)}` },
        })
      : emptyHostPart();
    const schoolPart: ConventionSchoolPart = schoolDone
      ? emptySchoolPart({
          representative: {
            name: 'Chef d’établissement',
            role: 'Proviseur',
            email: lycee.email ?? `ce.${lycee.uai.toLowerCase()}@example.fr`,
            phone: '02 99 00 00 10',
          },
          caDeliberationDate: lycee.isPublic ? `${Number(this.options.schoolYear.slice(0, 4))}-10-15` : '',
          referentTeacher: { name: 'Professeur principal', email: 'pp@example.fr', phone: '02 99 00 00 11' },
          className: ctx.className,
          guardians: guardians.map((g) => ({
            firstName: g.firstName,
            lastName: g.lastName,
            email: g.email ?? '',
            phone: g.phone ?? '',
          })),
          guardiansChecked: true,
          preparation: DEFAULT_PREPARATION,
        })
      : emptySchoolPart({ className: ctx.className });
    const hostCompletedAt = hostDone ? this.after(createdAt, 0.1, 3) : null;
    const schoolCompletedAt = schoolDone ? this.after(hostCompletedAt!, 0.1, 3) : null;
    const validatedAt = validated ? this.after(schoolCompletedAt!, 0.05, 2) : null;
    const signed = step === 'signed' || step === 'done';
    const id = rng.uuid();
    const c: ConventionRow = {
      id,
      reference: this.reference(),
      campaignId: o.row.campaignId,
      applicationId: a.id,
      studentId: student.id,
      hostId: o.host.id,
      offerId: o.row.id,
      schoolUai: lycee.uai,
      weeks: a.weeks,
      startDate: first.start,
      endDate: last.end,
      templateId: this.options.templateId,
      status: signed ? (step === 'done' ? 'done' : 'signed') : validated ? 'validated' : 'completion',
      parties,
      hostPart,
      schoolPart,
      hostCompletedAt,
      schoolCompletedAt,
      validatedAt,
      validatedBy: validated ? rng.uuid() : null,
      documentSha256: validated ? rng.uuid().replace(/-/g, '').padEnd(64, '0') : null,
      documentFileId: null,
      signedAt: null,
      sealedFileId: null,
      sealedSha256: null,
      cancelledAt: null,
      cancelReason: null,
      amendsId: null,
      amendmentReason: null,
      attendedDays: null,
      attestationFileId: null,
      version: 1 + (hostDone ? 1 : 0) + (schoolDone ? 1 : 0) + (validated ? 1 : 0),
      createdAt,
      updatedAt: validatedAt ?? schoolCompletedAt ?? hostCompletedAt ?? createdAt,
    };
    if (validated) {
      const roles: { role: SignatoryRow['role']; name: string; email: string }[] = [
        { role: 'school', name: schoolPart.representative.name, email: schoolPart.representative.email },
        { role: 'host', name: hostPart.representative.name, email: hostPart.representative.email },
        {
          role: 'student',
          name: `${student.firstName} ${student.lastName}`,
          email: `eleve.${student.id.slice(0, 8)}@example.net`,
        },
        ...guardians.slice(0, 2).map((g) => ({
          role: (g.rank === 2 ? 'guardian_2' : 'guardian_1') as SignatoryRow['role'],
          name: `${g.firstName} ${g.lastName}`,
          email: g.email ?? '',
        })),
      ];
      let lastSigned = validatedAt!;
      for (const r of roles) {
        // still signing: each party has signed with probability 0.55, the school last
        const has = signed || (r.role !== 'school' && rng.chance(0.55));
        const signedAt = has ? this.after(validatedAt!, 0.02, 4) : null;
        if (signedAt && signedAt > lastSigned) lastSigned = signedAt;
        out.signatories.push({
          id: rng.uuid(),
          conventionId: id,
          role: r.role,
          name: r.name,
          email: r.email,
          phone: null,
          tokenHash: rng.uuid() + rng.uuid(),
          signedAt,
          method: signedAt ? (r.role === 'school' ? 'bulk_code' : 'email_code') : null,
          signerUserId: null,
          ip: signedAt ? '192.0.2.1' : null,
          userAgent: null,
          documentSha256: signedAt ? c.documentSha256 : null,
          remindersSent: signedAt ? 0 : rng.int(0, 2),
          lastRemindedAt: null,
          createdAt: validatedAt!,
        });
      }
      if (signed) {
        c.signedAt = lastSigned;
        c.sealedSha256 = c.documentSha256;
        c.updatedAt = lastSigned;
      }
      if (step === 'done') {
        const days: string[] = [];
        for (const w of weeks) {
          const start = this.weeks[w - 1]!.start;
          for (let i = 0; i < 5; i++)
            days.push(new Date(Date.parse(`${start}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10));
        }
        c.attendedDays = days;
      }
    }
    this.bump(this.counts.conventions, c.status);
    out.conventions.push(c);
    // a few students had a placement cancelled before this one: a cancelled convention
    if (rng.chance(0.035)) this.cancelledBefore(out, ctx, o, a, parties);
  }

  /** an earlier placement on the same weeks, withdrawn or cancelled by the host, and its convention */
  private cancelledBefore(
    out: PlacementRows,
    ctx: StudentContext,
    o: OfferSlot,
    later: ApplicationRow,
    parties: ConventionParties,
  ): void {
    const rng = this.rng;
    const applied = new Date(later.appliedAt.getTime() - rng.float(3, 10) * DAY);
    const a = this.application(
      ctx,
      o,
      later.weeks,
      rng.chance(0.6) ? 'withdrawn_by_student' : 'cancelled_by_host',
      applied,
    );
    a.readAt = new Date(applied.getTime() + HOUR);
    a.acceptedAt = new Date(applied.getTime() + DAY);
    a.confirmBy = new Date(a.acceptedAt.getTime() + DEFAULT_SETTINGS.confirmationDelayDays * DAY);
    a.confirmedAt = new Date(applied.getTime() + 1.5 * DAY);
    a.closedAt = new Date(Math.min(later.appliedAt.getTime() - HOUR, applied.getTime() + 2.5 * DAY));
    a.decidedBy = rng.uuid();
    if (a.status === 'cancelled_by_host') a.cancelReason = 'Fermeture exceptionnelle de l’établissement.';
    a.updatedAt = a.closedAt;
    out.applications.push(a);
    const weeks = weeksOf(a.weeks);
    this.bump(this.counts.conventions, 'cancelled');
    out.conventions.push({
      id: rng.uuid(),
      reference: this.reference(),
      campaignId: o.row.campaignId,
      applicationId: a.id,
      studentId: ctx.student.id,
      hostId: o.host.id,
      offerId: o.row.id,
      schoolUai: ctx.lycee.uai,
      weeks: a.weeks,
      startDate: this.weeks[weeks[0]! - 1]!.start,
      endDate: this.weeks[weeks.at(-1)! - 1]!.end,
      templateId: this.options.templateId,
      status: 'cancelled',
      parties,
      hostPart: emptyHostPart(),
      schoolPart: emptySchoolPart({ className: ctx.className }),
      createdAt: a.confirmedAt,
      cancelledAt: a.closedAt,
      cancelReason:
        a.status === 'withdrawn_by_student'
          ? 'Désistement de l’élève après confirmation.'
          : 'Stage annulé par l’organisme d’accueil.',
      version: 2,
      updatedAt: a.closedAt,
    });
  }
}

interface StudentContext {
  student: StudentRow;
  lycee: SchoolRow;
  guardians: readonly GuardianRow[];
  className: string;
  /** offers with a live application of the student (one live application per student and offer) */
  used: Set<string>;
}
