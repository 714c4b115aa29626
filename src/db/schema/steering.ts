/**
 * Steering (issue 7): the indicators of DOMAIN.md §7, precomputed so that every dashboard reads a
 * few thousand rows whatever the size of the country. `refreshSteering` (src/steering/refresh.ts)
 * recomputes them for a school year every minute (job `steering-refresh`), so a figure is at
 * most one minute old; each refresh also writes the day's snapshot (history and trends).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';

/**
 * Student-side figures (src/domain/steering.ts STUDENT_METRICS), one row per metric for each
 * class (`class_key` = the class id) and for the whole lycée (`class_key` = '').
 */
export const steeringFigures = pgTable(
  'steering_figures',
  {
    schoolYear: text('school_year').notNull(),
    schoolUai: text('school_uai').notNull(),
    /** '' for the whole lycée, otherwise the class id */
    classKey: text('class_key').notNull(),
    metric: text('metric').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolYear, t.classKey, t.schoolUai, t.metric] }),
    // a lycée's rows (its classes) and the lycées of an académie or département without a scan
    index('steering_figures_school_idx').on(t.schoolYear, t.schoolUai, t.classKey),
  ],
);

/**
 * Offer-side figures: the offers visible to students (published or full, not the private offers
 * of stages found outside the platform), grouped by commune, sector and kind of host. Each
 * commune is attached to the nearest lycée of its académie (`nearest_uai`, and that lycée's
 * bassin) so that places can be compared with students by lycée and by bassin.
 */
export const steeringOfferFigures = pgTable(
  'steering_offer_figures',
  {
    schoolYear: text('school_year').notNull(),
    /** '' when the offer has no commune */
    communeInsee: text('commune_insee').notNull(),
    departementCode: text('departement_code'),
    academyCode: text('academy_code').notNull(),
    nearestUai: text('nearest_uai'),
    bassinCode: text('bassin_code'),
    sectorCode: text('sector_code').notNull(),
    /** 'private' | 'public' | 'education_nationale' (src/domain/steering.ts HOST_KINDS) */
    hostKind: text('host_kind').notNull(),
    offers: integer('offers').notNull(),
    placesWeek1: integer('places_week1').notNull(),
    placesWeek2: integer('places_week2').notNull(),
    takenWeek1: integer('taken_week1').notNull(),
    takenWeek2: integer('taken_week2').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolYear, t.academyCode, t.communeInsee, t.sectorCode, t.hostKind] }),
    index('steering_offer_figures_academy_idx').on(t.schoolYear, t.academyCode),
    index('steering_offer_figures_departement_idx').on(t.schoolYear, t.departementCode),
    index('steering_offer_figures_bassin_idx').on(t.schoolYear, t.bassinCode),
    index('steering_offer_figures_nearest_idx').on(t.schoolYear, t.nearestUai),
  ],
);

/** When the figures of a school year were last computed, and how long it took. */
export const steeringRefreshes = pgTable('steering_refreshes', {
  schoolYear: text('school_year').primaryKey(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  durationMs: integer('duration_ms').notNull(),
  /** the last refresh of every lycée (the others only recompute the lycées in steering_changes) */
  fullRefreshedAt: timestamp('full_refreshed_at', { withTimezone: true }),
});

/**
 * Lycées whose students' placement facts changed since the last refresh: appended by statement
 * triggers (migration 0014) on students, applications, student_weeks, placement_decisions,
 * conventions and convention_signatories. Append-only, so writers never wait on each other or on
 * a refresh; the refresh recomputes the lycées listed up to the id it read, then deletes those rows.
 */
export const steeringChanges = pgTable('steering_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  schoolUai: text('school_uai').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * History: the day's headline figures of each lycée (src/domain/steering.ts SNAPSHOT_METRICS),
 * rewritten by every refresh of that day, so the last refresh of a day is its snapshot. Trends
 * sum them by day; last year's campaign is compared day for day before its first week.
 */
export const steeringDaily = pgTable(
  'steering_daily',
  {
    schoolYear: text('school_year').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    schoolUai: text('school_uai').notNull(),
    figures: jsonb('figures').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolYear, t.day, t.schoolUai] })],
);

/**
 * Summaries by e-mail (weekly to DSDEN and rectorat accounts, daily to heads in the last month):
 * one row per user and kind once a summary was sent, with the hash of the token of the
 * unsubscribe link carried by every summary.
 */
export const summarySubscriptions = pgTable(
  'summary_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 'weekly' | 'daily' */
    kind: text('kind').notNull(),
    /** sha-256 of the unsubscribe token (the link works without signing in) */
    tokenHash: text('token_hash').notNull().unique(),
    subscribed: boolean('subscribed').notNull().default(true),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
    /** day (Paris) of the last summary, so a job run twice sends once */
    lastSentDay: date('last_sent_day', { mode: 'string' }),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [uniqueIndex('summary_subscriptions_user_kind_idx').on(t.userId, t.kind)],
);
