import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { APPLICATION_STATES, EXEMPTION_REASONS, PLACEMENT_DECISION_KINDS } from '../../domain/application.ts';
import { hosts, offers } from './offers.ts';
import { students } from './referentials.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * Files uploaded by users (a student's CV, the document behind an exemption). Kept in the database
 * so that every server process sharing one PostgreSQL sees them and a backup holds them; the
 * limits (2 MB, PDF checked from its bytes) are enforced before the insert.
 */
export const storedFiles = pgTable(
  'stored_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** what the file is for: 'cv', 'exemption' */
    purpose: text('purpose', { enum: ['cv', 'exemption'] }).notNull(),
    /** the name the user gave it (shown, never used as a path) */
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('stored_files_size_check', sql`${t.size} > 0 and ${t.size} <= 2097152`),
    index('stored_files_uploader_idx').on(t.uploadedBy),
  ],
);

/** A student's application to an offer, for week 1, week 2 or both (DOMAIN.md §5). */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    /** bit 1 = week 1, bit 2 = week 2 (1, 2 or 3) */
    weeks: smallint('weeks').notNull(),
    motivation: text('motivation').notNull(),
    /** the CV sent with the application, if any */
    cvFileId: uuid('cv_file_id').references(() => storedFiles.id, { onDelete: 'set null' }),
    /** 'platform': applied to a published offer; 'off_platform': a stage found by the family (external_stages) */
    origin: text('origin', { enum: ['platform', 'off_platform'] })
      .notNull()
      .default('platform'),
    /** reminders sent to the host before expiry: 0 none, 1 the one at 5 days, 2 also the one at 2 days */
    remindersSent: smallint('reminders_sent').notNull().default(0),
    /** when the host was told of it, by a mail of its own or in the daily digest (null: still to tell) */
    hostNotifiedAt: timestamp('host_notified_at', { withTimezone: true }),
    status: text('status', { enum: APPLICATION_STATES }).notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull(),
    /** when the host first opened it */
    readAt: timestamp('read_at', { withTimezone: true }),
    /** without an answer by then, it expires (campaign setting, 15 days) */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** an accepted application must be confirmed by then (campaign setting, 7 days) */
    confirmBy: timestamp('confirm_by', { withTimezone: true }),
    refusedAt: timestamp('refused_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** withdrawn, cancelled, expired, lapsed, split refused */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** the host's message with its acceptance or refusal */
    hostMessage: text('host_message'),
    /** why the host cancelled, or why the head refused the split */
    cancelReason: text('cancel_reason'),
    decidedBy: uuid('decided_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('applications_weeks_check', sql`${t.weeks} in (1, 2, 3)`),
    // one live application per student and offer
    uniqueIndex('applications_live_idx')
      .on(t.studentId, t.offerId)
      .where(sql`status in ('pending', 'accepted', 'split_pending', 'confirmed')`),
    index('applications_offer_status_idx').on(t.offerId, t.status, t.appliedAt),
    index('applications_student_idx').on(t.studentId),
    // the timed jobs: pending ones by expiry, accepted ones by confirmation deadline
    index('applications_due_idx').on(t.status, t.expiresAt),
    index('applications_digest_idx')
      .on(t.offerId)
      .where(sql`host_notified_at is null`),
  ],
);

/**
 * The weeks a student is placed on (confirmed, or waiting for the head's agreement to a split):
 * the primary key makes two placements of one student on the same week impossible, whatever the
 * concurrency.
 */
export const studentWeeks = pgTable(
  'student_weeks',
  {
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    week: smallint('week').notNull(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.studentId, t.week] }),
    check('student_weeks_week_check', sql`${t.week} in (1, 2)`),
    index('student_weeks_application_idx').on(t.applicationId),
  ],
);

/** A 1 + 1 split with two hosts: the school head approves or refuses the second week. */
export const splitApprovals = pgTable(
  'split_approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .unique()
      .references(() => applications.id, { onDelete: 'cascade' }),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    schoolUai: text('school_uai').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    /** null while waiting */
    decision: text('decision', { enum: ['approved', 'refused'] }),
    reason: text('reason'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('split_approvals_waiting_idx')
      .on(t.schoolUai, t.requestedAt)
      .where(sql`decision is null`),
  ],
);

/** Exemptions (SNU, mobility, STHR, medical: with a document) and repli decisions by the head. */
export const placementDecisions = pgTable(
  'placement_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: PLACEMENT_DECISION_KINDS }).notNull(),
    /** exemptions only */
    reason: text('reason', { enum: EXEMPTION_REASONS }),
    /** the supporting document (certificate, contrat d'études…), required for an exemption */
    documentFileId: uuid('document_file_id').references(() => storedFiles.id),
    /** the head's note (why a repli, what was checked) */
    comment: text('comment'),
    decidedBy: uuid('decided_by').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'placement_decisions_reason_check',
      sql`(${t.kind} = 'exemption' and ${t.reason} is not null) or (${t.kind} = 'repli' and ${t.reason} is null)`,
    ),
    // one decision in force per student
    uniqueIndex('placement_decisions_current_idx')
      .on(t.studentId)
      .where(sql`revoked_at is null`),
  ],
);

/**
 * A stage found outside the platform (family, friends): the student or the school enters the host
 * and its representative's e-mail; the representative receives a one-time link to confirm and
 * complete the host's part. Once confirmed, a private offer (source 'off_platform', never listed
 * in the search) and an accepted application are created, and the placement follows the same path
 * as any other (the student confirms, the places are taken, the convention follows).
 */
export const externalStages = pgTable(
  'external_stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    /** bit 1 = week 1, bit 2 = week 2 */
    weeks: smallint('weeks').notNull(),
    hostName: text('host_name').notNull(),
    siret: text('siret'),
    isPublic: boolean('is_public').notNull().default(false),
    address: text('address').notNull(),
    postalCode: text('postal_code').notNull(),
    communeInsee: text('commune_insee'),
    communeName: text('commune_name').notNull(),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    /** what the student will observe, in the student's or the school's words */
    activities: text('activities'),
    status: text('status', { enum: ['invited', 'confirmed', 'declined', 'cancelled', 'expired'] }).notNull(),
    /** sha-256 of the one-time invitation token sent to the contact */
    tokenHash: text('token_hash').notNull().unique(),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }).notNull(),
    declineReason: text('decline_reason'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    hostId: uuid('host_id').references(() => hosts.id),
    offerId: uuid('offer_id').references(() => offers.id),
    applicationId: uuid('application_id').references(() => applications.id),
  },
  (t) => [
    check('external_stages_weeks_check', sql`${t.weeks} in (1, 2, 3)`),
    index('external_stages_student_idx').on(t.studentId),
  ],
);
