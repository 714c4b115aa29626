import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { campaigns, sectors } from './referentials.ts';

/** Companies, associations, administrations, public bodies, local authorities. */
export const hosts = pgTable(
  'hosts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** 14 digits; null for a public body without SIRET */
    siret: text('siret').unique(),
    isPublic: boolean('is_public').notNull(),
    /** for public hosts: ministry, local authority, hospital… */
    publicEmployerGroup: text('public_employer_group'),
    nafCode: text('naf_code'),
    address: text('address'),
    postalCode: text('postal_code'),
    communeInsee: text('commune_insee'),
    communeName: text('commune_name'),
    /** applications by one mail a day instead of one mail each (the host's choice; also used past 5 mails in 24 h) */
    dailyDigest: boolean('daily_digest').notNull().default(false),
    lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hosts_name_idx').on(t.name)],
);

export const OFFER_STATUSES = ['draft', 'submitted', 'published', 'full', 'unpublished', 'archived'] as const;
export const OFFER_SOURCES = [
  'host',
  'lycee',
  'ecole',
  'service',
  'partner',
  'import',
  'seed',
  'off_platform',
] as const;

export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    hostId: uuid('host_id')
      .notNull()
      .references(() => hosts.id),
    source: text('source', { enum: OFFER_SOURCES }).notNull(),
    status: text('status', { enum: OFFER_STATUSES }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    activities: text('activities'),
    sectorCode: text('sector_code')
      .notNull()
      .references(() => sectors.code),
    address: text('address'),
    postalCode: text('postal_code'),
    communeInsee: text('commune_insee'),
    communeName: text('commune_name'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    /** how the place was located: "postal_code_name", "postal_code", "name", "manual", "ban" */
    geocodeMethod: text('geocode_method'),
    groupReception: boolean('group_reception').notNull().default(false),
    /** daily hours, Monday–Saturday: [{ day: 1..6, from: "09:00", to: "17:00", breakMinutes: 60 }] */
    hours: jsonb('hours').$type<OfferHours>(),
    lunch: text('lunch'),
    accessible: boolean('accessible').notNull().default(false),
    /** Éducation nationale's own services and lycées */
    educationNationale: boolean('education_nationale').notNull().default(false),
    /** id of the offer in an external system (the 2025 national records for seeded offers) */
    externalRef: text('external_ref'),
    /** students of REP/REP+/QPV lycées see this offer first */
    priorityEducation: boolean('priority_education').notNull().default(false),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    /** the lycée or école that publishes it (school channels) */
    schoolUai: text('school_uai'),
    /** the academic service that hosts (DSDEN and rectorat channel) */
    serviceUai: text('service_uai'),
    createdBy: uuid('created_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** why the IEN returned it, or why moderation unpublished it */
    statusReason: text('status_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /**
     * Kept by triggers on offer_weeks and offer_reservations (migration 0007) for the search's
     * covering index; a bulk writer may set them with the rows, the triggers correct them anyway.
     * weeks: bit 1 = week 1 offered, bit 2 = week 2; weeksLeft: the same for the weeks with places
     * left; placesLeft: places left over the weeks; reserved: reserved to some lycées.
     */
    weeks: smallint('weeks').notNull().default(0),
    weeksLeft: smallint('weeks_left').notNull().default(0),
    placesLeft: integer('places_left').notNull().default(0),
    reserved: boolean('reserved').notNull().default(false),
  },
  (t) => [
    index('offers_campaign_status_idx').on(t.campaignId, t.status),
    index('offers_host_idx').on(t.hostId),
    index('offers_lat_lon_idx').on(t.lat, t.lon),
    index('offers_sector_idx').on(t.sectorCode),
  ],
);

export interface OfferDayHours {
  /** 1 = Monday … 6 = Saturday */
  day: number;
  from: string;
  to: string;
  breakMinutes: number;
}
export type OfferHours = OfferDayHours[];

/** Places per official week. A two-week place uses one place in each week. */
export const offerWeeks = pgTable(
  'offer_weeks',
  {
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    week: smallint('week').notNull(),
    places: integer('places').notNull(),
    /** confirmed students; never above places (enforced by the database) */
    taken: integer('taken').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.offerId, t.week] }),
    check('offer_weeks_week_check', sql`${t.week} in (1, 2)`),
    check('offer_weeks_places_check', sql`${t.places} > 0`),
    check('offer_weeks_taken_check', sql`${t.taken} >= 0 and ${t.taken} <= ${t.places}`),
  ],
);

/** An offer reserved to given lycées is shown only to their students. */
export const offerReservations = pgTable(
  'offer_reservations',
  {
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    schoolUai: text('school_uai').notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.schoolUai] })],
);

export const FLAG_REASONS = ['suspicious', 'inappropriate', 'wrong_address', 'misleading', 'other'] as const;

/** Anyone can flag an offer; flagged offers go to moderation. */
export const offerFlags = pgTable(
  'offer_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: FLAG_REASONS }).notNull(),
    comment: text('comment'),
    reporterUserId: uuid('reporter_user_id'),
    reporterIp: text('reporter_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by'),
    resolution: text('resolution'),
  },
  (t) => [
    index('offer_flags_open_idx')
      .on(t.createdAt)
      .where(sql`resolved_at is null`),
    index('offer_flags_offer_idx').on(t.offerId),
  ],
);
