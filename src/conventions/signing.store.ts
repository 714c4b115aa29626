/**
 * SQL of the signatures: the signatories and their one-time codes (signature_challenges), the
 * convention's row locked while a party signs, the stored PDFs, the rows the reminders claim.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  campaigns,
  conventionSignatories,
  conventionTemplates,
  conventions,
  guardians,
  hosts,
  memberships,
  schools,
  signatureChallenges,
  storedFiles,
  users,
} from '../db/schema/index.ts';
import type { SignatoryRole } from '../domain/convention.ts';
import type { Runner } from './events.store.ts';
import { templateColumns, type ConventionRow, type SignatoryRow } from './store.ts';

export type { Runner } from './events.store.ts';
export type { ConventionRow, SignatoryRow } from './store.ts';
export type ChallengeRow = typeof signatureChallenges.$inferSelect;

/** The platform: author of the generated files (never served by /api/files). */
export const PLATFORM_USER_ID = '00000000-0000-0000-0000-000000000000';

const asDb = (r: Runner) => r as unknown as Db;

/** A signatory with what its page shows of the convention. */
export async function signatoryByTokenHash(db: Runner, tokenHash: string) {
  const [row] = await db
    .select({
      signatory: conventionSignatories,
      conventionId: conventions.id,
      reference: conventions.reference,
      status: conventions.status,
      parties: conventions.parties,
      startDate: conventions.startDate,
      endDate: conventions.endDate,
      documentSha256: conventions.documentSha256,
      hostName: hosts.name,
    })
    .from(conventionSignatories)
    .innerJoin(conventions, eq(conventions.id, conventionSignatories.conventionId))
    .innerJoin(hosts, eq(hosts.id, conventions.hostId))
    .where(eq(conventionSignatories.tokenHash, tokenHash));
  return row;
}

export async function findSignatory(db: Runner, id: string) {
  const [row] = await db.select().from(conventionSignatories).where(eq(conventionSignatories.id, id));
  return row;
}

export async function signatoryOfRole(db: Runner, conventionId: string, role: SignatoryRole) {
  const [row] = await db
    .select()
    .from(conventionSignatories)
    .where(and(eq(conventionSignatories.conventionId, conventionId), eq(conventionSignatories.role, role)));
  return row;
}

export { signatoriesOfConvention as signatoriesOf } from './store.ts';

export { lockConvention } from './store.ts';

export async function findConventionRow(db: Runner, id: string): Promise<ConventionRow | undefined> {
  const [row] = await db.select().from(conventions).where(eq(conventions.id, id));
  return row;
}

/** The convention's names for mails and the sealed document. */
export async function conventionNames(db: Runner, id: string) {
  const [row] = await db
    .select({
      hostName: hosts.name,
      schoolName: schools.name,
      template: templateColumns,
    })
    .from(conventions)
    .innerJoin(hosts, eq(hosts.id, conventions.hostId))
    .innerJoin(schools, eq(schools.uai, conventions.schoolUai))
    .innerJoin(conventionTemplates, eq(conventionTemplates.id, conventions.templateId))
    .where(eq(conventions.id, id));
  return row;
}

// ---- one-time codes ----

/** Closes every live code covering one of these signatories (a new code replaces them). */
export async function closeLiveChallenges(tx: Runner, signatoryIds: readonly string[], now: Date) {
  if (signatoryIds.length === 0) return;
  await tx
    .update(signatureChallenges)
    .set({ closedAt: now })
    .where(
      and(
        isNull(signatureChallenges.closedAt),
        sql`${signatureChallenges.signatoryIds} && ${sql`array[${sql.join(
          signatoryIds.map((id) => sql`${id}`),
          sql`, `,
        )}]::uuid[]`}`,
      ),
    );
}

export async function insertChallenge(tx: Runner, values: typeof signatureChallenges.$inferInsert) {
  const [row] = await tx.insert(signatureChallenges).values(values).returning();
  return row!;
}

export async function lockChallenge(tx: Runner, id: string): Promise<ChallengeRow | undefined> {
  const [row] = await tx
    .select()
    .from(signatureChallenges)
    .where(eq(signatureChallenges.id, id))
    .for('update');
  return row;
}

export async function updateChallenge(
  tx: Runner,
  id: string,
  values: Partial<Pick<ChallengeRow, 'attempts' | 'verifiedAt' | 'closedAt' | 'done'>>,
) {
  await tx.update(signatureChallenges).set(values).where(eq(signatureChallenges.id, id));
}

// ---- signing ----

export async function markSigned(
  tx: Runner,
  signatoryId: string,
  values: Pick<SignatoryRow, 'signedAt' | 'method' | 'signerUserId' | 'ip' | 'userAgent' | 'documentSha256'>,
) {
  const [row] = await tx
    .update(conventionSignatories)
    .set(values)
    .where(and(eq(conventionSignatories.id, signatoryId), isNull(conventionSignatories.signedAt)))
    .returning();
  return row;
}

export async function countUnsigned(tx: Runner, conventionId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(conventionSignatories)
    .where(and(eq(conventionSignatories.conventionId, conventionId), isNull(conventionSignatories.signedAt)));
  return Number(row?.n ?? 0);
}

export async function updateConvention(
  tx: Runner,
  id: string,
  values: Partial<
    Pick<ConventionRow, 'status' | 'signedAt' | 'sealedFileId' | 'sealedSha256' | 'updatedAt' | 'version'>
  >,
) {
  await tx.update(conventions).set(values).where(eq(conventions.id, id));
}

export async function setTokenHash(tx: Runner, signatoryId: string, tokenHash: string) {
  await tx.update(conventionSignatories).set({ tokenHash }).where(eq(conventionSignatories.id, signatoryId));
}

export async function insertGeneratedFile(
  tx: Runner,
  values: { purpose: 'convention_sealed'; fileName: string; bytes: Uint8Array; sha256: string; at: Date },
): Promise<string> {
  const [row] = await tx
    .insert(storedFiles)
    .values({
      purpose: values.purpose,
      fileName: values.fileName,
      mediaType: 'application/pdf',
      size: values.bytes.length,
      sha256: values.sha256,
      content: values.bytes,
      uploadedBy: PLATFORM_USER_ID,
      uploadedAt: values.at,
    })
    .returning({ id: storedFiles.id });
  return row!.id;
}

export async function fileContent(db: Runner, id: string): Promise<Uint8Array | undefined> {
  const [row] = await db
    .select({ content: storedFiles.content })
    .from(storedFiles)
    .where(eq(storedFiles.id, id));
  return row?.content;
}

// ---- accounts ----

export async function userContact(db: Runner, userId: string) {
  const [u] = await db
    .select({ email: users.email, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(eq(users.id, userId));
  return u;
}

/** The ranks (1, 2) a guardian account holds for a student. */
export async function guardianRanks(db: Runner, userId: string, studentId: string): Promise<number[]> {
  const r = await db
    .select({ rank: guardians.rank })
    .from(memberships)
    .innerJoin(guardians, eq(guardians.id, memberships.guardianId))
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.role, 'guardian'),
        eq(guardians.studentId, studentId),
      ),
    );
  return r.map((x) => x.rank);
}

/** The head and the signature delegates of a lycée (validation reminders). */
export async function schoolSigners(db: Runner, uai: string) {
  return db
    .selectDistinct({ email: users.email, firstName: users.firstName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.schoolUai, uai),
        isNull(users.disabledAt),
        sql`(${memberships.role} = 'school_head' or (${memberships.role} = 'school_staff' and ${memberships.signatureDelegate}))`,
      ),
    );
}

// ---- bulk ----

/** How many of these conventions belong to the lycée. */
export async function conventionsOfSchool(db: Runner, uai: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conventions)
    .where(and(inArray(conventions.id, [...ids]), eq(conventions.schoolUai, uai)));
  return Number(row?.n ?? 0);
}

/**
 * The school signatories still to sign among these conventions of the lycée (validated ones),
 * in the order of the references.
 */
export async function bulkCandidates(db: Runner, uai: string, conventionIds: readonly string[]) {
  if (conventionIds.length === 0) return [];
  return db
    .select({
      signatoryId: conventionSignatories.id,
      conventionId: conventions.id,
      reference: conventions.reference,
    })
    .from(conventionSignatories)
    .innerJoin(conventions, eq(conventions.id, conventionSignatories.conventionId))
    .where(
      and(
        inArray(conventions.id, [...conventionIds]),
        eq(conventions.schoolUai, uai),
        eq(conventions.status, 'validated'),
        eq(conventionSignatories.role, 'school'),
        isNull(conventionSignatories.signedAt),
      ),
    )
    .orderBy(asc(conventions.reference));
}

// ---- verification ----

export async function conventionBySealedSha256(db: Runner, sha256: string) {
  const [row] = await db.select().from(conventions).where(eq(conventions.sealedSha256, sha256)).limit(1);
  return row;
}

export async function conventionByReference(db: Runner, reference: string) {
  const [row] = await db.select().from(conventions).where(eq(conventions.reference, reference));
  return row;
}

export async function templateOf(db: Runner, id: string) {
  const [row] = await db
    .select({
      name: conventionTemplates.name,
      version: conventionTemplates.version,
      schoolYear: conventionTemplates.schoolYear,
    })
    .from(conventionTemplates)
    .where(eq(conventionTemplates.id, id));
  return row;
}

// ---- reminders ----

export interface ReminderSettings {
  afterDays: number;
  everyDays: number;
  max: number;
}

/** The campaign's reminder schedule (`signatureReminders` of its settings), each value defaulted, as SQL. */
function reminderSchedule(defaults: ReminderSettings) {
  const settings = sql`coalesce(${campaigns.settings} -> 'signatureReminders', '{}'::jsonb)`;
  return {
    after: sql`coalesce((${settings} ->> 'afterDays')::int, ${defaults.afterDays})`,
    every: sql`coalesce((${settings} ->> 'everyDays')::int, ${defaults.everyDays})`,
    max: sql`coalesce((${settings} ->> 'max')::int, ${defaults.max})`,
  };
}

/**
 * Claims the signatories of validated conventions due for a reminder (first one `afterDays` after
 * the validation, then every `everyDays`, at most `max`), counting it at once: rows locked by
 * another process are skipped, so no reminder goes twice.
 */
export async function claimSignatureReminders(
  tx: Runner,
  now: Date,
  defaults: ReminderSettings,
  limit: number,
) {
  const { after, every, max } = reminderSchedule(defaults);
  const due = await tx
    .select({ id: conventionSignatories.id })
    .from(conventionSignatories)
    .innerJoin(conventions, eq(conventions.id, conventionSignatories.conventionId))
    .innerJoin(campaigns, eq(campaigns.id, conventions.campaignId))
    .where(
      and(
        eq(conventions.status, 'validated'),
        isNull(conventionSignatories.signedAt),
        sql`${conventionSignatories.remindersSent} < ${max}`,
        sql`case when ${conventionSignatories.remindersSent} = 0
              then coalesce(${conventions.validatedAt}, ${conventionSignatories.createdAt}) + make_interval(days => ${after}) <= ${now.toISOString()}::timestamptz
              else ${conventionSignatories.lastRemindedAt} + make_interval(days => ${every}) <= ${now.toISOString()}::timestamptz end`,
      ),
    )
    .orderBy(asc(conventionSignatories.id))
    .limit(limit)
    .for('update', { of: conventionSignatories, skipLocked: true });
  if (due.length === 0) return [];
  const ids = due.map((d) => d.id);
  await tx
    .update(conventionSignatories)
    .set({ remindersSent: sql`${conventionSignatories.remindersSent} + 1`, lastRemindedAt: now })
    .where(inArray(conventionSignatories.id, ids));
  return tx
    .select({
      signatory: conventionSignatories,
      reference: conventions.reference,
      parties: conventions.parties,
      hostName: hosts.name,
      max: sql<number>`${max}`.mapWith(Number),
    })
    .from(conventionSignatories)
    .innerJoin(conventions, eq(conventions.id, conventionSignatories.conventionId))
    .innerJoin(campaigns, eq(campaigns.id, conventions.campaignId))
    .innerJoin(hosts, eq(hosts.id, conventions.hostId))
    .where(inArray(conventionSignatories.id, ids))
    .orderBy(asc(conventionSignatories.id));
}

/**
 * Claims the conventions complete on both parts and waiting for validation, due for a reminder
 * to the school (same schedule as the signatures, from the later of the two completions).
 */
export async function claimValidationReminders(
  tx: Runner,
  now: Date,
  defaults: ReminderSettings,
  limit: number,
) {
  const { after, every, max } = reminderSchedule(defaults);
  const due = await tx
    .select({ id: conventions.id })
    .from(conventions)
    .innerJoin(campaigns, eq(campaigns.id, conventions.campaignId))
    .where(
      and(
        eq(conventions.status, 'completion'),
        sql`${conventions.hostCompletedAt} is not null and ${conventions.schoolCompletedAt} is not null`,
        sql`${conventions.validationRemindersSent} < ${max}`,
        sql`case when ${conventions.validationRemindersSent} = 0
              then greatest(${conventions.hostCompletedAt}, ${conventions.schoolCompletedAt}) + make_interval(days => ${after}) <= ${now.toISOString()}::timestamptz
              else ${conventions.lastValidationReminderAt} + make_interval(days => ${every}) <= ${now.toISOString()}::timestamptz end`,
      ),
    )
    .orderBy(asc(conventions.id))
    .limit(limit)
    .for('update', { of: conventions, skipLocked: true });
  if (due.length === 0) return [];
  const ids = due.map((d) => d.id);
  return asDb(tx)
    .update(conventions)
    .set({
      validationRemindersSent: sql`${conventions.validationRemindersSent} + 1`,
      lastValidationReminderAt: now,
    })
    .where(inArray(conventions.id, ids))
    .returning({
      id: conventions.id,
      reference: conventions.reference,
      schoolUai: conventions.schoolUai,
      parties: conventions.parties,
    });
}
