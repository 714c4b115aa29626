import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  CONVENTION_STATES,
  SIGNATORY_ROLES,
  TEMPLATE_STATUSES,
  type ConventionHostPart,
  type ConventionParties,
  type ConventionSchoolPart,
} from '../../domain/convention.ts';
import { applications, bytea, storedFiles } from './applications.ts';
import { campaigns, students } from './referentials.ts';
import { hosts, offers } from './offers.ts';

/**
 * The wording of the convention, one or more versions per school year. The default template (the
 * project's own words following the official model) is inserted by the code; the rectorat may load
 * its own wording with the same placeholders, preview it and publish it. A convention records the
 * version it uses, and never changes it once validated.
 */
export const conventionTemplates = pgTable(
  'convention_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** null: the platform's default, for every académie */
    academyCode: text('academy_code'),
    schoolYear: text('school_year').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    /** the template source, with {{placeholders}} (domain/convention-template.ts) */
    body: text('body').notNull(),
    sha256: text('sha256').notNull(),
    status: text('status', { enum: TEMPLATE_STATUSES }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('convention_templates_version_idx').on(t.academyCode, t.schoolYear, t.version),
    // at most one published template per académie and year
    uniqueIndex('convention_templates_published_idx')
      .on(sql`coalesce(${t.academyCode}, '')`, t.schoolYear)
      .where(sql`status = 'published'`),
  ],
);

/**
 * One convention per student and host: one per confirmed application (two when the weeks are
 * split). An avenant is a new row amending a signed one (amends_id), which stays intact.
 */
export const conventions = pgTable(
  'conventions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** printed on every page and used by the verification page, e.g. "CS-2026-7K3M-Q9XD" */
    reference: text('reference').notNull().unique(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    hostId: uuid('host_id')
      .notNull()
      .references(() => hosts.id),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    schoolUai: text('school_uai').notNull(),
    /** bit 1 = week 1, bit 2 = week 2 */
    weeks: smallint('weeks').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => conventionTemplates.id),
    status: text('status', { enum: CONVENTION_STATES }).notNull(),
    /** the parties as known at creation (host, school, student): frozen at validation */
    parties: jsonb('parties').$type<ConventionParties>().notNull(),
    hostPart: jsonb('host_part').$type<ConventionHostPart>().notNull(),
    schoolPart: jsonb('school_part').$type<ConventionSchoolPart>().notNull(),
    /** the host (or the school) declared its part complete; cleared by any change of that part */
    hostCompletedAt: timestamp('host_completed_at', { withTimezone: true }),
    schoolCompletedAt: timestamp('school_completed_at', { withTimezone: true }),
    validatedAt: timestamp('validated_at', { withTimezone: true }),
    validatedBy: uuid('validated_by'),
    /** sha-256 of the exact PDF the parties sign, fixed at validation */
    documentSha256: text('document_sha256'),
    /** the PDF the parties sign (rendered once at validation, so every signer sees the same bytes) */
    documentFileId: uuid('document_file_id').references(() => storedFiles.id),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** the final PDF: convention + annexes + evidence page, sealed (PAdES) */
    sealedFileId: uuid('sealed_file_id').references(() => storedFiles.id),
    sealedSha256: text('sealed_sha256'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** an avenant: the signed convention it amends */
    amendsId: uuid('amends_id'),
    amendmentReason: text('amendment_reason'),
    /** the stage took place: days of presence confirmed by the host */
    attendedDays: jsonb('attended_days').$type<string[]>(),
    attestationFileId: uuid('attestation_file_id').references(() => storedFiles.id),
    /** reminders sent to the school for a convention waiting for its validation */
    validationRemindersSent: smallint('validation_reminders_sent').notNull().default(0),
    lastValidationReminderAt: timestamp('last_validation_reminder_at', { withTimezone: true }),
    /** optimistic lock: each change increments it */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('conventions_weeks_check', sql`${t.weeks} in (1, 2, 3)`),
    // one live original convention per application
    uniqueIndex('conventions_application_idx')
      .on(t.applicationId)
      .where(sql`amends_id is null and status <> 'cancelled'`),
    index('conventions_school_idx').on(t.schoolUai, t.status),
    index('conventions_host_idx').on(t.hostId, t.status),
    index('conventions_student_idx').on(t.studentId),
    index('conventions_amends_idx').on(t.amendsId),
  ],
);

/**
 * The parties who sign a validated convention, with the evidence of their signature. Rows are
 * created at validation from the two parts; an edit after validation deletes them (signatures
 * given are cancelled, and the trail keeps them).
 */
export const conventionSignatories = pgTable(
  'convention_signatories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conventionId: uuid('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    role: text('role', { enum: SIGNATORY_ROLES }).notNull(),
    name: text('name').notNull(),
    /** where the one-time code goes (recorded on the convention for that role) */
    email: text('email').notNull(),
    phone: text('phone'),
    /** sha-256 of the personal signing link sent by mail */
    tokenHash: text('token_hash').notNull().unique(),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** 'email_code' (link + code), 'account_code' (signed-in account + code), 'bulk_code' (head, many at once) */
    method: text('method'),
    signerUserId: uuid('signer_user_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** sha-256 of the document signed (equals the convention's document_sha256) */
    documentSha256: text('document_sha256'),
    remindersSent: smallint('reminders_sent').notNull().default(0),
    lastRemindedAt: timestamp('last_reminded_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('convention_signatories_role_idx').on(t.conventionId, t.role),
    index('convention_signatories_waiting_idx')
      .on(t.conventionId)
      .where(sql`signed_at is null`),
  ],
);

/**
 * One-time codes for signing: 6 digits, 10 minutes, 5 attempts. One code may cover many
 * conventions (a head signing a batch); progress of a batch is kept here.
 */
export const signatureChallenges = pgTable(
  'signature_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** the signatory rows this code signs (one, or a head's batch) */
    signatoryIds: uuid('signatory_ids').array().notNull(),
    email: text('email').notNull(),
    /** 'email' or 'sms' */
    channel: text('channel').notNull(),
    codeHash: text('code_hash').notNull(),
    userId: uuid('user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: smallint('attempts').notNull().default(0),
    /** the right code was given */
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** the batch is over (all signed), or the code was replaced */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** how many of the batch are signed */
    done: integer('done').notNull().default(0),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('signature_challenges_email_idx').on(t.email, t.createdAt)],
);

/**
 * The life of each convention, append-only: each entry carries the hash of the previous one of
 * the same convention, so that any edit of history breaks the chain (domain/audit-chain.ts). A
 * trigger refuses updates and deletes.
 */
export const conventionEvents = pgTable(
  'convention_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conventionId: uuid('convention_id').notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('convention_events_seq_idx').on(t.conventionId, t.seq)],
);

/**
 * The platform's sealing certificate in the embedded default: self-signed, generated at first
 * start and shared by every process on the database. Production loads a PKCS#12 from configuration
 * instead (and never writes here).
 */
export const platformCertificates = pgTable('platform_certificates', {
  id: text('id').primaryKey(),
  /** PKCS#12 (private key + certificate), protected by a passphrase derived from the id */
  p12: bytea('p12').notNull(),
  certificatePem: text('certificate_pem').notNull(),
  fingerprint: text('fingerprint').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
