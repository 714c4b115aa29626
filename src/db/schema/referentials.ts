import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CampaignSettings } from '../../domain/campaign.ts';

export const academies = pgTable('academies', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  regionCode: text('region_code').notNull(),
  regionName: text('region_name').notNull(),
});

export const departements = pgTable('departements', {
  /** "35", "2A", "971" */
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  academyCode: text('academy_code')
    .notNull()
    .references(() => academies.code),
});

/**
 * One row per (commune, postal code, type), as La Poste publishes them. A former commune (COMD)
 * often keeps the INSEE code of the commune nouvelle it joined, hence `type` in the key.
 */
export const communes = pgTable(
  'communes',
  {
    insee: text('insee').notNull(),
    postalCode: text('postal_code').notNull(),
    name: text('name').notNull(),
    /** lower case, accents folded, "saint" spelled out, separators as single spaces */
    searchName: text('search_name').notNull(),
    departementCode: text('departement_code').notNull(),
    regionCode: text('region_code').notNull(),
    /** COM: commune; COMD: former (delegated) commune, attached to parentInsee */
    type: text('type').notNull(),
    parentInsee: text('parent_insee'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    population: integer('population'),
  },
  (t) => [
    primaryKey({ columns: [t.insee, t.postalCode, t.type] }),
    index('communes_postal_code_idx').on(t.postalCode),
    index('communes_search_name_idx').on(t.searchName),
  ],
);

export const bassins = pgTable('bassins', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  academyCode: text('academy_code')
    .notNull()
    .references(() => academies.code),
});

export const circonscriptions = pgTable('circonscriptions', {
  /** stable slug of the name, e.g. "35-bruz" */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  departementCode: text('departement_code')
    .notNull()
    .references(() => departements.code),
  /** UAI of the IEN office, when known */
  officeUai: text('office_uai'),
});

/** Lycées and écoles. */
export const schools = pgTable(
  'schools',
  {
    uai: text('uai').primaryKey(),
    kind: text('kind', { enum: ['lycee', 'ecole'] }).notNull(),
    name: text('name').notNull(),
    isPublic: boolean('is_public').notNull(),
    /** for private schools: "sous contrat d'association", … */
    privateContract: text('private_contract'),
    address: text('address'),
    postalCode: text('postal_code'),
    communeInsee: text('commune_insee'),
    communeName: text('commune_name'),
    departementCode: text('departement_code')
      .notNull()
      .references(() => departements.code),
    academyCode: text('academy_code')
      .notNull()
      .references(() => academies.code),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    email: text('email'),
    agricultural: boolean('agricultural').notNull().default(false),
    /** "REP", "REP+" or null */
    priorityEducation: text('priority_education', { enum: ['REP', 'REP+'] }),
    qpv: boolean('qpv').notNull().default(false),
    bassinCode: text('bassin_code').references(() => bassins.code),
    /** 2de GT students according to the ministry's headcount (lycées) */
    headcount2deGt: integer('headcount_2de_gt'),
    /** pupils (écoles) */
    pupils: integer('pupils'),
    /** level of an école: maternelle, élémentaire, primaire */
    nature: text('nature'),
    circonscriptionId: text('circonscription_id').references(() => circonscriptions.id),
  },
  (t) => [
    index('schools_departement_idx').on(t.departementCode),
    index('schools_academy_idx').on(t.academyCode),
    index('schools_circonscription_idx').on(t.circonscriptionId),
  ],
);

/** Academic services that can host students: DSDEN, rectorat, CIO, IEN offices. */
export const academicServices = pgTable('academic_services', {
  uai: text('uai').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  nature: text('nature'),
  address: text('address'),
  postalCode: text('postal_code'),
  communeName: text('commune_name'),
  departementCode: text('departement_code')
    .notNull()
    .references(() => departements.code),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  email: text('email'),
  circonscriptionId: text('circonscription_id').references(() => circonscriptions.id),
});

export const sectors = pgTable('sectors', {
  /** slug, e.g. "banque-et-assurance" */
  code: text('code').primaryKey(),
  name: text('name').notNull().unique(),
  /** number of offers in the 2025 national records, for reference */
  offers2025: integer('offers_2025').notNull().default(0),
});

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    academyCode: text('academy_code')
      .notNull()
      .references(() => academies.code),
    /** "2026-2027" */
    schoolYear: text('school_year').notNull(),
    week1Start: date('week1_start', { mode: 'string' }).notNull(),
    week1End: date('week1_end', { mode: 'string' }).notNull(),
    week2Start: date('week2_start', { mode: 'string' }).notNull(),
    week2End: date('week2_end', { mode: 'string' }).notNull(),
    hostsOpenOn: date('hosts_open_on', { mode: 'string' }).notNull(),
    studentsOpenOn: date('students_open_on', { mode: 'string' }).notNull(),
    settings: jsonb('settings').$type<CampaignSettings>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('campaigns_academy_year_idx').on(t.academyCode, t.schoolYear)],
);

export const classes = pgTable(
  'classes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolUai: text('school_uai')
      .notNull()
      .references(() => schools.uai),
    schoolYear: text('school_year').notNull(),
    /** the division's name in the school's information system, e.g. "2NDE3" */
    name: text('name').notNull(),
    /** declared size */
    declaredSize: integer('declared_size').notNull(),
  },
  (t) => [uniqueIndex('classes_school_year_name_idx').on(t.schoolUai, t.schoolYear, t.name)],
);

export const students = pgTable(
  'students',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** identifiant national élève, when known */
    ine: text('ine').unique(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    classId: uuid('class_id')
      .notNull()
      .references(() => classes.id),
    schoolUai: text('school_uai')
      .notNull()
      .references(() => schools.uai),
    homeCommuneInsee: text('home_commune_insee'),
    homePostalCode: text('home_postal_code'),
    homeLat: doublePrecision('home_lat'),
    homeLon: doublePrecision('home_lon'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('students_school_idx').on(t.schoolUai), index('students_class_idx').on(t.classId)],
);

export const guardians = pgTable(
  'guardians',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    /** 1 or 2 */
    rank: smallint('rank').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email'),
    phone: text('phone'),
  },
  (t) => [
    uniqueIndex('guardians_student_rank_idx').on(t.studentId, t.rank),
    // a student has one or two legal representatives
    check('guardians_rank_check', sql`${t.rank} in (1, 2)`),
  ],
);
