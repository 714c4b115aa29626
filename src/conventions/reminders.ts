/**
 * Reminders of the conventions (issue 6 §8), a pg-boss job (infra/jobs.ts) run every morning:
 * - to each party whose signature is missing on a validated convention: the first one `afterDays`
 *   after the validation, then every `everyDays`, at most `max` (campaign setting
 *   `signatureReminders`, default 3, 3, 5). Each reminder carries a fresh personal link (the
 *   signing links are stored hashed, so a new one replaces the previous one);
 * - to the head and the signature delegates of the lycée, for the conventions complete on both
 *   parts but still waiting for validation, on the same schedule from the later completion.
 * Rows are claimed with FOR UPDATE SKIP LOCKED and counted in the transaction that queues the
 * mails: running the job twice, or in two processes, sends nothing twice.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { SIGNATORY_ROLE_LABELS } from '../domain/convention.ts';
import type { JobDefinition } from '../infra/jobs.ts';
import { queueMail } from '../notifications/service.ts';
import { sha256Hex } from './signing.service.ts';
import {
  claimSignatureReminders,
  claimValidationReminders,
  schoolSigners,
  setTokenHash,
  type ReminderSettings,
} from './signing.store.ts';

export interface RemindersDeps {
  db: Db;
  publicUrl: string;
}

/** When the campaign's settings say nothing. */
export const DEFAULT_SIGNATURE_REMINDERS: ReminderSettings = { afterDays: 3, everyDays: 3, max: 5 };

const BATCH = 100;

/** Mails the parties whose signature is missing; the number of reminders sent. */
export async function remindSignatories(deps: RemindersDeps, now: Date): Promise<{ signatories: number }> {
  let total = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const rows = await claimSignatureReminders(tx, now, DEFAULT_SIGNATURE_REMINDERS, BATCH);
      for (const r of rows) {
        const token = randomBytes(32).toString('base64url');
        await setTokenHash(tx, r.signatory.id, sha256Hex(token));
        await queueMail(tx as unknown as Db, () => now, {
          to: r.signatory.email,
          template: 'signature_reminder',
          data: {
            name: r.signatory.name,
            reference: r.reference,
            studentName: `${r.parties.student.firstName} ${r.parties.student.lastName}`,
            hostName: r.hostName,
            roleLabel: SIGNATORY_ROLE_LABELS[r.signatory.role],
            last: r.signatory.remindersSent >= Number(r.max),
            link: `${deps.publicUrl}/signature/${token}`,
          },
        });
      }
      return rows.length;
    });
    total += n;
    if (n < BATCH) return { signatories: total };
  }
}

/** Mails the lycées about conventions waiting for validation; the number of conventions. */
export async function remindValidations(deps: RemindersDeps, now: Date): Promise<{ validations: number }> {
  let total = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const rows = await claimValidationReminders(tx, now, DEFAULT_SIGNATURE_REMINDERS, BATCH);
      const bySchool = new Map<string, typeof rows>();
      for (const r of rows) bySchool.set(r.schoolUai, [...(bySchool.get(r.schoolUai) ?? []), r]);
      for (const [uai, list] of bySchool) {
        const schoolName = list[0]!.parties.school.name;
        const items = list
          .map((r) => ({
            reference: r.reference,
            studentName: `${r.parties.student.firstName} ${r.parties.student.lastName}`,
            hostName: r.parties.host.name,
          }))
          .sort((a, b) => a.reference.localeCompare(b.reference));
        for (const to of await schoolSigners(tx, uai))
          await queueMail(tx as unknown as Db, () => now, {
            to: to.email,
            template: 'validation_reminder',
            data: {
              name: to.firstName,
              schoolName,
              items,
              link: `${deps.publicUrl}/conventions?step=to_validate`,
            },
          });
      }
      return rows.length;
    });
    total += n;
    if (n < BATCH) return { validations: total };
  }
}

/** The job of the reminders, for infra/jobs.ts. */
export function conventionReminderJobs(deps: RemindersDeps): JobDefinition[] {
  return [
    {
      name: 'conventions-reminders',
      cron: '0 9 * * *',
      tz: 'Europe/Paris',
      handler: async ({ now }) => ({
        ...(await remindSignatories(deps, now)),
        ...(await remindValidations(deps, now)),
      }),
    },
  ];
}
