/**
 * The timed work on applications (issue 5 §2, §9), run as pg-boss jobs (infra/jobs.ts), never in a
 * request:
 * - expireDue: an application without an answer expires at its expires_at (15 days, campaign
 *   setting); the student and the host are told;
 * - lapseDue: an acceptance not confirmed by confirm_by closes ("acceptance_lapsed"); the host is
 *   told the place is free again, the student that it is over;
 * - remindHosts: before expiry, one reminder at 5 days and one at 2 days, one mail per host
 *   listing its waiting applications;
 * - sendDigests: the daily digest of the applications a host was not told of one by one (it chose
 *   the digest, or already received 5 mails in 24 hours).
 * Each function takes `now` from the caller's clock, claims its rows with a conditional update
 * (FOR UPDATE SKIP LOCKED), and queues its mails in the same transaction: running it twice, or in
 * two processes at once, sends nothing twice.
 */
import type { Db } from '../db/client.ts';
import { applicationTransition, type ApplicationState } from '../domain/application.ts';
import { reminderHorizon, REMINDER_DAYS } from '../domain/host-notices.ts';
import type { JobDefinition } from '../infra/jobs.ts';
import type { TemplateData, TemplateName } from '../infra/mail/templates.ts';
import { queueMail } from '../notifications/service.ts';
import { hostEmails, offerContactEmail, studentEmails } from './store.ts';
import {
  claimPastDeadline,
  claimReminders,
  claimUnnotified,
  hostsToDigest,
  markDigestSent,
  type DueApplication,
} from './timers.store.ts';

export interface TimersDeps {
  db: Db;
  publicUrl: string;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Rows claimed per transaction; a job loops until nothing is left. */
const BATCH = 100;

function links(deps: TimersDeps) {
  return {
    student: `${deps.publicUrl}/candidatures`,
    host: `${deps.publicUrl}/organisme/candidatures`,
  };
}

/** The state the platform's event leads to, read from the state table (domain/application.ts). */
function platformNext(from: ApplicationState, event: 'expire' | 'acceptance_lapsed'): ApplicationState {
  const t = applicationTransition(from, event, 'platform');
  if (!t.ok) throw new Error(`transition impossible : ${from} → ${event}`);
  return t.next;
}

async function mail<K extends TemplateName>(
  db: Tx,
  now: Date,
  to: { email: string | null; firstName: string | null }[],
  template: K,
  data: (name: string | undefined) => TemplateData[K],
) {
  for (const r of to) {
    if (!r.email) continue;
    await queueMail(db as unknown as Db, () => now, {
      to: r.email,
      template,
      data: data(r.firstName ?? undefined),
    });
  }
}

/**
 * Who hears for a host about some of its applications: its members (each gets them all), or,
 * for a host without members, the contact address of each offer (gets that offer's ones).
 */
async function hostAudiences<T extends { offerId: string }>(
  db: Tx,
  hostId: string,
  items: T[],
): Promise<{ to: { email: string | null; firstName: string | null }[]; items: T[] }[]> {
  const members = await hostEmails(db, hostId);
  if (members.length > 0) return [{ to: members, items }];
  const byContact = new Map<string, T[]>();
  for (const item of items) {
    const contact = await offerContactEmail(db, item.offerId);
    if (!contact) continue;
    const key = contact.trim().toLowerCase();
    byContact.set(key, [...(byContact.get(key) ?? []), item]);
  }
  return [...byContact].map(([email, list]) => ({ to: [{ email, firstName: null }], items: list }));
}

function byHost<T extends { hostId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(r.hostId, [...(out.get(r.hostId) ?? []), r]);
  return out;
}

const studentName = (a: DueApplication) => `${a.studentFirstName} ${a.studentLastName}`;

/** Runs `batch` in transactions until it claims nothing; the number of rows claimed. */
async function drain(deps: TimersDeps, batch: (db: Tx) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deps.db.transaction(batch);
    total += n;
    if (n < BATCH) return total;
  }
}

/** Pending applications past their expiry → expired; the student and the host told. */
export async function expireDue(deps: TimersDeps, now: Date): Promise<{ expired: number }> {
  const to = platformNext('pending', 'expire');
  const expired = await drain(deps, async (db) => {
    const rows = await claimPastDeadline(db, 'expired', now, to, BATCH);
    for (const a of rows) {
      await mail(db, now, await studentEmails(db, a.studentId), 'application_expired', (name) => ({
        name,
        offerTitle: a.offerTitle,
        hostName: a.hostName,
        link: links(deps).student,
      }));
      for (const audience of await hostAudiences(db, a.hostId, [a]))
        await mail(db, now, audience.to, 'application_expired_host', (name) => ({
          name,
          studentName: studentName(a),
          offerTitle: a.offerTitle,
          link: links(deps).host,
        }));
    }
    return rows.length;
  });
  return { expired };
}

/**
 * Accepted applications not confirmed in time → closed (acceptance_lapsed). An acceptance holds
 * no place (the confirmation takes it), so nothing is given back in offer_weeks: the host may
 * accept someone else, and is told so.
 */
export async function lapseDue(deps: TimersDeps, now: Date): Promise<{ lapsed: number }> {
  const to = platformNext('accepted', 'acceptance_lapsed');
  const lapsed = await drain(deps, async (db) => {
    const rows = await claimPastDeadline(db, 'lapsed', now, to, BATCH);
    for (const a of rows) {
      await mail(db, now, await studentEmails(db, a.studentId), 'application_lapsed', (name) => ({
        name,
        offerTitle: a.offerTitle,
        hostName: a.hostName,
        link: links(deps).student,
      }));
      for (const audience of await hostAudiences(db, a.hostId, [a]))
        await mail(db, now, audience.to, 'application_lapsed_host', (name) => ({
          name,
          studentName: studentName(a),
          offerTitle: a.offerTitle,
          link: links(deps).host,
        }));
    }
    return rows.length;
  });
  return { lapsed };
}

/**
 * Reminders to hosts: the one at 2 days first (so that an application found within 2 days with
 * no reminder yet gets only that one), then the one at 5 days; one mail per host and level.
 */
export async function remindHosts(deps: TimersDeps, now: Date): Promise<{ reminded: number; mails: number }> {
  let mails = 0;
  let reminded = 0;
  for (const level of [2, 1] as const) {
    const horizon = reminderHorizon(now, REMINDER_DAYS[level - 1]!);
    reminded += await drain(deps, async (db) => {
      const rows = await claimReminders(db, now, horizon, level, BATCH);
      for (const [hostId, list] of byHost(rows)) {
        for (const audience of await hostAudiences(db, hostId, list)) {
          await mail(db, now, audience.to, 'application_reminder', (name) => ({
            name,
            urgent: level === 2,
            items: audience.items.map((a) => ({
              studentName: studentName(a),
              offerTitle: a.offerTitle,
              expiresAt: a.expiresAt,
            })),
            link: links(deps).host,
          }));
          mails += audience.to.filter((t) => t.email).length;
        }
      }
      return rows.length;
    });
  }
  return { reminded, mails };
}

/**
 * The daily digest: every application not yet told to its host is marked told; each host with
 * some still pending gets one mail (count, per offer, link to its inbox) and its last_digest_at.
 */
export async function sendDigests(
  deps: TimersDeps,
  now: Date,
): Promise<{ hosts: number; applications: number }> {
  let hosts = 0;
  let applications = 0;
  for (const hostId of await hostsToDigest(deps.db)) {
    // one transaction per host: all its untold applications in one mail
    const told = await deps.db.transaction(async (db) => {
      const list = (await claimUnnotified(db, hostId, now)).filter((r) => r.status === 'pending');
      if (list.length === 0) return 0;
      for (const audience of await hostAudiences(db, hostId, list)) {
        const perOffer = new Map<string, { title: string; count: number }>();
        for (const a of audience.items) {
          const o = perOffer.get(a.offerId) ?? { title: a.offerTitle, count: 0 };
          o.count += 1;
          perOffer.set(a.offerId, o);
        }
        await mail(db, now, audience.to, 'host_digest', (name) => ({
          name,
          count: audience.items.length,
          offers: [...perOffer.values()].sort(
            (x, y) => y.count - x.count || x.title.localeCompare(y.title, 'fr'),
          ),
          link: links(deps).host,
        }));
      }
      await markDigestSent(db, [hostId], now);
      return list.length;
    });
    if (told > 0) {
      hosts += 1;
      applications += told;
    }
  }
  return { hosts, applications };
}

/** The jobs of the applications module, for infra/jobs.ts (the handlers take the job's clock). */
export function applicationJobs(deps: TimersDeps): JobDefinition[] {
  return [
    {
      name: 'applications-deadlines',
      // expiries, lapses, then the reminders of what is still pending
      cron: '*/10 * * * *',
      tz: 'Europe/Paris',
      handler: async ({ now }) => ({
        ...(await expireDue(deps, now)),
        ...(await lapseDue(deps, now)),
        ...(await remindHosts(deps, now)),
      }),
    },
    {
      name: 'applications-host-digest',
      cron: '0 7 * * *',
      tz: 'Europe/Paris',
      handler: async ({ now }) => sendDigests(deps, now),
    },
  ];
}
