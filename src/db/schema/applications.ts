import { sql } from 'drizzle-orm';
import {
  check,
  index,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { APPLICATION_STATES, EXEMPTION_REASONS, PLACEMENT_DECISION_KINDS } from '../../domain/application.ts';
import { offers } from './offers.ts';
import { students } from './referentials.ts';

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
    /** reference of the supporting document in storage (certificate, contrat d'études…) */
    documentRef: text('document_ref'),
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
